using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>
/// One line of a customer's consent ledger (C21). Never changed or deleted while the customer exists: a withdrawal is a
/// new entry, and the state of a purpose is read from the newest entry that covers it (<see cref="ConsentState"/>).
/// </summary>
public sealed class ConsentRecord : IAudited
{
    public const int TextMaxLength = 2_000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; internal set; }
    public ConsentPurpose Purpose { get; init; }
    public ConsentChannel Channel { get; init; }
    public ConsentDecision Decision { get; init; }
    public LawfulBasis Basis { get; init; }
    public ConsentSource Source { get; init; }
    /// <summary>When the customer gave, withdrew or refused it (may be before it was recorded, e.g. on a paper form).</summary>
    public DateTime At { get; init; }
    /// <summary>When it was written into the ledger.</summary>
    public DateTime RecordedAt { get; init; }
    public Guid? RecordedById { get; init; }
    public required string RecordedByName { get; init; }
    /// <summary>The words shown or said to the customer when they decided (ICO: keep a record of what they were told).</summary>
    [FreeText]
    public string? Wording { get; init; }
    /// <summary>Where the proof is: a form reference, a call id, a note.</summary>
    [FreeText]
    public string? Evidence { get; init; }

    public string AuditSubjectType => "customer";
    public Guid AuditSubjectId => CustomerId;
    public string AuditEntityName => "consent";

    /// <summary>Whether this entry says something about <paramref name="channel"/> of <paramref name="purpose"/>.</summary>
    public bool Covers(ConsentPurpose purpose, ConsentChannel channel) =>
        Purpose == purpose && (Channel == ConsentChannel.All || channel == ConsentChannel.All || Channel == channel);
}
