using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rapport.Features.Cases;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.ServiceStandards;

/// <summary>
/// Recomputes the service-standard clocks of every case saved, in the same transaction. An interceptor rather than
/// calls in each case operation because cases change in many places (API, bulk actions, replies, merges, demo data)
/// and a clock that one of them forgot would be silently wrong.
/// </summary>
public sealed class CaseTargetsInterceptor(TimeProvider time, ServiceStandardEvents events) : SaveChangesInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, List<Guid>> changed = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is RapportDbContext db)
        {
            var cases = db.ChangeTracker.Entries<Case>()
                .Where(e => e.State is EntityState.Added || e.State is EntityState.Modified && e.Properties.Any(p => p.IsModified && Relevant(p.Metadata.Name)))
                .Select(e => e.Entity).ToList();
            if (cases.Count > 0)
            {
                await PlanAsync(db, cases, cancellationToken);
                changed.AddOrUpdate(db, cases.Select(c => c.Id).ToList());
            }
        }

        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && changed.TryGetValue(db, out var ids))
        {
            changed.Remove(db);
            events.Changed(ids);
        }

        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            changed.Remove(db);
        }

        return Task.CompletedTask;
    }

    private static bool Relevant(string property) => property is nameof(Case.Status) or nameof(Case.Priority) or nameof(Case.Kind)
        or nameof(Case.FirstResponseAt) or nameof(Case.LastCustomerUpdateAt) or nameof(Case.ResolvedAt) or nameof(Case.UpdatedAt);

    private async Task PlanAsync(RapportDbContext db, List<Case> cases, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var policies = await db.Set<ServicePolicy>().AsNoTracking().ToListAsync(ct);
        var calendar = await OrganisationCalendar.LoadAsync(db, ct);
        var ids = cases.Select(c => c.Id).ToList();
        var existing = policies.Count == 0 && cases.All(c => db.Entry(c).State == EntityState.Added)
            ? []
            : await db.Set<CaseTarget>().Where(t => ids.Contains(t.CaseId)).ToListAsync(ct);
        foreach (var c in cases)
        {
            var policy = policies.Count == 0 ? null : ServicePolicy.For(policies, await ChannelOfAsync(db, c, ct), c.Kind, c.Priority);
            var facts = new CaseClockFacts(c.Id, c.CreatedAt, c.Status, c.FirstResponseAt, c.LastCustomerUpdateAt, c.ResolvedAt);
            var ended = new List<ServiceClockOutcome>();
            var (added, removed) = TargetPlanner.Apply(facts, policy, existing.Where(t => t.CaseId == c.Id).ToList(), calendar, now, ended);
            db.Set<CaseTarget>().AddRange(added);
            db.Set<ServiceClockOutcome>().AddRange(ended);
            db.Set<CaseTarget>().RemoveRange(removed);
        }
    }

    /// <summary>The channel of the case's first linked conversation (being linked in this save, or already).</summary>
    private static async Task<Channel?> ChannelOfAsync(RapportDbContext db, Case c, CancellationToken ct)
    {
        var linking = db.ChangeTracker.Entries<CaseConversation>().Where(e => e.State == EntityState.Added && e.Entity.CaseId == c.Id)
            .Select(e => e.Entity.ConversationId).FirstOrDefault();
        if (linking != Guid.Empty)
        {
            return await db.Conversations.Where(x => x.Id == linking).Select(x => (Channel?)x.LastChannel).FirstOrDefaultAsync(ct);
        }

        return await db.CaseConversations.Where(l => l.CaseId == c.Id).OrderBy(l => l.LinkedAt)
            .Join(db.Conversations, l => l.ConversationId, x => x.Id, (l, x) => (Channel?)x.LastChannel).FirstOrDefaultAsync(ct);
    }
}
