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
}
