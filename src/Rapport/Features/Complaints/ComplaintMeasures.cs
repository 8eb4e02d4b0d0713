using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Identity;
using Rapport.Features.Promises;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Complaints;

/// <summary>
/// How complaints opened in a period were handled, for everyone and per team (the case's team): by cause, resolved at
/// first contact, time spent in each step, follow-ups done and reopened. Counts only cases the viewer may see, so a
/// restricted team's complaints are left out for those outside it.
/// </summary>
public sealed class ComplaintMeasures(RapportDbContext db, ComplaintCatalogue catalogue, PromiseQueries promises)
{
    private sealed record Row(Guid? TeamId, Complaint? Complaint, bool Disagreed, PromiseOutcome? FollowUp);

    public async Task<ComplaintMeasuresDto> MeasureAsync(DateTime from, DateTime to, Guid? teamId, Viewer viewer, CancellationToken ct)
    {
        var cases = db.Cases.AsNoTracking().Where(c => c.Kind == CaseKinds.Complaint && c.CreatedAt >= from && c.CreatedAt < to).VisibleTo(db, viewer);
        if (teamId is { } t)
        {
            cases = cases.Where(c => c.TeamId == t);
        }

        var found = await cases.GroupJoin(db.Set<Complaint>().AsNoTracking(), c => c.Id, x => x.CaseId, (c, xs) => new { c.Id, c.TeamId, xs })
            .SelectMany(g => g.xs.DefaultIfEmpty(), (g, x) => new { g.TeamId, Complaint = x })
            .ToListAsync(ct);
        var complaintIds = found.Where(f => f.Complaint is not null).Select(f => f.Complaint!.Id).ToList();
        var disagreed = (await db.Set<ComplaintDisagreement>().AsNoTracking().Where(d => complaintIds.Contains(d.ComplaintId))
            .Select(d => d.ComplaintId).Distinct().ToListAsync(ct)).ToHashSet();
        var outcomes = await promises.OutcomesAsync(found.Select(f => f.Complaint?.FollowUpPromiseId).OfType<Guid>().ToList(), ct);
        var rows = found.Select(f => new Row(f.TeamId, f.Complaint, f.Complaint is { } c && disagreed.Contains(c.Id),
            f.Complaint?.FollowUpPromiseId is { } p ? outcomes.GetValueOrDefault(p) : null)).ToList();

        var causes = await catalogue.CurrentAsync(ct);
        var teamIds = rows.Select(r => r.TeamId).OfType<Guid>().Distinct().ToList();
        var names = await db.Teams.AsNoTracking().Where(x => teamIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var teams = rows.GroupBy(r => r.TeamId)
            .Select(g => Measure(g.Key, g.Key is { } id ? names.GetValueOrDefault(id, "") : "No team", g.ToList(), causes))
            .OrderBy(m => m.TeamId is null).ThenBy(m => m.TeamName, StringComparer.CurrentCulture).ToList();
        return new ComplaintMeasuresDto(from, to, Measure(teamId, teamId is { } only ? names.GetValueOrDefault(only, "") : "All teams", rows, causes), teams);
    }

    private static ComplaintMeasureDto Measure(Guid? teamId, string name, IReadOnlyList<Row> rows, ComplaintCauses causes)
    {
        var complaints = rows.Select(r => r.Complaint).OfType<Complaint>().ToList();
        var byCause = rows.GroupBy(r => r.Complaint?.Cause ?? "")
            .Select(g => new CauseCountDto(g.Key, g.Key.Length == 0 ? "Not recorded yet" : causes.NameOf(g.Key), g.Count()))
            .OrderByDescending(c => c.Complaints).ThenBy(c => c.Name, StringComparer.CurrentCulture).ToList();
        var atFirstContact = rows.Count(r => r.Complaint is { AgreedAt: not null, AgreedAtFirstContact: true, Reopened: 0 } && !r.Disagreed);
        var times = new[]
        {
            Step(ComplaintStep.Listen, complaints.Select(c => Span(c.StartedAt, c.ListenedAt))),
            Step(ComplaintStep.Apologise, complaints.Select(c => Span(c.ListenedAt, c.ApologisedAt))),
            Step(ComplaintStep.Solve, complaints.Select(c => Span(c.ApologisedAt, c.AgreedAt))),
            Step(ComplaintStep.Thank, complaints.Select(c => Span(c.AgreedAt, c.ThankedAt))),
            Step(ComplaintStep.FollowUp, rows.Where(r => r.Complaint is not null).Select(r => Span(r.Complaint!.ThankedAt,
                r.Complaint.FollowUpWaivedAt ?? (r.FollowUp?.Status == PromiseStatus.Kept ? r.FollowUp.ClosedAt : null)))),
        };
        return new ComplaintMeasureDto(teamId, name, rows.Count, byCause, atFirstContact, times,
            rows.Count(r => r.FollowUp is not null), rows.Count(r => r.FollowUp?.Status == PromiseStatus.Kept),
            rows.Count(r => r.FollowUp?.Status == PromiseStatus.Broken), complaints.Count(c => c.FollowUpWaivedAt is not null),
            complaints.Count(c => c.Reopened > 0));
    }

    private static double? Span(DateTime? start, DateTime? end) =>
        start is { } s && end is { } e ? Math.Max(0, (e - s).TotalHours) : null;

    /// <summary>Mean and median hours over the complaints that completed the step.</summary>
    public static StepTimeDto Step(ComplaintStep step, IEnumerable<double?> hours)
    {
        var done = hours.OfType<double>().Order().ToList();
        if (done.Count == 0)
        {
            return new StepTimeDto(step, 0, null, null);
        }

        var median = done.Count % 2 == 1 ? done[done.Count / 2] : (done[(done.Count / 2) - 1] + done[done.Count / 2]) / 2;
        return new StepTimeDto(step, done.Count, Math.Round(done.Average(), 2), Math.Round(median, 2));
    }
}
