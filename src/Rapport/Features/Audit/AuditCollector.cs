using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

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
        var shape = ShapeOf(entry.Metadata);
        var originals = entry.State == EntityState.Added ? null : entry.OriginalValues;
        var currents = entry.State == EntityState.Deleted ? null : entry.CurrentValues;
        foreach (var field in shape.Fields)
        {
            var before = originals?[field.Property];
            var after = currents?[field.Property];
            if (entry.State == EntityState.Modified && (!entry.Property(field.Property).IsModified || Equals(before, after)))
            {
                continue;
            }

            if (before is null && after is null)
            {
                continue;
            }

            result[field.Name] = field.Redacted
                ? new FieldChange(before is null ? null : "(redacted)", after is null ? null : "(redacted)")
                : new FieldChange(before, after);
        }

        // Owned types (e.g. the communication profile) are tracked as their own entries under the owner.
        foreach (var (navigation, name) in shape.Owned)
        {
            if (entry.Reference(navigation).TargetEntry is { State: EntityState.Modified or EntityState.Added } owned)
            {
                foreach (var (field, change) in Describe(owned).Where(c => c.Key != "customerId" && c.Key != "id"))
                {
                    result[$"{name}.{field}"] = change;
                }
            }
        }

        return result;
    }

    // What to describe of an entity type, worked out once per type: reading the attributes of every property on every
    // save was a measurable share of each audited write.
    private static readonly ConcurrentDictionary<IEntityType, Shape> Shapes = new();

    private static Shape ShapeOf(IEntityType type) => Shapes.GetOrAdd(type, static t => new Shape(
        [.. t.GetProperties()
            .Where(p => p.PropertyInfo?.GetCustomAttribute<NotAuditedAttribute>() is null)
            .Select(p => new Field(p, Camel(p.Name), p.PropertyInfo?.GetCustomAttribute<AuditRedactedAttribute>() is not null))],
        [.. t.GetNavigations().Where(n => !n.IsCollection && n.TargetEntityType.IsOwned()).Select(n => (n.Name, Camel(n.Name)))]));

    private sealed record Field(IProperty Property, string Name, bool Redacted);

    private sealed record Shape(IReadOnlyList<Field> Fields, IReadOnlyList<(string Navigation, string Name)> Owned);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    internal sealed record FieldChange(object? Before, object? After);
}
