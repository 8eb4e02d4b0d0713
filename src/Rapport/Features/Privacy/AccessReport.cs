using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>What kind of access an entry of the report is.</summary>
public enum AccessKind { Read, Export, Change }

/// <summary>One access to a customer's data: who, when, what, and the audit entry that proves it.</summary>
public sealed record AccessReportEntryDto(long Sequence, DateTime At, string ActorId, string ActorName, AccessKind Kind, string Action,
    string What, JsonElement Details, string? Reason);

/// <summary>
/// "Who saw or changed what about this customer": every audit entry about the customer and the records merged into it
/// (reads of confidential details, raw email downloads, changes, consents, merges), and every bulk export made while
/// the customer was on file. Read from the hash-chained audit trail, so it shows what was recorded, not what anyone claims.
/// </summary>
public sealed class AccessReport(RapportDbContext db, AuditLog audit, CustomerService customers)
{
    private static readonly string[] ReadActions = ["confidential.read", "message.rawDownloaded"];

    /// <summary>Newest first; null if there is no such customer.</summary>
    public async Task<Page<AccessReportEntryDto>?> ForCustomerAsync(Guid customerId, AccessKind? kind, int take, Cursor? after, CancellationToken ct)
    {
        if (await ConsentLedger.LiveCustomerIdAsync(db, customerId, ct) is not { } id)
        {
            return null;
        }

        long? before = null;
        if (after is not null)
        {
            before = long.TryParse(after.Key, out var b) ? b : throw new InvalidInputException("after", "after is not a cursor returned by this API.");
        }

        var ids = await customers.HistoryIdsAsync(id, ct);
        var onFileSince = await db.Customers.AsNoTracking().Where(c => c.Id == id || c.MergedIntoId == id).MinAsync(c => c.CreatedAt, ct);
        var subjects = ids.Select(i => ("customer", i)).Append((CustomerCsv.ExportSubjectType, CustomerCsv.ExportSubjectId)).ToList();

        // Filtering by kind happens after reading, so read in batches until a page is full or the trail is exhausted.
        var page = new List<AccessReportEntryDto>();
        while (page.Count <= take)
        {
            var batch = await audit.AboutAsync(subjects, Math.Max(take + 1, 100), before, ct);
            foreach (var e in batch)
            {
                if (e.SubjectType == CustomerCsv.ExportSubjectType && e.At < onFileSince)
                {
                    continue;
                }

                var entry = ToDto(e);
                if (kind is null || entry.Kind == kind)
                {
                    page.Add(entry);
                }
            }

            if (batch.Count < Math.Max(take + 1, 100))
            {
                break;
            }

            before = batch[^1].Sequence;
        }

        var next = page.Count > take ? new Cursor(page[take - 1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Guid.Empty).Encode() : null;
        return new Page<AccessReportEntryDto>(page.Take(take).ToList(), next);
    }

    private static AccessReportEntryDto ToDto(AuditEntry e)
    {
        using var doc = JsonDocument.Parse(e.Changes);
        var details = doc.RootElement.Clone();
        var kind = e.Action == CustomerCsv.ExportedAction ? AccessKind.Export
            : ReadActions.Contains(e.Action) ? AccessKind.Read
            : AccessKind.Change;
        return new AccessReportEntryDto(e.Sequence, e.At, e.ActorId, e.ActorName, kind, e.Action, Describe(e.Action, details), details, e.Reason);
    }

    private static string Describe(string action, JsonElement details)
    {
        string Text(string name) => details.ValueKind == JsonValueKind.Object && details.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() ?? ""
            : "";
        string Fields() => details.ValueKind == JsonValueKind.Object ? string.Join(", ", details.EnumerateObject().Select(p => p.Name)) : "";
        return action switch
        {
            "confidential.read" => $"Read the confidential detail \"{Text("label")}\"",
            "message.rawDownloaded" => $"Downloaded the original email of message {Text("messageId")}",
            CustomerCsv.ExportedAction => "Exported every customer (CSV), this one included",
            "customer.merged" => $"Merged {Text("duplicateName")} into this record",
            "customer.mergedInto" => "This record was merged into another",
            _ when action.EndsWith(".added", StringComparison.Ordinal) => $"Added {Entity(action)}",
            _ when action.EndsWith(".updated", StringComparison.Ordinal) => $"Changed {Entity(action)}: {Fields()}",
            _ when action.EndsWith(".deleted", StringComparison.Ordinal) => $"Removed {Entity(action)}",
            _ => action,
        };
    }

    private static string Entity(string action) => action[..action.IndexOf('.', StringComparison.Ordinal)] switch
    {
        "customer" => "the record",
        "contactPoint" => "a contact point",
        "note" => "a note",
        "confidentialDetail" => "a confidential detail",
        "consent" => "a consent entry",
        var other => other,
    };
}
