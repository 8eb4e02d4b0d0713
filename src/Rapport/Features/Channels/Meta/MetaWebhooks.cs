using System.Text.Json;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;
using static Rapport.Features.Channels.Messaging.JsonFields;

namespace Rapport.Features.Channels.Meta;

/// <summary>
/// Meta's webhooks for the WhatsApp Business Cloud API and Messenger: a GET handshake that echoes the challenge when the
/// verify token matches, and POSTed notifications signed with the app secret over the raw body (X-Hub-Signature-256).
/// </summary>
public static class MetaWebhooks
{
    public static readonly string[] WhatsAppPaths = ["/webhooks/whatsapp"];
    public static readonly string[] MessengerPaths = ["/webhooks/messenger"];

    public static void Map(RouteGroupBuilder webhooks)
    {
        foreach (var (path, provider) in new[] { ("/whatsapp", MessagingProvider.WhatsApp), ("/messenger", MessagingProvider.Messenger) })
        {
            webhooks.MapGet(path, (HttpContext http, ChannelAccountDirectory directory, ILoggerFactory logs) => VerifyAsync(http, provider, directory, logs));
            webhooks.MapPost(path, (HttpContext http, WebhookReceiver receiver) =>
                receiver.ReceiveAsync(http, provider, Authentic, provider == MessagingProvider.WhatsApp ? WhatsApp : Messenger, TypedResults.Ok()));
        }
    }

    /// <summary>The subscription handshake: the challenge as the whole plain-text body, or 403.</summary>
    private static async Task<IResult> VerifyAsync(HttpContext http, MessagingProvider provider, ChannelAccountDirectory directory, ILoggerFactory logs)
    {
        var q = http.Request.Query;
        foreach (var account in await directory.ForAsync(provider, http.RequestAborted))
        {
            if (account.VerifyToken is { } token && MetaSignature.Challenge(q["hub.mode"], q["hub.verify_token"], q["hub.challenge"], token) is { } challenge)
            {
                return TypedResults.Text(challenge, "text/plain");
            }
        }

        logs.CreateLogger(typeof(MetaWebhooks)).LogWarning("Security: refused a {Provider} subscription handshake: mode or verify token does not match", provider);
        return TypedResults.Problem(title: "The verify token does not match.", statusCode: StatusCodes.Status403Forbidden,
            type: "https://rapport.dev/problems/webhook-signature");
    }

    private static bool Authentic(ConnectedAccount account, WebhookRequest request) =>
        account.WebhookSecret is { } secret && MetaSignature.IsValid(secret, request.Body, request.Header("X-Hub-Signature-256"), request.Header("X-Hub-Signature"));

    private static WebhookBatch WhatsApp(ConnectedAccount account, WebhookRequest request)
    {
        using var json = JsonDocument.Parse(request.Body);
        var messages = new List<InboundMessage>();
        var reports = new List<DeliveryReport>();
        foreach (var change in Array(json.RootElement, "entry").SelectMany(e => Array(e, "changes")))
        {
            if (!change.TryGetProperty("value", out var value))
            {
                continue;
            }

            var names = Array(value, "contacts").ToDictionary(c => Text(c, "wa_id") ?? Text(c, "user_id") ?? "",
                c => c.TryGetProperty("profile", out var p) ? Text(p, "name") : null);
            var to = value.TryGetProperty("metadata", out var meta) ? Text(meta, "phone_number_id") : null;
            foreach (var m in Array(value, "messages"))
            {
                var id = Text(m, "id") ?? throw new InvalidInputException("entry.changes.value.messages.id", "A WhatsApp message has an id.");
                var phone = Text(m, "from");
                var userId = Text(m, "from_user_id");
                var sender = phone is not null
                    ? new InboundSender(Phone: "+" + phone.TrimStart('+'), Name: names.GetValueOrDefault(phone))
                    : new InboundSender(Handle: userId ?? throw new InvalidInputException("entry.changes.value.messages.from", "A WhatsApp message names its sender."),
                        Network: "whatsapp", Name: names.GetValueOrDefault(userId) ?? names.GetValueOrDefault(""));
                var media = WhatsAppMedia(account, m);
                messages.Add(new InboundMessage(Channel.WhatsApp, id, sender, Body(m), To: to, SentAt: Unix(Text(m, "timestamp")),
                    Attachments: media is null ? null : [media]));
            }

            foreach (var s in Array(value, "statuses"))
            {
                var id = Text(s, "id");
                DeliveryState? state = Text(s, "status") switch
                {
                    "sent" => DeliveryState.Sent,
                    "delivered" => DeliveryState.Delivered,
                    "read" => DeliveryState.Read,
                    "failed" => DeliveryState.Failed,
                    _ => null,
                };
                if (id is null || state is null)
                {
                    continue;
                }

                var error = Array(s, "errors").FirstOrDefault();
                var code = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) ? c.GetRawText() : null;
                reports.Add(new DeliveryReport(id, state.Value, code,
                    state == DeliveryState.Failed ? ProviderErrors.Explain(MessagingProvider.WhatsApp, code) ?? (error.ValueKind == JsonValueKind.Object ? Text(error, "title") : null) : null));
            }
        }

