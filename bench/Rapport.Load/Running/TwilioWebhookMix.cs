using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;

namespace Rapport.Load.Running;

/// <summary>
/// The webhook scenario: inbound SMS as Twilio delivers them (form-encoded, signed with X-Twilio-Signature over the URL
/// and the sorted parameters), so the figure includes the signature check and the account lookup in front of the same
/// ingestion pipeline as <c>POST /inbound-messages</c>. Each worker texts from 50 numbers of its own: the first message
/// from a number makes a new customer, later ones are a returning customer's, as on a real SMS line.
/// </summary>
internal sealed class TwilioWebhookMix(Uri baseUrl, string runId)
{
    public const string Path = "/webhooks/twilio/sms";
    public const string AccountNumber = "+447700900999";
    private const int NumbersPerWorker = 50;

    // A bench-only account: the token signs the requests this tool sends and is not a secret anywhere else.
    private const string AccountSid = "ACbe0c4bbe0c4bbe0c4bbe0c4bbe0c4bbe";
    private const string AuthToken = "bench-twilio-auth-token-0123456789";

    private static readonly string[] Texts =
    [
        "Hi, is my table for 4 at 7pm still booked for tonight?",
        "Can I change my pickup time to 10:30 tomorrow? Thanks",
        "The room key isn't working, we're at the lift on floor 3",
        "Thanks for sorting the refund so quickly!",
        "What time does the shuttle leave for the airport?",
    ];

    private readonly string url = baseUrl.GetLeftPart(UriPartial.Authority) + Path;

    /// <summary>Connects the bench's Twilio account (an administrator's token); an earlier run's account is reused.</summary>
    public static async Task ConnectAsync(HttpClient admin, CancellationToken ct)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/channel-accounts", new
        {
            name = "Bench Twilio SMS",
            provider = "twilio",
            address = AccountNumber,
            accountId = AccountSid,
            webhookSecret = AuthToken,
        }, ct);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException(
                $"Connecting the bench's Twilio account answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}. The webhook scenario needs an administrator's token.");
        }
    }

    public async Task<Outcome> SendAsync(HttpClient http, Random random, int worker, long n, CancellationToken ct)
    {
        var from = string.Create(CultureInfo.InvariantCulture, $"+4474{worker % 1000:000}{random.Next(NumbersPerWorker):00000}");
        var form = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccountSid"] = AccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["Body"] = Texts[random.Next(Texts.Length)],
            ["From"] = from,
            ["MessageSid"] = string.Create(CultureInfo.InvariantCulture, $"SM{runId}{worker:0000}{n:0000000000000000000000}"),
            ["NumMedia"] = "0",
            ["NumSegments"] = "1",
            ["SmsStatus"] = "received",
            ["To"] = AccountNumber,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", Sign(form));
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return response.StatusCode == HttpStatusCode.OK && body.Contains("<Response>", StringComparison.Ordinal)
            ? Outcome.Expected("webhook-twilio-sms", 200)
            : Outcome.Unexpected("webhook-twilio-sms", ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "Twilio's protocol fixes HMAC-SHA1; the bench signs as Twilio does.")]
    private string Sign(SortedDictionary<string, string> form)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in form)
        {
            data.Append(name).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(AuthToken), Encoding.UTF8.GetBytes(data.ToString())));
    }
}
