using System.Text.Json;

namespace Rapport.Features.Privacy;

/// <summary>
/// Who a subject-rights request is about: their record and any merged into it, and the conversations and cases that
/// hang off them. What a feature keeps about the person hangs off one of these.
/// </summary>
public sealed record SubjectRecords(Guid CustomerId, IReadOnlyList<Guid> CustomerIds, IReadOnlyList<Guid> ConversationIds, IReadOnlyList<Guid> CaseIds);

/// <summary>
/// A feature's records about a person in subject rights (C22), owned by that feature as merges are
/// (<see cref="Customers.ICustomerMergeParticipant"/>): a section of the subject-access export (in <c>data.json</c> and
/// in <c>report.html</c>) and its part of the erasure. A feature that stores something about a customer registers one,
/// so the export and the erasure cannot forget it.
/// </summary>
public interface ISubjectRightsParticipant
{
    /// <summary>The property of <c>data.json</c> the section is written under ("loyalty").</summary>
    string Section { get; }

    /// <summary>Writes the section's value: every stored field of every record about the person.</summary>
    Task WriteDataAsync(Utf8JsonWriter json, JsonSerializerOptions options, SubjectRecords subject, CancellationToken ct);

    /// <summary>Writes the section of the readable report.</summary>
    Task WriteReportAsync(SubjectAccessHtml html, SubjectRecords subject, CancellationToken ct);

    /// <summary>
    /// The ids the feature's records about the person are audited under, when that is not the customer, a conversation or
    /// a case (e.g. a feedback entry's own id): their entries are exported, and redacted on erasure so the chain still verifies.
    /// </summary>
    Task<IReadOnlyList<Guid>> AuditSubjectIdsAsync(SubjectRecords subject, CancellationToken ct);

    /// <summary>
    /// Anonymises the records, inside the erasure's transaction, with bulk updates (never through tracked entities, whose
    /// automatic audit would copy the erased values into new entries): free text goes, what statistics need stays. Returns
    /// how many records it anonymised or removed.
    /// </summary>
    Task<int> EraseAsync(SubjectRecords subject, CancellationToken ct);
}
