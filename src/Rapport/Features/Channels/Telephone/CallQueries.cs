using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Telephone;

/// <summary>
/// Calls as the API and screens show them. A call is seen exactly when its message is (the conversation's visibility
/// rule); a provider's call whose message is not stored yet is seen by nobody.
/// </summary>
public sealed class CallQueries(RapportDbContext db, CustomerService customers)
{
    /// <summary>The message a call is: the one logged with it, or the one ingestion stored under the provider's call id.</summary>
    public static IQueryable<Message> MessageOf(RapportDbContext db, CallRecord call) =>
        call.MessageId is { } id
            ? db.Messages.Where(m => m.Id == id)
            : db.Messages.Where(m => m.Channel == Channel.Phone && m.ProviderMessageId == call.ProviderCallId);

    public static async Task<bool> CanSeeCallAsync(RapportDbContext db, Guid id, Viewer viewer, CancellationToken ct)
    {
        var call = await db.Set<CallRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return call is not null && await MessageOf(db, call).VisibleTo(db, viewer).AnyAsync(ct);
    }

    public async Task<CallDto?> GetAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var call = await db.Set<CallRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        var message = call is null ? null : await MessageOf(db, call).VisibleTo(db, viewer).AsNoTracking().FirstOrDefaultAsync(ct);
        return call is null || message is null ? null : ToDto(call, message);
    }

    /// <summary>The calls and meetings of a conversation, newest first.</summary>
    public Task<List<CallDto>> ForConversationAsync(Guid conversationId, Viewer viewer, CancellationToken ct) =>
        ListAsync(db.Messages.Where(m => m.ConversationId == conversationId), viewer, ct);

    /// <summary>The calls and meetings of a customer (and the records merged into theirs) the viewer may see, newest first.</summary>
    public async Task<List<CallDto>> ForCustomerAsync(Guid customerId, Viewer viewer, CancellationToken ct)
    {
        var ids = (await customers.HistoryIdsAsync(customerId, ct)).Select(Guid.Parse).ToList();
        return await ListAsync(db.Messages.Where(m => ids.Contains(m.CustomerId)), viewer, ct);
    }

    private async Task<List<CallDto>> ListAsync(IQueryable<Message> scope, Viewer viewer, CancellationToken ct)
    {
        var messages = await scope.Where(m => m.Channel == Channel.Phone || m.Channel == Channel.Video).VisibleTo(db, viewer).AsNoTracking()
            .OrderByDescending(m => m.At).Take(500).ToListAsync(ct);
        var ids = messages.Select(m => m.Id).ToList();
        var providerIds = messages.Where(m => m.Channel == Channel.Phone && m.ProviderMessageId != null).Select(m => m.ProviderMessageId!).ToList();
        var calls = await db.Set<CallRecord>().AsNoTracking()
            .Where(c => (c.MessageId != null && ids.Contains(c.MessageId.Value)) || (c.ProviderCallId != null && providerIds.Contains(c.ProviderCallId)))
            .ToListAsync(ct);
        return messages.Select(m => (Message: m, Call: calls.FirstOrDefault(c => c.MessageId == m.Id || (c.ProviderCallId != null && c.ProviderCallId == m.ProviderMessageId))))
            .Where(x => x.Call is not null)
            .Select(x => ToDto(x.Call!, x.Message))
            .ToList();
    }

    /// <summary>The numbers a customer can be called on: phone contact points (E.164, for tel: links) and SIP addresses.</summary>
    public async Task<List<CallableNumber>> NumbersAsync(Guid customerId, CancellationToken ct)
    {
        var points = await db.ContactPoints.AsNoTracking().Where(p => p.CustomerId == customerId)
            .Select(p => new { p.Type, p.Value, p.Normalized, p.Label }).ToListAsync(ct);
        return points.Where(p => p.Type == ContactPointType.Phone || p.Value.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Type == ContactPointType.Phone
                ? new CallableNumber(p.Normalized, PhoneNumberRule.DisplayIfNumber(p.Normalized), $"tel:{p.Normalized}", p.Label)
                : new CallableNumber(p.Value, p.Value, p.Value, p.Label))
            .ToList();
    }

    /// <summary>Consent answers given in [from, to), by call type; and calls recorded or monitored with no answer, logged in the period.</summary>
    public async Task<ConsentReportDto> ConsentReportAsync(DateTime from, DateTime to, CancellationToken ct)
    {
        var rows = await db.Set<CallRecord>().AsNoTracking()
            .Where(c => (c.ConsentAt >= from && c.ConsentAt < to) || (c.ConsentAt == null && (c.Recorded || c.Monitored) && c.CreatedAt >= from && c.CreatedAt < to))
            .Select(c => new { c.Kind, c.Direction, c.Consent, c.Recording })
            .ToListAsync(ct);
        var report = Enum.GetValues<CallType>().Select(type =>
        {
            var of = rows.Where(r => CallSettings.TypeOf(r.Kind, r.Direction) == type).ToList();
            return new ConsentReportRowDto(type, of.Count(r => r.Consent == ConsentAnswer.Agreed), of.Count(r => r.Consent == ConsentAnswer.Refused),
                of.Count(r => r.Consent == ConsentAnswer.NotAsked), of.Count(r => r.Consent == null), of.Count(r => r.Recording == RecordingState.AgainstRefusal));
        }).ToList();
        return new ConsentReportDto(from, to, report);
    }

    public static CallDto ToDto(CallRecord c, Message m) => new(
        c.Id, m.Id, m.ConversationId, m.CustomerId, c.Kind, c.Direction, c.From, c.To, c.StartedAt, c.DurationSeconds, c.Outcome,
        m.Direction == MessageDirection.Note && c.Kind == CallKind.Video ? null : m.Text, c.Recorded, c.Monitored, c.RecordingUrl, c.Recording,
        c.RecordingWarning, c.MeetingUrl, c.Consent, c.ConsentWording, c.ConsentNotAskedReason, c.ConsentAt, c.ConsentByName, c.LoggedByName,
        c.CreatedAt, CallSummary.Of(c));
}
