using System.Net.Http.Headers;
using System.Text.Json;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.WhatsAppTemplates;

/// <summary>
/// Sends a queued template message. WhatsApp Cloud API: POST /{phone-number-id}/messages with
/// <c>type: "template"</c>, the template's name and language code and one body component holding the parameters as
/// text, bearer token. Twilio WhatsApp: the Messages API form with ContentSid and ContentVariables ({"1": "…"}) instead
/// of Body, basic auth.
/// </summary>
public sealed class TemplateSender(IHttpClientFactory http, PublicUrl publicUrl)
{
    public async Task<string> SendAsync(ConnectedAccount account, Message message, TemplateSend template, CancellationToken ct)
    {
        var parameters = JsonSerializer.Deserialize<List<string>>(template.Parameters) ?? [];
        return account.Provider switch
        {
            MessagingProvider.WhatsApp => await CloudApiAsync(account, message, template, parameters, ct),
            MessagingProvider.Twilio => await TwilioAsync(account, message, template, parameters, ct),
            _ => throw new PermanentDeliveryException($"{account.Provider} does not send WhatsApp templates."),
        };
    }

    private async Task<string> CloudApiAsync(ConnectedAccount account, Message message, TemplateSend template, List<string> parameters, CancellationToken ct)
    {
        var to = message.To!.StartsWith("whatsapp:", StringComparison.Ordinal) ? message.To[9..] : message.To.TrimStart('+');
        object[] components = parameters.Count == 0 ? [] : [new { type = "body", parameters = parameters.Select(p => new { type = "text", text = p }).ToArray() }];
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{account.ApiBase}/{account.Address}/messages")
        {
            Content = JsonContent.Create(new
            {
                messaging_product = "whatsapp",
                recipient_type = "individual",
                to,
                type = "template",
                template = new { name = template.Name, language = new { code = template.Language }, components },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiSecret);
        using var answer = await ProviderHttp.SendAsync(http.CreateClient(ProviderHttp.ClientName), request, "WhatsApp", ct);
        return answer.RootElement.TryGetProperty("messages", out var messages) && messages.GetArrayLength() > 0
            && ProviderHttp.Text(messages[0], "id") is { } id ? id
            : throw new PermanentDeliveryException("WhatsApp accepted the template message but gave no id.");
    }

    private async Task<string> TwilioAsync(ConnectedAccount account, Message message, TemplateSend template, List<string> parameters, CancellationToken ct)
    {
        if (template.ContentSid is null)
        {
            throw new PermanentDeliveryException($"The template {template.Name} has no Twilio ContentSid, so Twilio cannot send it.");
        }

        var form = new Dictionary<string, string>
        {
            ["To"] = "whatsapp:" + message.To,
            ["From"] = "whatsapp:" + account.Address,
            ["ContentSid"] = template.ContentSid,
        };
        if (parameters.Count > 0)
        {
            form["ContentVariables"] = JsonSerializer.Serialize(parameters.Select((p, i) => (Key: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), p))
                .ToDictionary(v => v.Key, v => v.p));
        }

        if (publicUrl.IsConfigured)
        {
            form["StatusCallback"] = publicUrl.For("/webhooks/twilio/sms-status");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{account.ApiBase}/2010-04-01/Accounts/{account.AccountId}/Messages.json")
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = Twilio.TwilioClient.Basic(account);
        using var answer = await ProviderHttp.SendAsync(http.CreateClient(ProviderHttp.ClientName), request, "Twilio", ct);
        return ProviderHttp.Text(answer.RootElement, "sid") ?? throw new PermanentDeliveryException("Twilio accepted the message but gave no sid.");
    }
}
