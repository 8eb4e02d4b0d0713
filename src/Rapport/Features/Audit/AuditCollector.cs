using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Rapport.Features.Audit;

/// <summary>Turns the change tracker's pending inserts, updates and deletes of audited entities into audit drafts.</summary>
internal static class AuditCollector
{
    public static List<AuditDraft> Collect(ChangeTracker tracker, AuditContext audit)
    {
        var drafts = new List<AuditDraft>();
        foreach (var entry in tracker.Entries<IAudited>())
        {
            var verb = entry.State switch
            {
                EntityState.Added => "added",
                EntityState.Modified => "updated",
                EntityState.Deleted => "deleted",
                _ => null,
            };
            if (verb is null)
            {
                continue;
            }

            var changes = Describe(entry);
            if (entry.State == EntityState.Modified && changes.Count == 0)
            {
                continue;
            }

            var e = entry.Entity;
            drafts.Add(new AuditDraft($"{e.AuditEntityName}.{verb}", e.AuditSubjectType, e.AuditSubjectId.ToString(),
                AuditJson.Serialize(changes)));
        }

        drafts.AddRange(audit.TakeExplicitEntries());
        return drafts;
    }

    /// <summary>
    /// The drafts a save would make for these new entities (and any explicit entries), for writers that store rows
    /// without the change tracker: the entities are tracked only long enough to be described.
    /// </summary>
    public static List<AuditDraft> CollectAdded(DbContext db, AuditContext audit, IReadOnlyCollection<object> added)
    {
        if (db.ChangeTracker.Entries().Any())
        {
            throw new InvalidOperationException("CollectAdded needs an empty change tracker: it clears it when done.");
        }

        try
        {
            foreach (var entity in added)
            {
                db.Add(entity);
            }

            return Collect(db.ChangeTracker, audit);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static Dictionary<string, FieldChange> Describe(EntityEntry entry)
    {
        var result = new Dictionary<string, FieldChange>();
        foreach (var property in entry.Properties)
        {
            var clr = property.Metadata.PropertyInfo;
            if (clr?.GetCustomAttribute<NotAuditedAttribute>() is not null)
            {
                continue;
            }

            var redacted = clr?.GetCustomAttribute<AuditRedactedAttribute>() is not null;
            object? before = entry.State == EntityState.Added ? null : property.OriginalValue;
            object? after = entry.State == EntityState.Deleted ? null : property.CurrentValue;
            if (entry.State == EntityState.Modified && (!property.IsModified || Equals(before, after)))
            {
                continue;
            }

            if (before is null && after is null)
            {
                continue;
            }

            result[Camel(property.Metadata.Name)] = redacted
                ? new FieldChange(before is null ? null : "(redacted)", after is null ? null : "(redacted)")
                : new FieldChange(before, after);
        }

        // Owned types (e.g. the communication profile) are tracked as their own entries under the owner.
        foreach (var reference in entry.References.Where(r => r.TargetEntry is not null && r.Metadata.TargetEntityType.IsOwned()))
        {
            var owned = reference.TargetEntry!;
            if (owned.State is EntityState.Modified or EntityState.Added)
            {
                foreach (var (field, change) in Describe(owned).Where(c => c.Key != "customerId" && c.Key != "id"))
                {
                    result[$"{Camel(reference.Metadata.Name)}.{field}"] = change;
                }
            }
        }

        return result;
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    internal sealed record FieldChange(object? Before, object? After);
}
