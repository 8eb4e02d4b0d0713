using Rapport.Features.Feedback;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Competence;

/// <summary>
/// Customer feedback the person acted on (002 PC10–PC12, 004 PC12–PC14): improvement ideas drawn from feedback that
/// they proposed, agreed or carried out in the range (detail <c>ideas</c>), and feedback they logged into the feed the
/// team shares (detail <c>shared</c>; surveys answered by customers themselves are nobody's work).
/// </summary>
public sealed class FeedbackEvidence(RapportDbContext db) : ICompetenceEvidenceSource
{
    public async Task<IReadOnlyList<EvidenceFound>> FindAsync(EvidenceQuery q, CancellationToken ct) =>
    [
        await WorkEvidence.FoundAsync(EvidenceKind.FeedbackActedOn, "ideas",
            db.Set<ImprovementIdea>().Where(i => i.Feedback.Any() && (
                (i.ProposedById == q.StaffId && i.ProposedAt >= q.From && i.ProposedAt < q.To)
                || (i.AgreedById == q.StaffId && i.AgreedAt >= q.From && i.AgreedAt < q.To)
                || (i.DoneById == q.StaffId && i.DoneAt >= q.From && i.DoneAt < q.To))),
            i => i.DoneAt ?? i.AgreedAt ?? i.ProposedAt,
            i => new EvidenceRecord("improvementIdea", i.Id, i.DoneAt ?? i.AgreedAt ?? i.ProposedAt, Describe(i, q.StaffId), "/feedback/ideas"),
            ct),
        await WorkEvidence.FoundAsync(EvidenceKind.FeedbackActedOn, "shared",
            db.Set<FeedbackEntry>().VisibleTo(db, q.Viewer).Where(f => f.RecordedById == q.StaffId && f.RecordedAt >= q.From && f.RecordedAt < q.To),
            f => f.RecordedAt,
            f => new EvidenceRecord("feedback", f.Id, f.RecordedAt, $"Shared {f.Source} feedback: {Excerpt(f.Text)}", "/feedback"),
            ct),
    ];

    private static string Describe(ImprovementIdea idea, Guid staffId) =>
        idea.DoneById == staffId ? $"Carried out the improvement \"{idea.Title}\""
        : idea.AgreedById == staffId ? $"Agreed the improvement \"{idea.Title}\""
        : $"Proposed the improvement \"{idea.Title}\" from customers' feedback";

    private static string Excerpt(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
