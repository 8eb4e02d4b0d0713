using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>
/// Retention (C23): the policy an administrator sets, a run that applies it in bounded batches and keeps a report, and
/// a dry run that counts what a run would do and changes nothing. Items under legal hold are skipped and counted.
/// </summary>
public sealed class RetentionService(RapportDbContext db, BlobStore blobs, LegalHolds holds, TimeProvider time)
{
    public const int MaxDays = 36_500;
    public const int BatchSize = 500;
    /// <summary>A run stops after this many batches per kind; the next run carries on where it stopped.</summary>
    public const int MaxBatchesPerKind = 200;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    public async Task<RetentionPolicyDto> PolicyAsync(CancellationToken ct) => ToDto(await ReadPolicyAsync(ct));

    public async Task<RetentionPolicyDto> SetPolicyAsync(SetRetentionPolicyRequest request, CancellationToken ct)
    {
        var days = new Dictionary<RetentionKind, int?>
        {
            [RetentionKind.Messages] = Valid(request.MessagesDays, "messagesDays"),
            [RetentionKind.Attachments] = Valid(request.AttachmentsDays, "attachmentsDays"),
            [RetentionKind.CallRecordings] = Valid(request.CallRecordingsDays, "callRecordingsDays"),
            [RetentionKind.AuditEntries] = Valid(request.AuditEntriesDays, "auditEntriesDays"),
            [RetentionKind.ClosedCases] = Valid(request.ClosedCasesDays, "closedCasesDays"),
        };
        var policy = await db.Set<RetentionPolicy>().FirstAsync(p => p.Id == RetentionPolicy.TheOne, ct);
        policy.Set(days, db.Audit.ActorName, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return ToDto(policy);
    }

    /// <summary>What a run would do now, changing nothing.</summary>
    public Task<RetentionRunDto> PreviewAsync(CancellationToken ct) => ApplyAsync("preview", dryRun: true, ct);

    /// <summary>
    /// Runs the policy now. Only one run at a time across every node sharing the database: the run takes a lease on the
    /// policy row with one conditional update; when another node holds it, a manual run is refused and a scheduled one skipped.
    /// </summary>
    public async Task<RetentionRunDto?> RunAsync(string? ranBy, CancellationToken ct)
    {
        ranBy ??= db.Audit.ActorName;
        var now = time.GetUtcNow().UtcDateTime;
        var taken = await db.Set<RetentionPolicy>()
            .Where(p => p.Id == RetentionPolicy.TheOne && (p.RunLeasedUntil == null || p.RunLeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RunLeasedUntil, now + Lease), ct);
        if (taken == 0)
        {
            return null;
        }

        try
        {
            return await ApplyAsync(ranBy, dryRun: false, ct);
        }
        finally
        {
            await db.Set<RetentionPolicy>().Where(p => p.Id == RetentionPolicy.TheOne)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.RunLeasedUntil, (DateTime?)null), CancellationToken.None);
        }
    }

    /// <summary>The newest runs' reports, newest first.</summary>
    public async Task<List<RetentionRunDto>> ReportsAsync(int runs, CancellationToken ct)
    {
        // A run writes at most one line per kind.
        var lines = await db.Set<RetentionReport>().AsNoTracking().OrderByDescending(r => r.RanAt).ThenByDescending(r => r.RunId)
            .Take(runs * Enum.GetValues<RetentionKind>().Length).ToListAsync(ct);
        return lines.GroupBy(l => l.RunId).Select(g => g.OrderBy(l => l.Kind).ToList())
            .Select(g => new RetentionRunDto(g[0].RunId, g[0].RanAt, g[0].PolicyOf, g[0].RanBy, false,
                g.Select(l => new RetentionItemDto(l.Kind, l.Action, l.Count, l.Held, l.PeriodDays, l.CutOff, Note(l.Kind))).ToList()))
            .OrderByDescending(r => r.RanAt).ThenByDescending(r => r.RunId).Take(runs).ToList();
    }

    private async Task<RetentionRunDto> ApplyAsync(string ranBy, bool dryRun, CancellationToken ct)
    {
        var policy = await ReadPolicyAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var runId = Guid.CreateVersion7();
        var held = new Held(await holds.HeldCustomerIds.ToListAsync(ct), await holds.HeldCaseIds.ToListAsync(ct),
            await holds.HeldConversationIds.ToListAsync(ct));
        var steps = new RetentionSteps(db, blobs);
        var items = new List<RetentionItemDto>();
        foreach (var kind in Enum.GetValues<RetentionKind>())
        {
            if (policy.DaysFor(kind) is not { } days)
            {
                continue;
            }

            var cutOff = now.AddDays(-days);
            var (due, heldBack) = await steps.CountAsync(kind, cutOff, held, ct);
            var done = due;
            if (!dryRun)
            {
                done = 0;
                for (var batch = 0; batch < MaxBatchesPerKind; batch++)
                {
                    var changed = await steps.ApplyBatchAsync(kind, cutOff, held, BatchSize, policy.UpdatedAt ?? now, runId, ct);
                    done += changed;
                    if (changed < BatchSize)
                    {
                        break;
                    }
                }
            }

            items.Add(new RetentionItemDto(kind, RetentionSteps.ActionFor(kind), done, heldBack, days, cutOff, Note(kind)));
        }

        if (!dryRun && items.Count > 0)
        {
            foreach (var item in items)
            {
                db.Set<RetentionReport>().Add(new RetentionReport
                {
                    RunId = runId,
                    RanAt = now,
                    Kind = item.Kind,
                    Action = item.Action,
                    Count = item.Count,
                    Held = item.Held,
                    PeriodDays = item.PeriodDays,
                    CutOff = item.CutOff,
                    PolicyOf = policy.UpdatedAt ?? now,
                    RanBy = ranBy,
                });
            }

            db.Audit.Record(Audit.AuditRedaction.RetentionAction, "retention", runId,
                new { policyOf = policy.UpdatedAt, items = items.Select(i => new { kind = i.Kind.ToString(), action = i.Action.ToString(), i.Count, i.Held, i.CutOff }) });
            await db.SaveChangesAsync(ct);
        }

        return new RetentionRunDto(dryRun ? null : runId, now, policy.UpdatedAt, ranBy, dryRun, items);
    }

    private static string? Note(RetentionKind kind) => kind == RetentionKind.CallRecordings ? RetentionSteps.Covers(kind) : null;

    private Task<RetentionPolicy> ReadPolicyAsync(CancellationToken ct) =>
        db.Set<RetentionPolicy>().AsNoTracking().FirstAsync(p => p.Id == RetentionPolicy.TheOne, ct);

    private static int? Valid(int? days, string field) => days is null or (>= 1 and <= MaxDays)
        ? days
        : throw new InvalidInputException(field, $"A period is 1 to {MaxDays} days, or null to keep this kind forever.");

    private static RetentionPolicyDto ToDto(RetentionPolicy p) => new(
        Enum.GetValues<RetentionKind>().Select(k => new RetentionPeriodDto(k, p.DaysFor(k), RetentionSteps.ActionFor(k), RetentionSteps.Covers(k))).ToList(),
        p.UpdatedAt, p.UpdatedByName);
}
