using Rapport.Features.Channels.Messaging;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.Telegram;

/// <summary>The Bot API's sendMessage (POST /bot{token}/sendMessage); the message is known as chat:message_id, like inbound ones.</summary>
public sealed class TelegramClient(IHttpClientFactory http) : IProviderClient
{
    public MessagingProvider Provider => MessagingProvider.Telegram;

    public async Task<string> SendAsync(ConnectedAccount account, Message message, CancellationToken ct)
    {
        var chat = message.To!.StartsWith("telegram:", StringComparison.Ordinal) ? message.To[9..] : message.To;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{account.ApiBase}/bot{account.ApiSecret}/sendMessage")
        {
            Content = JsonContent.Create(new { chat_id = chat, text = message.Text }),
        };
        using var answer = await ProviderHttp.SendAsync(http.CreateClient(ProviderHttp.ClientName), request, "Telegram", ct);
        var id = ProviderHttp.Text(answer.RootElement, "result", "message_id")
            ?? throw new PermanentDeliveryException("Telegram accepted the message but gave no message_id.");
        return $"{chat}:{id}";
    }

    /// <summary>getMe (GET /bot{token}/getMe), the Bot API's own test of a bot token; also says whether the token is the named bot's.</summary>
    public async Task<string> TestAsync(ConnectedAccount account, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{account.ApiBase}/bot{account.ApiSecret}/getMe");
        using var answer = await ProviderProbe.GetAsync(http.CreateClient(ProviderHttp.ClientName), request, "Telegram", "bot token", "bot token", ct);
        var user = ProviderHttp.Text(answer.RootElement, "result", "username")
            ?? throw new ConnectionTestFailedException("Telegram answered getMe without the bot's user name.");
        return string.Equals(user, account.Address, StringComparison.OrdinalIgnoreCase)
            ? $"Connected to Telegram as @{user}."
            : throw new ConnectionTestFailedException($"The bot token belongs to @{user}, not @{account.Address}: replies would come from another bot.");
    }
}
