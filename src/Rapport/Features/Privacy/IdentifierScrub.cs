using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>
/// The net under erasure: replaces a person's distinctive identifiers (email addresses, phone numbers) wherever they are
/// still written, in every text column the model maps, found from the model rather than a list that a new table would
/// escape. The audit trail is left to <see cref="Audit.AuditRedaction"/> (its rows are hash-chained), staff accounts to
/// their owners.
/// </summary>
internal static class IdentifierScrub
{
    public const string Replacement = "[erased]";

    /// <summary>Tables this pass leaves alone, and why: hash-chained, or staff accounts and not the customer's.</summary>
    private static readonly HashSet<string> Skipped = ["audit_entries", "audit_pending", "AspNetUsers", "AspNetUserClaims", "AspNetUserLogins",
        "AspNetUserTokens", "AspNetRoles", "AspNetRoleClaims", "AspNetUserRoles"];

    /// <summary>Every (table, text column, key columns) the model maps.</summary>
    public static IEnumerable<(string Table, string Column, string[] Keys)> TextColumns(IModel model)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null || entity.FindPrimaryKey() is not { } key)
            {
                continue;
            }

            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var keys = key.Properties.Select(p => p.GetColumnName(store)).OfType<string>().ToArray();
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                if (property.GetColumnName(store) is { } column && seen.Add((table, column)) && keys.Length == key.Properties.Count)
                {
                    yield return (table, column, keys);
                }
            }
        }
    }

    /// <summary>Replaces the identifiers in every row that still holds one; returns how many values it changed.</summary>
    public static async Task<int> ScrubAsync(RapportDbContext db, IReadOnlyList<string> identifiers, CancellationToken ct)
    {
        var wanted = identifiers.Where(i => i.Length >= 5).Select(i => i.ToLowerInvariant()).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return 0;
        }

        var pattern = new Regex(string.Join('|', wanted.Select(Regex.Escape)), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var changed = 0;
        foreach (var (table, column, keys) in TextColumns(db.Model).Where(c => !Skipped.Contains(c.Table)))
        {
            var rows = new List<(object[] Key, string Value)>();
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                var tests = wanted.Select((_, i) => $"lower({Quote(column)}) LIKE @p{i}");
                select.CommandText = $"SELECT {string.Join(", ", keys.Select(Quote))}, {Quote(column)} FROM {Quote(table)} WHERE {string.Join(" OR ", tests)}";
                for (var i = 0; i < wanted.Count; i++)
                {
                    Add(select, $"p{i}", $"%{wanted[i]}%");
                }

                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var key = new object[keys.Length];
                    for (var k = 0; k < keys.Length; k++)
                    {
                        key[k] = reader.GetValue(k);
                    }

                    rows.Add((key, reader.GetString(keys.Length)));
                }
            }

            foreach (var (key, value) in rows)
            {
                var scrubbed = pattern.Replace(value, Replacement);
                if (scrubbed == value)
                {
                    continue;
                }

                await using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = $"UPDATE {Quote(table)} SET {Quote(column)} = @value WHERE "
                    + string.Join(" AND ", keys.Select((k, i) => $"{Quote(k)} = @k{i}"));
                Add(update, "value", scrubbed);
                for (var i = 0; i < key.Length; i++)
                {
                    Add(update, $"k{i}", key[i]);
                }

                changed += await update.ExecuteNonQueryAsync(ct);
            }
        }

        return changed;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
