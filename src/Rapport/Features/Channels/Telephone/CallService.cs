using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Telephone;

/// <summary>
/// Calls and video meetings agents log and offer, shared by the API and the screens. A call is a message in a
/// conversation (its notes are the text) with a <see cref="CallRecord"/> beside it; both, the conversation's counters and
/// any case link are written in one transaction, so a refused input writes nothing.
/// </summary>
public sealed partial class CallService(RapportDbContext db, TimeProvider time, ConversationEvents events, ReplyService replies,
    CaseService cases, ConversationService conversations, ContactPointRules rules)
{
    /// <summary>Logs a call in a conversation the user may see; null when it does not exist for them.</summary>
    public async Task<CallRecord?> LogInConversationAsync(Guid conversationId, LogCallRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).VisibleTo(db, Viewer.Of(user)).FirstOrDefaultAsync(ct);
        if (conversation is null)
        {
            return null;
        }

        var customer = await db.Customers.AsNoTracking().Include(c => c.ContactPoints).FirstAsync(c => c.Id == conversation.CustomerId, ct);
        Customer.RefuseIfErased(customer.ErasedAt);
        return await LogAsync(customer, conversation, request, user, ct);
    }

    /// <summary>Logs a call with a customer in a new conversation on the call's channel; null when the customer does not exist.</summary>
    public async Task<CallRecord?> LogForCustomerAsync(Guid customerId, LogCallRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.ContactPoints)
            .FirstOrDefaultAsync(c => c.Id == customerId && c.MergedIntoId == null, ct);
        if (customer is null)
        {
            return null;
        }

        Customer.RefuseIfErased(customer.ErasedAt);
        return await LogAsync(customer, null, request, user, ct);
    }

    private async Task<CallRecord> LogAsync(Customer customer, Conversation? conversation, LogCallRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        Require(request.Direction is { } d && Enum.IsDefined(d), "direction", "direction is inbound or outbound.");
        Require(Enum.IsDefined(request.Kind), "kind", "kind is phone or video.");
        Require(request.Outcome is { } o && Enum.IsDefined(o) && o != CallOutcome.Offered, "outcome",
            "outcome is answered, noAnswer, busy, voicemail, failed, cancelled or inProgress (a video link is offered with video-meetings).");
        var recordingUrl = HttpUrl(request.RecordingUrl, "recordingUrl");
        var settings = await CallSettings.ReadAsync(db, ct);
        var direction = request.Direction!.Value;
        var (recorded, monitored) = settings.For(CallSettings.TypeOf(request.Kind, direction));
        var consent = ReadConsent(request.Consent, recorded || monitored, settings.ConsentWording);
        if (consent?.Answer == ConsentAnswer.Refused && recordingUrl is not null)
        {
            throw new InvalidInputException("recordingUrl", "The customer refused recording: no recording is kept for this call. Leave the link out and delete the recording.");
        }

        var number = Number(request.Number, customer);
        var now = time.GetUtcNow().UtcDateTime;
        var startedAt = request.StartedAt?.UtcDateTime ?? now;
        Require(startedAt <= now.AddMinutes(5), "startedAt", "A call logged cannot start in the future.");
        var name = user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";
        var call = new CallRecord
        {
            Kind = request.Kind,
            Direction = direction,
            From = direction == CallDirection.Inbound ? number : null,
            To = direction == CallDirection.Outbound ? number : null,
            StartedAt = startedAt,
            DurationSeconds = request.DurationSeconds,
            Outcome = request.Outcome!.Value,
            Recorded = recorded,
            Monitored = monitored,
            LoggedById = user.UserId(),
            LoggedByName = name,
            CreatedAt = now,
        };
        if (consent is { } answer)
        {
            call.Answer(answer.Answer, recorded || monitored ? settings.ConsentWording : null, answer.Reason, user.UserId(), name, now);
        }

        if (recordingUrl is not null)
        {
            call.AttachRecording(recordingUrl);
        }

        var channel = request.Kind == CallKind.Video ? Channel.Video : Channel.Phone;
        var started = conversation is null ? Conversation.Start(customer.Id, request.Subject ?? CallSummary.Of(call), channel, now) : null;
        var notes = request.Notes?.Trim();
        var message = new Message
        {
            ConversationId = conversation?.Id ?? started!.Id,
            CustomerId = customer.Id,
            Direction = direction == CallDirection.Inbound ? MessageDirection.Inbound : MessageDirection.Outbound,
            Channel = channel,
            From = direction == CallDirection.Inbound ? number ?? customer.Name : name,
            FromName = direction == CallDirection.Inbound ? customer.Name : name,
            To = direction == CallDirection.Outbound ? number : null,
            Subject = CallSummary.Of(call),
            Text = CardNumbers.Mask(string.IsNullOrEmpty(notes) ? "(no notes)" : notes)!,
            At = startedAt,
            StoredAt = now,
            AuthorId = user.UserId(),
            AuthorName = name,
        };
        call.MessageId = message.Id;

        // Within the caller's transaction when there is one (an Idempotency-Key holds one open).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.BeginWriteTransactionAsync(ct) : null;
        if (started is not null)
        {
            started.Add(message);
            db.Conversations.Add(started);
            db.Messages.Add(message);
            db.Add(call);
            await db.SaveChangesAsync(ct);
        }
        else
        {
            db.Messages.Add(message);
            db.Add(call);
            await db.SaveChangesAsync(ct);
            await ConversationCounters.AddAsync(db, [message], ct);
        }

        // A case the user may not see is answered as one that does not exist.
        if (request.CaseId is { } caseId && (!await db.Cases.Where(k => k.Id == caseId).VisibleTo(db, Viewer.Of(user)).AnyAsync(ct)
            || await cases.LinkAsync(caseId, message.ConversationId, Viewer.Of(user), ct) is null))
        {
            throw new InvalidInputException("caseId", $"No case has the id '{caseId}'.");
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        events.Changed(message.ConversationId);
        return call;
    }

    /// <summary>
    /// Records the customer's answer on a call already logged (a provider's call the agent took). The answer joins the
    /// conversation as a note, so it is on the timeline; a refusal after a recording was made flags it.
    /// </summary>
    public async Task<CallRecord?> AnswerConsentAsync(Guid callId, ConsentAnswerRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var call = await db.Set<CallRecord>().FirstOrDefaultAsync(c => c.Id == callId, ct);
        var message = call is null ? null : await CallQueries.MessageOf(db, call).VisibleTo(db, Viewer.Of(user)).FirstOrDefaultAsync(ct);
        if (call is null || message is null)
        {
            return null;
        }

        var settings = await CallSettings.ReadAsync(db, ct);
        var answer = ReadConsent(request, required: true, settings.ConsentWording)!.Value;
        var name = user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";
        call.Answer(answer.Answer, settings.ConsentWording, answer.Reason, user.UserId(), name, time.GetUtcNow().UtcDateTime);
        var text = $"Recording consent for the {CallSummary.Of(call).Split(" · ")[0].ToLowerInvariant()}: {CallSummary.Consent(answer.Answer)}"
            + (answer.Reason is null ? "" : $" ({answer.Reason})") + $". Wording: \"{settings.ConsentWording}\""
            + (call.RecordingWarning is { } warning ? $"\n{warning}" : "");
        // Within the caller's transaction when there is one (an Idempotency-Key holds one open).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.BeginWriteTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        await conversations.AddNoteAsync(message.ConversationId, text, user, ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return call;
    }

    /// <summary>
    /// Offers the customer a video meeting: a link of its own, made from the organisation's template, goes to the customer
    /// on the conversation's channel through the normal reply path, and a Video entry records it on the timeline.
    /// </summary>
    public async Task<(CallRecord Call, Message Reply)?> OfferVideoAsync(Guid conversationId, OfferVideoMeetingRequest request, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var settings = await CallSettings.ReadAsync(db, ct);
        if (settings.VideoMeetingTemplate is not { } template)
        {
            throw new InvalidInputException("videoMeetingTemplate", "No video meeting link template is set: an administrator sets one under Settings → Calls and recording.");
        }

        var link = IdPlaceholder().Replace(template, MeetingId());
        var text = string.IsNullOrWhiteSpace(request.Message) ? $"You can join a video meeting with us here: {link}"
            : request.Message.Contains(link, StringComparison.Ordinal) ? request.Message.Trim() : $"{request.Message.Trim()}\n{link}";
        var name = user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";
        var now = time.GetUtcNow().UtcDateTime;

        // Within the caller's transaction when there is one (an Idempotency-Key holds one open).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.BeginWriteTransactionAsync(ct) : null;
        if (await replies.ReplyAsync(conversationId, text, user, ct) is not { } reply)
        {
            return null;
        }

        var call = new CallRecord
        {
            Kind = CallKind.Video,
            Direction = CallDirection.Outbound,
            To = reply.To,
            Outcome = CallOutcome.Offered,
            MeetingUrl = link,
            Recorded = settings.RecordVideo,
            Monitored = settings.MonitorVideo,
            LoggedById = user.UserId(),
            LoggedByName = name,
            CreatedAt = now,
        };
        var entry = new Message
        {
            ConversationId = conversationId,
            CustomerId = reply.CustomerId,
            Direction = MessageDirection.Note,
            Channel = Channel.Video,
            From = name,
            Subject = CallSummary.Of(call),
            Text = $"Video meeting link sent to the customer by {reply.Channel}: {link}",
            At = now,
            StoredAt = now,
            AuthorId = user.UserId(),
            AuthorName = name,
        };
        call.MessageId = entry.Id;
        db.Messages.Add(entry);
        db.Add(call);
        await db.SaveChangesAsync(ct);
        await ConversationCounters.AddAsync(db, [entry], ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        events.Changed(conversationId);
        return (call, reply);
    }

    /// <summary>Validates a meeting link template: an absolute https URL where the meeting's id goes.</summary>
    public static string? ValidTemplate(string? template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        var trimmed = template.Trim();
        var sample = IdPlaceholder().Replace(trimmed, "sample");
        if (!IdPlaceholder().IsMatch(trimmed) || !Uri.TryCreate(sample, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidInputException("videoMeetingTemplate", "The template is an https URL with {{ id }} where each meeting's id goes, e.g. https://meet.jit.si/rapport-{{ id }}.");
        }

        return trimmed;
    }

    /// <summary>Unguessable: whoever has the link can join the meeting.</summary>
    private static string MeetingId() =>
        string.Create(16, RandomNumberGenerator.GetBytes(16), (chars, bytes) =>
        {
            const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[bytes[i] % alphabet.Length];
            }
        });

    [GeneratedRegex(@"\{\{\s*id\s*\}\}")]
    private static partial Regex IdPlaceholder();

    private static (ConsentAnswer Answer, string? Reason)? ReadConsent(ConsentAnswerRequest? consent, bool required, string wording)
    {
        if (consent is null)
        {
            Require(!required, "consent", $"This call type is recorded or monitored: tell the customer (\"{wording}\") and give their answer: agreed, refused or notAsked with the reason.");
            return null;
        }

        Require(Enum.IsDefined(consent.Answer), "consent.answer", "answer is agreed, refused or notAsked.");
        var reason = string.IsNullOrWhiteSpace(consent.NotAskedReason) ? null : consent.NotAskedReason.Trim();
        Require(consent.Answer != ConsentAnswer.NotAsked || reason is not null, "consent.notAskedReason",
            "Say why the customer was not asked (e.g. they hung up before the notice).");
        return (consent.Answer, reason);
    }

    private string? Number(string? given, Customer customer)
    {
        var text = given?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return customer.ContactPoints.FirstOrDefault(p => p.Type == ContactPointType.Phone)?.Normalized;
        }

        // A SIP address is dialled as written; anything else is a phone number under the one rule for numbers.
        return text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? text : rules.PhoneRule.Normalize(text, "number").E164;
    }

    private static string? HttpUrl(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        Require(Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp),
            field, "Give the recording's address as an http(s) URL.");
        return value.Trim();
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new InvalidInputException(field, message);
        }
    }
}
