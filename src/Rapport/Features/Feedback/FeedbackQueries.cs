using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>What the feed filters on; every part optional.</summary>
public sealed record FeedbackFilter(FeedbackSource? Source = null, FeedbackRating? Rating = null, int? MinScore = null, int? MaxScore = null,
    string? Theme = null, Guid? CustomerId = null, Guid? CaseId = null, Guid? AgentId = null);

/// <summary>Reading feedback: the feed, one entry, themes with their trend, a case's surveys. Only what the viewer may see.</summary>
public sealed class FeedbackQueries(RapportDbContext db, TimeProvider time)
{
    public async Task<Page<FeedbackDto>> FeedAsync(FeedbackFilter filter, Viewer viewer, int take, Cursor? after, CancellationToken ct)
    {
        var q = Filter(db.Set<FeedbackEntry>().AsNoTracking().VisibleTo(db, viewer), filter);
        if (after is not null && long.TryParse(after.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks))
        {
            var at = new DateTime(ticks, DateTimeKind.Utc);
            var id = after.Id;
            q = q.Where(f => f.GivenAt < at || (f.GivenAt == at && f.Id.CompareTo(id) < 0));
        }

        var rows = await q.OrderByDescending(f => f.GivenAt).ThenByDescending(f => f.Id).Take(take + 1).Include(f => f.Themes).ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var next = rows.Count > take ? new Cursor(page[^1].GivenAt.Ticks.ToString(CultureInfo.InvariantCulture), page[^1].Id).Encode() : null;
        return new Page<FeedbackDto>(await ToDtosAsync(page, ct), next);
    }

    public async Task<FeedbackDto?> GetAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var entry = await db.Set<FeedbackEntry>().AsNoTracking().Where(f => f.Id == id).VisibleTo(db, viewer).Include(f => f.Themes).FirstOrDefaultAsync(ct);
        return entry is null ? null : (await ToDtosAsync([entry], ct))[0];
    }

    /// <summary>Each theme's count in [from, to) and in the period of the same length before, most frequent first.</summary>
    public async Task<ThemesDto> ThemesAsync(DateTime? from, DateTime? to, FeedbackSource? source, Viewer viewer, CancellationToken ct)
    {
        var end = to ?? time.GetUtcNow().UtcDateTime;
        var start = from ?? end.AddDays(-30);
        if (start >= end)
        {
            throw new InvalidInputException("from", "from must be before to.");
        }

        var previous = start - (end - start);
        var visible = Filter(db.Set<FeedbackEntry>().AsNoTracking().VisibleTo(db, viewer), new FeedbackFilter(source))
            .Where(f => f.GivenAt >= previous && f.GivenAt < end);
        var counts = await db.Set<FeedbackTheme>().AsNoTracking()
            .Join(visible, t => t.FeedbackId, f => f.Id, (t, f) => new { t.Theme, Current = f.GivenAt >= start })
            .GroupBy(x => new { x.Theme, x.Current }).Select(g => new { g.Key.Theme, g.Key.Current, Count = g.Count() }).ToListAsync(ct);
        var themes = counts.GroupBy(c => c.Theme).Select(g =>
            {
                var now = g.Where(c => c.Current).Sum(c => c.Count);
                var before = g.Where(c => !c.Current).Sum(c => c.Count);
                return new ThemeCountDto(g.Key, now, before, now - before);
            })
            .OrderByDescending(t => t.Count).ThenBy(t => t.Theme, StringComparer.Ordinal).ToList();
        return new ThemesDto(start, end, previous, themes);
    }

    /// <summary>The surveys a case called for, with their outcome; the caller has been allowed to see the case.</summary>
    public async Task<CaseSurveysDto> CaseSurveysAsync(Guid caseId, CancellationToken ct)
    {
        var surveys = await db.Set<SurveyInvitation>().AsNoTracking().Where(s => s.CaseId == caseId)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).ToListAsync(ct);
        var answerIds = surveys.Where(s => s.FeedbackId != null).Select(s => s.FeedbackId!.Value).ToList();
        var answers = await db.Set<FeedbackEntry>().AsNoTracking().Where(f => answerIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        return new CaseSurveysDto(caseId, surveys.Select(s =>
        {
            var answer = s.FeedbackId is { } f ? answers.GetValueOrDefault(f) : null;
            return new CaseSurveyDto(s.Id, s.Status, s.Reason, s.Status is SurveyStatus.Sent or SurveyStatus.Answered ? s.Kind : null, s.Channel,
                s.CreatedAt, s.SentAt, s.ExpiresAt, s.AnsweredAt, s.FeedbackId, answer?.Score, answer?.Text);
        }).ToList());
    }

    private static IQueryable<FeedbackEntry> Filter(IQueryable<FeedbackEntry> q, FeedbackFilter f)
    {
        if (f.Source is { } source) q = q.Where(x => x.Source == source);
        if (f.Rating is { } rating) q = q.Where(x => x.Rating == rating);
        if (f.MinScore is { } min) q = q.Where(x => x.Score >= min);
        if (f.MaxScore is { } max) q = q.Where(x => x.Score <= max);
        if (f.CustomerId is { } customer) q = q.Where(x => x.CustomerId == customer);
        if (f.CaseId is { } caseId) q = q.Where(x => x.CaseId == caseId);
        if (f.AgentId is { } agent) q = q.Where(x => x.AgentId == agent);
        if (!string.IsNullOrWhiteSpace(f.Theme))
        {
            var theme = f.Theme.Trim().ToLowerInvariant();
            q = q.Where(x => x.Themes.Any(t => t.Theme == theme));
        }

        return q;
    }

    private async Task<List<FeedbackDto>> ToDtosAsync(List<FeedbackEntry> entries, CancellationToken ct)
    {
        var customerIds = entries.Where(e => e.CustomerId != null).Select(e => e.CustomerId!.Value).Distinct().ToList();
        var caseIds = entries.Where(e => e.CaseId != null).Select(e => e.CaseId!.Value).Distinct().ToList();
        var names = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var numbers = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Number, ct);
        return entries.Select(e => new FeedbackDto(e.Id, e.Source, e.Scale, e.Score, e.Rating, e.Text, e.CustomerId,
            e.CustomerId is { } c ? names.GetValueOrDefault(c) : null, e.CaseId, e.CaseId is { } k && numbers.TryGetValue(k, out var n) ? CaseNumbers.Format(n) : null,
            e.ConversationId, e.AgentId, e.SurveyId, e.GivenAt, e.RecordedAt, e.RecordedByName,
            e.Themes.Select(t => t.Theme).Order(StringComparer.Ordinal).ToList())).ToList();
    }
}
