using System.Globalization;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Channels.Telephone;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Channels.Twilio;

/// <summary>
/// Twilio's webhooks: inbound SMS/MMS (and WhatsApp through Twilio), message status callbacks, voice call status and
/// recording status. Every request is signed with the account's auth token over the exact URL and the sorted form.
/// </summary>
public static class TwilioWebhooks
{
    /// <summary>An empty TwiML answer: Twilio reads a 2xx with XML as "received, nothing to say".</summary>
    private static readonly IResult Ok = TypedResults.Text("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>", "text/xml");

    public static readonly string[] Paths = ["/webhooks/twilio/sms", "/webhooks/twilio/sms-status", "/webhooks/twilio/voice-status", "/webhooks/twilio/recording-status"];

    public static void Map(RouteGroupBuilder webhooks)
    {
        webhooks.MapPost("/twilio/sms", (HttpContext http, WebhookReceiver receiver) =>
            receiver.ReceiveAsync(http, MessagingProvider.Twilio, Authentic, Inbound, Ok));
        webhooks.MapPost("/twilio/sms-status", (HttpContext http, WebhookReceiver receiver) =>
            receiver.ReceiveAsync(http, MessagingProvider.Twilio, Authentic, Status, Ok));
        webhooks.MapPost("/twilio/voice-status", (HttpContext http, WebhookReceiver receiver, ProviderCalls calls, InboundPreparationFactory preparation) =>
            receiver.ReceiveAsync(http, MessagingProvider.Twilio, Authentic, (a, r, ct) => CallAsync(calls, preparation, r, ct), Ok));
        webhooks.MapPost("/twilio/recording-status", (HttpContext http, WebhookReceiver receiver, ProviderCalls calls, InboundPreparationFactory preparation) =>
            receiver.ReceiveAsync(http, MessagingProvider.Twilio, Authentic, (a, r, ct) => RecordingAsync(calls, preparation, a, r, ct), Ok));
    }

    private static bool Authentic(ConnectedAccount account, WebhookRequest request) =>
        account.WebhookSecret is { } token && (request.Query.ContainsKey("bodySHA256")
            ? TwilioSignature.IsValidJsonBody(token, request.Url, request.Body, request.Header("X-Twilio-Signature"))
            : TwilioSignature.IsValid(token, request.Url, request.Pairs(request.Form), request.Header("X-Twilio-Signature")));

    private static string Required(WebhookRequest request, string field) =>
        request.Field(field) ?? throw new InvalidInputException(field, $"Twilio sends {field}; this request has none.");