        return new WebhookBatch(messages, reports);
    }

    private static WebhookBatch Messenger(ConnectedAccount account, WebhookRequest request)
    {
        using var json = JsonDocument.Parse(request.Body);
        var messages = new List<InboundMessage>();
        var reports = new List<DeliveryReport>();
        foreach (var e in Array(json.RootElement, "entry").SelectMany(e => Array(e, "messaging")))
        {
            var sender = e.TryGetProperty("sender", out var s) ? Text(s, "id") : null;
            if (e.TryGetProperty("message", out var m))
            {
                // The page's own replies come back as echoes: they are not the customer speaking.
                if (m.TryGetProperty("is_echo", out var echo) && echo.ValueKind == JsonValueKind.True)
                {
                    continue;
                }

                var id = Text(m, "mid") ?? throw new InvalidInputException("entry.messaging.message.mid", "A Messenger message has a mid.");
                var media = MessengerMedia(account, m);
                messages.Add(new InboundMessage(Channel.Messenger, id,
                    new InboundSender(Handle: sender ?? throw new InvalidInputException("entry.messaging.sender.id", "A Messenger message names its sender."), Network: "messenger"),
                    Text(m, "text") ?? Attachments(m, media.Count), To: account.Address,
                    SentAt: e.TryGetProperty("timestamp", out var t) && t.TryGetInt64(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime : null,
                    Attachments: media.Count == 0 ? null : media));
            }
            else if (e.TryGetProperty("delivery", out var delivery))
            {
                reports.AddRange(Array(delivery, "mids").Select(mid => mid.GetString()).OfType<string>().Select(mid => new DeliveryReport(mid, DeliveryState.Delivered)));
            }
        }

        return new WebhookBatch(messages, reports);
    }

    private static string Body(JsonElement m)
    {
        var type = Text(m, "type") ?? "text";
        if (type == "text" && m.TryGetProperty("text", out var t) && Text(t, "body") is { } body)
        {
            return body;
        }

        if (m.TryGetProperty(type, out var media) && media.ValueKind == JsonValueKind.Object && Text(media, "id") is not null)
        {
            return Text(media, "caption") ?? $"({type} sent on WhatsApp)";
        }

        return $"[{type} message sent on WhatsApp; not shown here]";
    }

    /// <summary>An image, video, audio, voice note, document or sticker: listed as an attachment, fetched by its media id later.</summary>
    private static InboundAttachment? WhatsAppMedia(ConnectedAccount account, JsonElement m)
    {
        var type = Text(m, "type") ?? "text";
        return type != "text" && m.TryGetProperty(type, out var media) && media.ValueKind == JsonValueKind.Object && Text(media, "id") is { } mediaId
            ? ProviderMedia.Pending(account, mediaId, Text(media, "mime_type"), Text(media, "filename"), type, 1)
            : null;
    }

    /// <summary>Messenger's attachments with a payload URL (images, video, audio, files); a location or a template has none.</summary>
    private static List<InboundAttachment> MessengerMedia(ConnectedAccount account, JsonElement m) =>
        Array(m, "attachments")
            .Select((a, i) => (Type: Text(a, "type") ?? "file", Url: a.TryGetProperty("payload", out var p) ? Text(p, "url") : null, Index: i + 1))
            .Where(a => a.Url is not null)
            .Select(a => ProviderMedia.Pending(account, a.Url!, null, null, a.Type, a.Index))
            .ToList();

    private static string Attachments(JsonElement m, int fetched) =>
        fetched > 0 ? ProviderMedia.Described(fetched, "Messenger")
        : string.Join('\n', Array(m, "attachments").Select(a => $"[{Text(a, "type") ?? "attachment"} sent on Messenger; not shown here]"))
            is { Length: > 0 } listed ? listed : "[message without text sent on Messenger]";

    private static DateTime? Unix(string? seconds) =>
        long.TryParse(seconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s)
            ? DateTimeOffset.FromUnixTimeSeconds(s).UtcDateTime : null;
}
