using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rapport.Features.Identity;

/// <summary>
/// Makes the token cache forget a token when it is revoked and every token of a user whose account, roles or claims
/// change, whichever code path saves the change on this node. It forgets before the save (no stale entry is used from
/// then on) and again after it (an entry cached while the save was running is dropped too), and then tells the other
/// nodes (<see cref="ApiTokenCacheSync"/>).
/// </summary>
public sealed class ApiTokenCacheInvalidation(ApiTokenCache cache, ApiTokenCacheSync sync) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Affected> pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            var affected = Collect(db);
            if (affected.Any)
            {
                Forget(affected);
                pending.AddOrUpdate(db, affected);
            }
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && pending.TryGetValue(db, out var affected))
        {
            pending.Remove(db);
            Forget(affected);
            sync.Forgotten(affected.TokenHashes, affected.UserIds, affected.Everyone);
        }

        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    private void Forget(Affected affected)
    {
        if (affected.Everyone)
        {
            cache.ForgetAll();
        }

        foreach (var hash in affected.TokenHashes)
        {
            cache.ForgetToken(hash);
        }

        foreach (var userId in affected.UserIds)
        {
            cache.ForgetUser(userId);
        }
    }

    private static Affected Collect(DbContext db)
    {
        var affected = new Affected();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case ApiToken token when entry.State != EntityState.Added:
                    affected.TokenHashes.Add(token.Hash);
                    break;
                case AppUser user when entry.State != EntityState.Added:
                    affected.UserIds.Add(user.Id);
                    break;
                case IdentityUserRole<Guid> role:
                    affected.UserIds.Add(role.UserId);
                    break;
                case IdentityUserClaim<Guid> claim:
                    affected.UserIds.Add(claim.UserId);
                    break;
                case IdentityRole<Guid> or IdentityRoleClaim<Guid> when entry.State != EntityState.Added:
                    affected.Everyone = true;
                    break;
                case TwoFactor.TwoFactorRoleRequirement:
                    // Whether a person must enrol first decides whether their principal has roles at all.
                    affected.Everyone = true;
                    break;
            }
        }

        return affected;
    }

    private sealed class Affected
    {
        public HashSet<string> TokenHashes { get; } = new(StringComparer.Ordinal);
        public HashSet<Guid> UserIds { get; } = [];
        /// <summary>A role or its claims changed: every cached principal may be out of date.</summary>
        public bool Everyone { get; set; }
        public bool Any => Everyone || TokenHashes.Count > 0 || UserIds.Count > 0;
    }
}
