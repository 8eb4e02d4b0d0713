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
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account.AccountId}:{account.WebhookSecret}")));
        using var answer = await ProviderHttp.SendAsync(http.CreateClient(ProviderHttp.ClientName), request, "Twilio", ct);
        return ProviderHttp.Text(answer.RootElement, "sid") ?? throw new PermanentDeliveryException("Twilio accepted the message but gave no sid.");
    }
}
