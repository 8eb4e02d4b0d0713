using System.Net.Http.Headers;
using System.Text;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.Twilio;

/// <summary>Twilio's Messages API: a form POST with HTTP Basic auth (Account SID, auth token); the answer's sid is the message's id.</summary>
public sealed class TwilioClient(IHttpClientFactory http, PublicUrl publicUrl) : IProviderClient
{
    public MessagingProvider Provider => MessagingProvider.Twilio;

    public async Task<string> SendAsync(ConnectedAccount account, Message message, CancellationToken ct)
    {
        var prefix = message.Channel == Channel.WhatsApp ? "whatsapp:" : "";
        var form = new Dictionary<string, string>
        {
            ["To"] = prefix + message.To,
            ["From"] = prefix + account.Address,
            ["Body"] = message.Text,
        };
        if (publicUrl.IsConfigured)
        {
            form["StatusCallback"] = publicUrl.For("/webhooks/twilio/sms-status");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{account.ApiBase}/2010-04-01/Accounts/{account.AccountId}/Messages.json")
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = Basic(account);
        using var answer = await ProviderHttp.SendAsync(http.CreateClient(ProviderHttp.ClientName), request, "Twilio", ct);
        return ProviderHttp.Text(answer.RootElement, "sid") ?? throw new PermanentDeliveryException("Twilio accepted the message but gave no sid.");
    }

    /// <summary>Fetches the account (GET /2010-04-01/Accounts/{AccountSid}.json): the SID and auth token work, and the account is active.</summary>
    public async Task<string> TestAsync(ConnectedAccount account, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{account.ApiBase}/2010-04-01/Accounts/{account.AccountId}.json");
        request.Headers.Authorization = Basic(account);
        using var answer = await ProviderProbe.GetAsync(http.CreateClient(ProviderHttp.ClientName), request, "Twilio", "Account SID and auth token",
            "Account SID", ct);
        var name = ProviderHttp.Text(answer.RootElement, "friendly_name") ?? account.AccountId;
        var status = ProviderHttp.Text(answer.RootElement, "status");
        return status is null or "active"
            ? $"Connected to the Twilio account “{name}”."
            : throw new ConnectionTestFailedException($"The Twilio account “{name}” is {status}: Twilio sends nothing from it until it is active again.");
    }

    /// <summary>Twilio's HTTP Basic auth: the Account SID and the auth token.</summary>
    public static AuthenticationHeaderValue Basic(ConnectedAccount account) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account.AccountId}:{account.WebhookSecret}")));
}
