using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Privacy;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Telephone;

/// <summary>
/// Calls in subject rights (C22): the calls' own details (the notes are messages, exported and erased with them).
/// Erasure removes the numbers, the recording and meeting links and the reason consent was not asked, and keeps
/// direction, outcome, duration and the consent answer, as it keeps a message's when and which way. Calls are found
/// through their messages, so a call only a provider reported (no message logged with it) is not reached — a known gap.
/// </summary>
internal sealed class CallSubjectRights(RapportDbContext db) : ISubjectRightsParticipant
{
    public string Section => "calls";

    public async Task WriteDataAsync(Utf8JsonWriter json, JsonSerializerOptions options, SubjectRecords subject, CancellationToken ct) =>
        JsonSerializer.Serialize(json, await Calls(subject).AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync(ct), options);

    public async Task WriteReportAsync(SubjectAccessHtml html, SubjectRecords subject, CancellationToken ct)
    {
        var calls = await Calls(subject).AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync(ct);
        await html.HeadingAsync("Calls and video meetings");
        await html.TableAsync(["Started", "Which way", "From", "To", "Outcome", "Recording", "Consent"], calls.Select(c => new[]
        {
            SubjectAccessHtml.Time(c.StartedAt ?? c.CreatedAt), c.Direction.ToString(), c.From, c.To, c.Outcome.ToString(), c.RecordingUrl,
            c.Consent?.ToString(),
        }));
    }

    public async Task<IReadOnlyList<Guid>> AuditSubjectIdsAsync(SubjectRecords subject, CancellationToken ct) =>
        await Calls(subject).Select(c => c.Id).ToListAsync(ct);

    public Task<int> EraseAsync(SubjectRecords subject, CancellationToken ct) =>
        Calls(subject).ExecuteUpdateAsync(s => s.SetProperty(c => c.From, (string?)null).SetProperty(c => c.To, (string?)null)
            .SetProperty(c => c.RecordingUrl, (string?)null).SetProperty(c => c.ConsentNotAskedReason, (string?)null), ct);

    private IQueryable<CallRecord> Calls(SubjectRecords subject) =>
        db.Set<CallRecord>().Where(c => c.MessageId != null
            && db.Messages.Any(m => m.Id == c.MessageId && subject.ConversationIds.Contains(m.ConversationId)));
}
