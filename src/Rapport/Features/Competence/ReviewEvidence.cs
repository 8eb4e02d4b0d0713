using Microsoft.EntityFrameworkCore;
using Rapport.Features.Quality;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Competence;

/// <summary>Quality reviews of the person's interactions submitted in the range, per scorecard item that was met (the behaviours).</summary>
public sealed class ReviewEvidence(RapportDbContext db) : ICompetenceEvidenceSource
{
    public async Task<IReadOnlyList<EvidenceFound>> FindAsync(EvidenceQuery q, CancellationToken ct)
    {
        var met = db.Set<Review>().VisibleTo(db, q.Viewer)
            .Where(r => r.CalibrationId == null && r.AgentId == q.StaffId && r.SubmittedAt >= q.From && r.SubmittedAt < q.To)
            .SelectMany(r => r.Scores.Where(s => s.Rating == Rating.Met), (r, s) => new { r.Id, r.SubmittedAt, r.Score, s.Key, r.ReviewerName });
        var keys = await met.Select(x => x.Key).Distinct().ToListAsync(ct);
        var found = new List<EvidenceFound>();
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            found.Add(await WorkEvidence.FoundAsync(EvidenceKind.QualityReviews, key, met.Where(x => x.Key == key), x => x.SubmittedAt,
                x => new EvidenceRecord("review", x.Id, x.SubmittedAt, $"{key} met in a review by {x.ReviewerName} (overall {x.Score})", $"/quality/reviews/{x.Id}"), ct));
        }

        return found;
    }
}
