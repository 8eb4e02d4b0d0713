using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Features.Identity;
using Rapport.Features.Notifications;
using Rapport.Features.Webhooks;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.ServiceStandards;

/// <summary>What integrations receive in sla.due_soon and sla.breached.</summary>
public sealed record ServiceTargetEventDto(Guid CaseId, string Number, string Title, TargetKind Target, DateTime DueAt, Guid? OwnerId, Guid PolicyId);

/// <summary>
/// Every <c>Rapport:ServiceStandards:SweepSeconds</c> (default 60): clocks coming due within
/// <c>Rapport:ServiceStandards:DueSoonMinutes</c> (default 30) are announced once, and clocks past due are recorded as
/// breached (an audited <see cref="ServiceBreach"/>), each in small batches read by range scans of the due-time index.
/// The case owner (due soon and breached) and supervisors (breached) are notified; webhooks go out through the outbox.
/// </summary>
public sealed class ServiceSweeper(IServiceScopeFactory scopes, IConfiguration config, TimeProvider time,
    ServiceStandardEvents events, ILogger<ServiceSweeper> log) : BackgroundService
{
    public const int BatchSize = 200;
    private readonly SemaphoreSlim gate = new(1, 1);

    public TimeSpan DueSoonWindow => TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Rapport:ServiceStandards:DueSoonMinutes", 30)));

    private TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Rapport:ServiceStandards:SweepSeconds", 60)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "The service-standard sweep failed; it runs again in {Interval}.", Interval);
            }
        }
    }

    /// <summary>Sweeps until nothing is left to announce or record; one sweep at a time on this node. Returns (due soon, breached).</summary>
    public async Task<(int DueSoon, int Breached)> SweepAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            int dueSoon = 0, breached = 0, n;
            while ((n = await BatchAsync(breach: true, ct)) > 0)
            {
                breached += n;
            }

            while ((n = await BatchAsync(breach: false, ct)) > 0)
            {
                dueSoon += n;
            }

            return (dueSoon, breached);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<int> BatchAsync(bool breach, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("service-standards");
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + DueSoonWindow;
        var batch = await (breach ? ServiceClockQueries.Overdue(db, now) : ServiceClockQueries.ToAnnounce(db, now, until)).Take(BatchSize).ToListAsync(ct);
        if (batch.Count == 0)
        {
            return 0;
        }

        var caseIds = batch.Select(t => t.CaseId).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var supervisors = breach ? await SupervisorsAsync(db, ct) : [];
        var notified = new HashSet<Guid>();
        var payloads = new List<object>();
        foreach (var target in batch)
        {
            var c = cases[target.CaseId];
            var due = target.DueAt!.Value;
            if (breach)
            {
                target.BreachedAt = due;
                db.Add(new ServiceBreach { CaseId = c.Id, Kind = target.Kind, PolicyId = target.PolicyId, DueAt = due, RecordedAt = now });
            }
            else
            {
                target.DueSoonNotifiedAt = now;
            }

            payloads.Add(new ServiceTargetEventDto(c.Id, c.Reference, c.Title, target.Kind, due, c.OwnerId, target.PolicyId));
            var text = breach
                ? $"{c.Reference} {c.Title}: {TargetLabels.Of(target.Kind)} target missed"
                : $"{c.Reference} {c.Title}: {TargetLabels.Of(target.Kind)} due soon";
            var recipients = (c.OwnerId is { } owner ? [owner] : Array.Empty<Guid>()).Concat(supervisors);
            notified.UnionWith(await notifier.TellAsync(new Notice(breach ? "sla.breached" : "sla.due_soon", text, $"/cases/{c.Id}", now), recipients, ct));
        }

        await WebhookEvents.RaiseAsync(db, breach ? WebhookEvents.SlaBreached : WebhookEvents.SlaDueSoon, payloads, now, ct);
        await db.SaveChangesAsync(ct);
        notifier.Published(notified);
        events.Changed(caseIds);
        return batch.Count;
    }

    private static Task<List<Guid>> SupervisorsAsync(RapportDbContext db, CancellationToken ct) =>
        db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Supervisor), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .Distinct().ToListAsync(ct);
}

public static class TargetLabels
{
    public static string Of(TargetKind kind) => kind switch
    {
        TargetKind.FirstResponse => "first response",
        TargetKind.CustomerUpdate => "customer update",
        _ => "resolution",
    };
}
