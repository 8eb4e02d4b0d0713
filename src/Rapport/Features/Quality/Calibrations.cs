using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Quality;

/// <summary>
/// Calibration sessions (C26): reviewers score the same interaction independently, and see how far apart they were only
/// after scoring it themselves — so nobody anchors on a colleague's scores.
/// </summary>
public sealed class Calibrations(RapportDbContext db, QualityService quality, TimeProvider time)
{
    public async Task<CalibrationDto> CreateAsync(CalibrationRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var viewer = Viewer.Of(user);
        var subject = await quality.SubjectAsync(request.ConversationId, request.CaseId, request.AgentId, viewer, ct);
        var card = await quality.ScorecardAsync(request.ScorecardId, ct);
        var session = new CalibrationSession
        {
            ScorecardId = card.Id,
            ConversationId = subject.ConversationId,
            CaseId = subject.CaseId,
            AgentId = subject.AgentId,
            Purpose = Review.Text(request.Purpose, "purpose"),
            CreatedById = viewer.UserId,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(session);
        await db.SaveChangesAsync(ct);
        return (await GetAsync(session.Id, viewer, ct))!;
    }

    /// <summary>The caller's scores in the session: once each (400 naming <c>id</c> the second time).</summary>
    public async Task<CalibrationDto?> ScoreAsync(Guid id, CalibrationScoresRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var viewer = Viewer.Of(user);
        var session = await db.Set<CalibrationSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return null;
        }

        if (await db.Set<Review>().AnyAsync(r => r.CalibrationId == id && r.ReviewerId == viewer.UserId, ct))
        {
            throw new InvalidInputException("id", "You have already scored this calibration session.");
        }

        var card = await quality.ScorecardAsync(session.ScorecardId, ct);
        var subject = await quality.SubjectAsync(session.ConversationId, session.CaseId, session.AgentId, viewer, ct);
        db.Add(Review.Submit(card, subject, viewer.UserId, QualityService.NameOf(user), ReviewOrigin.Calibration, null, id, request.Scores, request.Summary,
            time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, viewer, ct);
    }

    public async Task<CalibrationDto?> GetAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var session = await db.Set<CalibrationSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return null;
        }

        var reviews = await db.Set<Review>().AsNoTracking().Include(r => r.Scores).Where(r => r.CalibrationId == id)
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id).ToListAsync(ct);
        var youSubmitted = reviews.Any(r => r.ReviewerId == viewer.UserId);
        if (!youSubmitted)
        {
            // Nothing of the others' scores until the caller has scored: not even their overall.
            return new CalibrationDto(session.Id, session.ScorecardId, session.ConversationId, session.CaseId, session.AgentId, session.Purpose,
                session.CreatedAt, reviews.Count, false, [], [], null);
        }

        var scores = reviews.Select(r => new CalibrationScoreDto(r.Id, r.ReviewerId, r.ReviewerName, r.Score, QualityService.Items(r))).ToList();
        var items = reviews.SelectMany(r => r.Scores).GroupBy(s => s.Key)
            .Select(g =>
            {
                var first = g.OrderBy(s => s.Position).First();
                var values = g.Where(s => s.Rating != Rating.NotApplicable).Select(s => Value(s.Rating)).ToList();
                double? low = values.Count > 0 ? values.Min() : null;
                double? high = values.Count > 0 ? values.Max() : null;
                return (first.Position, Dto: new ItemSpreadDto(g.Key, first.Label, first.Weight, low, high, high - low, g.Select(s => s.Rating).ToList()));
            })
            .OrderBy(x => x.Position).Select(x => x.Dto).ToList();
        var overall = reviews.Where(r => r.Score is not null).Select(r => r.Score!.Value).ToList();
        return new CalibrationDto(session.Id, session.ScorecardId, session.ConversationId, session.CaseId, session.AgentId, session.Purpose,
            session.CreatedAt, reviews.Count, true, scores, items, overall.Count > 0 ? Math.Round(overall.Max() - overall.Min(), 1) : null);
    }

    private static double Value(Rating rating) => rating switch { Rating.Met => 1.0, Rating.Partly => 0.5, _ => 0.0 };
}
