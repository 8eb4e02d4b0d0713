using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Rapport.Features.Conversations;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// Marks a stored property as text that people write — a customer, a colleague, a sender's display name — which can
/// therefore carry a payment card number. Every such property is masked before it is saved (<see cref="FreeText"/>),
/// whichever screen, endpoint, import or job wrote it. A test requires every string property of the model to be either
/// marked or named as not written by people, so a new one cannot be forgotten.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FreeTextAttribute : Attribute;

/// <summary>The one owner of "card numbers are never stored readable" for everything saved through the model.</summary>
public static class FreeText
{
    private static readonly ConcurrentDictionary<Type, string[]> Marked = new();

    /// <summary>The names of <paramref name="type"/>'s properties marked <see cref="FreeTextAttribute"/>.</summary>
    public static string[] PropertiesOf(Type type) => Marked.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string) && p.IsDefined(typeof(FreeTextAttribute)))
            .Select(p => p.Name).ToArray());

    /// <summary>Masks card numbers in the marked properties of every added or changed entity, before audit sees them.</summary>
    public static void MaskCardNumbers(ChangeTracker changes)
    {
        foreach (var entry in changes.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var name in PropertiesOf(entry.Metadata.ClrType))
            {
                var property = entry.Property(name);
                if ((entry.State == EntityState.Added || property.IsModified) && property.CurrentValue is string text
                    && CardNumbers.Mask(text) is { } masked && !ReferenceEquals(masked, text))
                {
                    property.CurrentValue = masked;
                }
            }
        }
    }
}
