using System.ComponentModel.DataAnnotations;

namespace Rapport.Features.Privacy;

/// <summary>
/// A decision to add to the customer's consent ledger. Marketing consent names its channel (PECR asks per channel);
/// a withdrawal or refusal may cover every channel. A consent given on the basis of consent keeps the wording the
/// customer agreed to. <paramref name="At"/> defaults to now and cannot be in the future.
/// </summary>
public sealed record RecordConsentRequest(
    ConsentPurpose Purpose,
    ConsentDecision Decision,
    LawfulBasis Basis,
    ConsentSource Source,
    ConsentChannel Channel = ConsentChannel.All,
    DateTime? At = null,
    [property: StringLength(ConsentRecord.TextMaxLength)] string? Wording = null,
    [property: StringLength(ConsentRecord.TextMaxLength)] string? Evidence = null);

/// <summary>One entry of the ledger as recorded.</summary>
public sealed record ConsentEntryDto(Guid Id, ConsentPurpose Purpose, ConsentChannel Channel, ConsentDecision Decision, LawfulBasis Basis,
    ConsentSource Source, DateTime At, DateTime RecordedAt, string RecordedBy, string? Wording, string? Evidence);

/// <summary>
/// Whether <paramref name="Purpose"/> on <paramref name="Channel"/> is allowed now, and the entry that decided it
/// (<paramref name="Decision"/> is null when the customer was never asked: not allowed).
/// </summary>
public sealed record ConsentStateDto(ConsentPurpose Purpose, ConsentChannel Channel, bool Allowed, ConsentDecision? Decision, LawfulBasis? Basis,
    DateTime? Since, Guid? DecidedBy);

/// <summary>The customer's consents: the state of each purpose now, and every entry, oldest first.</summary>
public sealed record ConsentLedgerDto(Guid CustomerId, List<ConsentStateDto> Current, List<ConsentEntryDto> History);

public static class ConsentDtos
{
    public static ConsentEntryDto ToDto(this ConsentRecord r) =>
        new(r.Id, r.Purpose, r.Channel, r.Decision, r.Basis, r.Source, r.At, r.RecordedAt, r.RecordedByName, r.Wording, r.Evidence);
}
