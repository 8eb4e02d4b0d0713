using System.Net.Http.Headers;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.Meta;

/// <summary>
/// Meta's Graph API: WhatsApp Cloud API messages (POST /{phone-number-id}/messages) and the Messenger Send API
/// (POST /{page-id}/messages), each with the account's access token as a bearer token.
/// </summary>
public sealed class WhatsAppClient(IHttpClientFactory http) : IProviderClient
{
    public MessagingProvider Provider => MessagingProvider.WhatsApp;

    public async Task<string> SendAsync(ConnectedAccount account, Message message, CancellationToken ct)
    {
        // A phone number goes as digits; a user who hides theirs is addressed by the business-scoped id.
        var to = message.To!.StartsWith("whatsapp:", StringComparison.Ordinal) ? message.To[9..] : message.To.TrimStart('+');
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{account.ApiBase}/{account.Address}/messages")
        {
            Content = JsonContent.Create(new
            {
                messaging_product = "whatsapp",
                recipient_type = "individual",
                to,
                type = "text",
                text = new { preview_url = false, body = message.Text },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiSecret);
        using var answer = await ProviderHttp.SendAsync(http.CreateClient(ProviderHttp.ClientName), request, "WhatsApp", ct);
        return answer.RootElement.TryGetProperty("messages", out var messages) && messages.GetArrayLength() > 0
            && ProviderHttp.Text(messages[0], "id") is { } id ? id
            : throw new PermanentDeliveryException("WhatsApp accepted the message but gave no id.");
    }

    /// <summary>Reads the phone number (GET /{phone-number-id}?fields=…): the access token may use it, and its quality rating.</summary>
    public async Task<string> TestAsync(ConnectedAccount account, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{account.ApiBase}/{account.Address}?fields=display_phone_number,verified_name,quality_rating");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiSecret);
        using var answer = await ProviderProbe.GetAsync(http.CreateClient(ProviderHttp.ClientName), request, "WhatsApp", "access token", "phone-number id", ct);
        var number = ProviderHttp.Text(answer.RootElement, "display_phone_number") ?? account.Address;
        var name = ProviderHttp.Text(answer.RootElement, "verified_name");
        var quality = ProviderHttp.Text(answer.RootElement, "quality_rating");
        return $"Connected to the WhatsApp number {number}{(name is null ? "" : $" ({name})")}"
            + (quality is "RED" ? ". Its quality rating is red: WhatsApp may soon limit what it sends." : quality is null ? "." : $", quality rating {quality.ToLowerInvariant()}.");
    }
}

public sealed class MessengerClient(IHttpClientFactory http) : IProviderClient
{
    public MessagingProvider Provider => MessagingProvider.Messenger;

    public async Task<string> SendAsync(ConnectedAccount account, Message message, CancellationToken ct)
    {
        var psid = message.To!.StartsWith("messenger:", StringComparison.Ordinal) ? message.To[10..] : message.To;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{account.ApiBase}/{account.Address}/messages")
        {
            Content = JsonContent.Create(new { recipient = new { id = psid }, messaging_type = "RESPONSE", message = new { text = message.Text } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiSecret);
        using var answer = await ProviderHttp.SendAsync(http.CreateClient(ProviderHttp.ClientName), request, "Messenger", ct);
        return ProviderHttp.Text(answer.RootElement, "message_id") ?? throw new PermanentDeliveryException("Messenger accepted the message but gave no message_id.");
    }

    /// <summary>Reads the page (GET /{page-id}?fields=name) with the page access token.</summary>
    public async Task<string> TestAsync(ConnectedAccount account, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{account.ApiBase}/{account.Address}?fields=name");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiSecret);
        using var answer = await ProviderProbe.GetAsync(http.CreateClient(ProviderHttp.ClientName), request, "Messenger", "page access token", "page id", ct);
        return $"Connected to the Facebook page “{ProviderHttp.Text(answer.RootElement, "name") ?? account.Address}”.";
    }
}
