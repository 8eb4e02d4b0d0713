using System.Text.Json;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;
using static Rapport.Features.Channels.Messaging.JsonFields;

namespace Rapport.Features.Channels.Telegram;

/// <summary>
/// Telegram bot updates. Telegram signs nothing; it sends the secret_token given to setWebhook in a header. A message is
/// known by chat and message id; an edited_message replaces the text of the message it edits (kept as a revision).
/// </summary>
public static class TelegramWebhooks
{
    public static readonly string[] Paths = ["/webhooks/telegram"];

    public static void Map(RouteGroupBuilder webhooks) =>
        webhooks.MapPost("/telegram", (HttpContext http, WebhookReceiver receiver) =>
            receiver.ReceiveAsync(http, MessagingProvider.Telegram, Authentic, Parse, TypedResults.Ok()));

    private static bool Authentic(ConnectedAccount account, WebhookRequest request) =>
        account.WebhookSecret is { } secret && TelegramSecret.IsValid(secret, request.Header("X-Telegram-Bot-Api-Secret-Token"));

    private static WebhookBatch Parse(ConnectedAccount account, WebhookRequest request)
    {
        using var json = JsonDocument.Parse(request.Body);
        var update = json.RootElement;
        var edited = update.TryGetProperty("edited_message", out var editedMessage);
        if (!edited && !update.TryGetProperty("message", out editedMessage))
        {
            // Channel posts, callback queries, membership changes: nothing a customer said to the organisation.
            return WebhookBatch.Empty;
        }

        var message = editedMessage;
        var chat = message.TryGetProperty("chat", out var c) && c.TryGetProperty("id", out var chatId) ? chatId.GetRawText()
            : throw new InvalidInputException("message.chat.id", "A Telegram message names its chat.");
        var messageId = message.TryGetProperty("message_id", out var m) ? m.GetRawText()
            : throw new InvalidInputException("message.message_id", "A Telegram message has a message_id.");
        var from = message.TryGetProperty("from", out var f) ? f : c;
        if (from.TryGetProperty("is_bot", out var bot) && bot.ValueKind == JsonValueKind.True)
        {
            return WebhookBatch.Empty;
        }

        var name = string.Join(' ', new[] { Text(from, "first_name"), Text(from, "last_name") }.Where(n => n is not null));
        var id = $"{chat}:{messageId}";
        var sentAt = message.TryGetProperty("date", out var date) && date.TryGetInt64(out var unix) ? DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime : (DateTime?)null;
        var media = Media(account, message);
        var text = Text(message, "text") ?? Text(message, "caption")
            ?? (media is null ? $"[{Kind(message)} sent on Telegram; not shown here]" : $"({Kind(message)} sent on Telegram)");
        var editDate = message.TryGetProperty("edit_date", out var e) ? e.GetRawText() : "0";
        return new WebhookBatch([new InboundMessage(Channel.Telegram, edited ? $"{id}#edit:{editDate}" : id,
            new InboundSender(Handle: from.TryGetProperty("id", out var fromId) ? fromId.GetRawText() : chat, Network: "telegram", Name: name.Length == 0 ? Text(from, "username") : name),
            text, To: account.Address, SentAt: sentAt, Edits: edited ? id : null, Attachments: media is null ? null : [media])], []);
    }

    /// <summary>
    /// A photo (the largest size Telegram offers), document, voice note, video, audio, animation or sticker: listed as an
    /// attachment and fetched later by its file_id (getFile, then the file path).
    /// </summary>
    private static InboundAttachment? Media(ConnectedAccount account, JsonElement message)
    {
        foreach (var kind in FileKinds)
        {
            if (!message.TryGetProperty(kind, out var file))
            {
                continue;
            }

            if (file.ValueKind == JsonValueKind.Array)
            {
                file = file.EnumerateArray().LastOrDefault();
            }

            if (file.ValueKind == JsonValueKind.Object && Text(file, "file_id") is { } fileId)
            {
                return ProviderMedia.Pending(account, fileId, Text(file, "mime_type") ?? (kind == "photo" ? "image/jpeg" : null), Text(file, "file_name"), kind, 1);
            }
        }

        return null;
    }

    private static readonly string[] FileKinds = ["photo", "document", "voice", "video", "audio", "animation", "video_note", "sticker"];

    private static readonly string[] Kinds = ["photo", "document", "voice", "video", "sticker", "location", "contact", "audio"];

    private static string Kind(JsonElement message) =>
        Kinds.FirstOrDefault(k => message.TryGetProperty(k, out _)) ?? "a message";
}