    /// <summary>Twilio prefixes WhatsApp addresses with "whatsapp:"; the rest is the E.164 number.</summary>
    private static (Channel Channel, string Address) Address(string value) =>
        value.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase) ? (Channel.WhatsApp, value[9..]) : (Channel.Sms, value);

    private static WebhookBatch Inbound(ConnectedAccount account, WebhookRequest request)
    {
        var sid = Required(request, "MessageSid");
        var (channel, from) = Address(Required(request, "From"));
        var to = request.Field("To");
        var text = request.Field("Body") ?? "";
        var media = Media(account, request);
        if (text.Length == 0 && media.Count > 0)
        {
            text = ProviderMedia.Described(media.Count, channel == Channel.WhatsApp ? "WhatsApp" : "MMS");
        }

        var warning = to is not null && Address(to).Address != account.Address
            ? $"Sent to {to}, not this account's number {account.Address}." : null;
        return new WebhookBatch([new InboundMessage(channel, sid, new InboundSender(Phone: from), text.Length == 0 ? "(empty message)" : text,
            To: to, ParseWarning: warning, Attachments: media.Count == 0 ? null : media)], []);
    }

    /// <summary>
    /// MMS media stay at Twilio, behind the account's credentials: each is listed as an attachment at once and fetched
    /// from its MediaUrl in the background (<see cref="MediaFetcher"/>).
    /// </summary>
    private static List<InboundAttachment> Media(ConnectedAccount account, WebhookRequest request)
    {
        var count = int.TryParse(request.Field("NumMedia"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Min(n, 10) : 0;
        return Enumerable.Range(0, count)
            .Select(i => (Url: request.Field($"MediaUrl{i}"), Type: request.Field($"MediaContentType{i}"), Index: i + 1))
            .Where(m => m.Url is not null)
            .Select(m => ProviderMedia.Pending(account, m.Url!, m.Type, null, "media", m.Index))
            .ToList();
    }

    private static WebhookBatch Status(ConnectedAccount account, WebhookRequest request)
    {
        var sid = Required(request, "MessageSid");
        var status = Required(request, "MessageStatus").ToLowerInvariant();
        var code = request.Field("ErrorCode");
        DeliveryState? state = status switch
        {
            "sent" => DeliveryState.Sent,
            "delivered" => DeliveryState.Delivered,
            "read" => DeliveryState.Read,
            "undelivered" or "failed" => DeliveryState.Failed,
            _ => null,
        };
        return state is null ? WebhookBatch.Empty
            : new WebhookBatch([], [new DeliveryReport(sid, state.Value, code, state == DeliveryState.Failed ? ProviderErrors.Explain(MessagingProvider.Twilio, code) : null)]);
    }

    /// <summary>
    /// A call's progress: the first callback records the call in the customer's timeline, later ones (by sequence number)
    /// update the same record, and the call's details are kept beside it. Duration is CallDuration in seconds, not
    /// Duration (billed minutes). A recording that arrived first is named on the call.
    /// </summary>
    private static async Task<WebhookBatch> CallAsync(ProviderCalls calls, InboundPreparationFactory preparation, WebhookRequest request, CancellationToken ct)
    {
        var sid = Required(request, "CallSid");
        var sequence = request.Field("SequenceNumber") ?? request.Field("CallStatus") ?? "0";
        var inbound = !(request.Field("Direction") ?? "inbound").StartsWith("outbound", StringComparison.OrdinalIgnoreCase);
        var customer = inbound ? Required(request, "From") : Required(request, "To");
        var status = request.Field("CallStatus") ?? "unknown";
        var seconds = int.TryParse(request.Field("CallDuration"), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : (int?)null;
        var at = DateTimeOffset.TryParse(request.Field("Timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var stamp)
            ? stamp.UtcDateTime : (DateTime?)null;
        // Refused before the call's details are written, so a callback ingestion would refuse leaves nothing behind.
        preparation.Create().Prepare(new InboundMessage(Channel.Phone, $"{sid}#{sequence}", new InboundSender(Phone: customer), "(call)",
            To: inbound ? request.Field("To") : request.Field("From"), Edits: sid));
        var call = await calls.StatusAsync(new ProviderCallStatus(sid, inbound ? CallDirection.Inbound : CallDirection.Outbound,
            request.Field("From") ?? customer, request.Field("To"), Outcome(status), seconds, at), ct);
        var text = $"{(inbound ? "Inbound" : "Outbound")} call, {status.Replace('-', ' ')}{(seconds is { } s ? $", {CallSummary.Duration(s)}" : "")}."
            + (call.RecordingUrl is { } recording ? $" Recording: {recording}" : "");
        return new WebhookBatch([new InboundMessage(Channel.Phone, $"{sid}#{sequence}", new InboundSender(Phone: customer), text,
            To: inbound ? request.Field("To") : request.Field("From"), Edits: sid, ParseWarning: call.RecordingWarning)], []);
    }

    /// <summary>Twilio's CallStatus values: completed means the call was answered and has ended.</summary>
    private static CallOutcome Outcome(string status) => status.ToLowerInvariant() switch
    {
        "completed" => CallOutcome.Answered,
        "busy" => CallOutcome.Busy,
        "no-answer" => CallOutcome.NoAnswer,
        "failed" => CallOutcome.Failed,
        "canceled" => CallOutcome.Cancelled,
        _ => CallOutcome.InProgress,
    };

    /// <summary>
    /// A call's recording joins the call's record as an event in its conversation, and its link is kept on the call's
    /// details, flagged by the consent answer recorded for the call: refused → recorded against the refusal, to review and
    /// delete; none → to review before keeping. Twilio names only the call, so a recording that arrives before its call has
    /// no conversation to join: it is kept with the automatic mail, and the call, when it comes, names the recording.
    /// </summary>
    private static async Task<WebhookBatch> RecordingAsync(ProviderCalls calls, InboundPreparationFactory preparation, ConnectedAccount account,
        WebhookRequest request, CancellationToken ct)
    {
        var sid = Required(request, "CallSid");
        var recording = Required(request, "RecordingSid");
        var url = request.Field("RecordingUrl");
        var seconds = int.TryParse(request.Field("RecordingDuration"), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : (int?)null;
        var text = $"Call recording {request.Field("RecordingStatus") ?? "available"}{(seconds is { } s ? $", {CallSummary.Duration(s)}" : "")}: {url}";
        var message = new InboundMessage(Channel.Phone, $"{sid}#{recording}", new InboundSender(Phone: account.Address), text, InReplyTo: sid, ThreadOnly: true);
        // Refused before the recording is written on the call, so a callback ingestion would refuse leaves nothing behind.
        preparation.Create().Prepare(message);
        var call = url is null ? null : await calls.RecordingAsync(sid, url, ct);
        return new WebhookBatch([message with
        {
            ParseWarning = call?.RecordingWarning ?? (url is null ? null : "No recording consent is recorded for this call in Rapport: review before keeping the recording."),
        }], []);
    }

}
