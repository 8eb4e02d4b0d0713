using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Privacy;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>
/// Feedback in subject rights (C22): what the person said (survey answers, calls, letters, reviews) about them or their
/// cases and conversations, with its themes and the improvement ideas it prompted, and the surveys sent or not sent to
/// them. Erasure redacts their words and keeps source, scale, score, rating, themes and dates, so CSAT and NPS figures
/// still add up. Feedback is audited under its own id, so those entries are named for redaction. Improvement ideas are the
/// organisation's records, not the person's: they stay (the identifier scrub reaches an email address or phone number in them).
/// </summary>
internal sealed class FeedbackSubjectRights(RapportDbContext db) : ISubjectRightsParticipant
{
    public string Section => "feedback";

    public async Task WriteDataAsync(Utf8JsonWriter json, JsonSerializerOptions options, SubjectRecords subject, CancellationToken ct)
    {
        var (feedback, ideas) = await ReadAsync(subject, ct);
        var surveys = await db.Set<SurveyInvitation>().AsNoTracking().Where(s => subject.CustomerIds.Contains(s.CustomerId)).OrderBy(s => s.CreatedAt)
            .ToListAsync(ct);
        JsonSerializer.Serialize(json, new
        {
            entries = feedback.Select(f => new { feedback = f, improvementIdeas = ideas[f.Id] }),
            surveys,
        }, options);
    }

    public async Task WriteReportAsync(SubjectAccessHtml html, SubjectRecords subject, CancellationToken ct)
    {
        var (feedback, ideas) = await ReadAsync(subject, ct);
        await html.HeadingAsync("Feedback you gave");
        await html.TableAsync(["Given", "How", "Score", "Your words", "Themes", "What it led to"], feedback.Select(f => new[]
        {
            SubjectAccessHtml.Time(f.GivenAt), f.Source.ToString(),
            f.Score is { } score ? $"{score.ToString(CultureInfo.InvariantCulture)} ({f.Scale})" : "", f.Text,
            string.Join(", ", f.Themes.Select(t => t.Theme).Order(StringComparer.Ordinal)),
            string.Join("; ", ideas[f.Id].Select(i => $"{i.Title} ({i.Status})")),
        }));
    }

    public async Task<IReadOnlyList<Guid>> AuditSubjectIdsAsync(SubjectRecords subject, CancellationToken ct) =>
        await Of(subject).Select(f => f.Id).ToListAsync(ct);

    public async Task<int> EraseAsync(SubjectRecords subject, CancellationToken ct) =>
        await Of(subject).ExecuteUpdateAsync(s => s.SetProperty(f => f.Text, f => f.Text == "" ? "" : IdentifierScrub.Replacement), ct);

    private IQueryable<FeedbackEntry> Of(SubjectRecords subject) => db.Set<FeedbackEntry>().Where(f =>
        (f.CustomerId != null && subject.CustomerIds.Contains(f.CustomerId.Value)) || (f.CaseId != null && subject.CaseIds.Contains(f.CaseId.Value))
        || (f.ConversationId != null && subject.ConversationIds.Contains(f.ConversationId.Value)));

    private sealed record IdeaSummary(Guid Id, string Title, IdeaStatus Status);

    private async Task<(List<FeedbackEntry>, ILookup<Guid, IdeaSummary>)> ReadAsync(SubjectRecords subject, CancellationToken ct)
    {
        var feedback = await Of(subject).AsNoTracking().Include(f => f.Themes).OrderBy(f => f.GivenAt).ThenBy(f => f.Id).ToListAsync(ct);
        var ids = feedback.Select(f => f.Id).ToList();
        var ideas = (await db.Set<ImprovementIdeaFeedback>().AsNoTracking().Where(l => ids.Contains(l.FeedbackId))
            .Join(db.Set<ImprovementIdea>(), l => l.IdeaId, i => i.Id, (l, i) => new { l.FeedbackId, i.Id, i.Title, i.Status })
            .ToListAsync(ct)).ToLookup(x => x.FeedbackId, x => new IdeaSummary(x.Id, x.Title, x.Status));
        return (feedback, ideas);
    }
}
