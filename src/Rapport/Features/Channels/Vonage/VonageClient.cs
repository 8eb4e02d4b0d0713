using Rapport.Features.Channels.Messaging;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.Vonage;

/// <summary>
/// Vonage's SMS API (POST /sms/json, form with api_key and api_secret). It answers 200 even when it refuses, with a
/// status per part: 0 is accepted, 1 is throttled (retry), anything else is a refusal with its error-text.
/// </summary>
public sealed class VonageClient(IHttpClientFactory http) : IProviderClient
{
    public MessagingProvider Provider => MessagingProvider.Vonage;

    public async Task<string> SendAsync(ConnectedAccount account, Message message, CancellationToken ct)
    {
        var form = new Dictionary<string, string>
        {
            ["api_key"] = account.AccountId ?? "",
            ["api_secret"] = account.ApiSecret ?? "",
            ["from"] = account.Address.TrimStart('+'),
            ["to"] = message.To!.TrimStart('+'),
            ["text"] = message.Text,
        };
        if (SmsSegments.Of(message.Text).Encoding == SmsEncoding.Ucs2)
        {
            form["type"] = "unicode";
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{account.ApiBase}/sms/json") { Content = new FormUrlEncodedContent(form) };
        using var answer = await ProviderHttp.SendAsync(http.CreateClient(ProviderHttp.ClientName), request, "Vonage", ct);
        var first = answer.RootElement.TryGetProperty("messages", out var parts) && parts.GetArrayLength() > 0 ? parts[0]
            : throw new PermanentDeliveryException("Vonage answered without a message status.");
        var status = ProviderHttp.Text(first, "status");
        return status switch
        {
            "0" => ProviderHttp.Text(first, "message-id") ?? throw new PermanentDeliveryException("Vonage accepted the message but gave no message-id."),
            "1" => throw new HttpRequestException("Vonage throttled the message; will retry."),
            _ => throw new PermanentDeliveryException($"Vonage refused the message (status {status}): {ProviderHttp.Text(first, "error-text")}"),
        };
    }

    private static string Euros(decimal value) => value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads the balance (GET /account/get-balance, HTTP Basic with API key and secret): the credentials work and there is credit to send with.</summary>
    public async Task<string> TestAsync(ConnectedAccount account, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{account.ApiBase}/account/get-balance");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{account.AccountId}:{account.ApiSecret}")));
        using var answer = await ProviderProbe.GetAsync(http.CreateClient(ProviderHttp.ClientName), request, "Vonage", "API key and API secret", "API key", ct);
        var value = answer.RootElement.TryGetProperty("value", out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number ? v.GetDecimal() : (decimal?)null;
        return value switch
        {
            null => "Connected to Vonage.",
            <= 0 => throw new ConnectionTestFailedException($"The Vonage account's balance is €{Euros(value.Value)}: Vonage sends nothing until it is topped up."),
            _ => $"Connected to Vonage; the balance is €{Euros(value.Value)}.",
        };
    }
}
