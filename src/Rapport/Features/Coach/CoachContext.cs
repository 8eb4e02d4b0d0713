using Rapport.Features.Customers;
using Rapport.Features.Promises;

namespace Rapport.Features.Coach;

/// <summary>
/// What the coach knows about the reply being written: who the customer is (their name as written on the record, whether
/// they are a person, how technically aware they are, their language), the customer's last message, whether the
/// conversation belongs to an open complaint, when the reply would be sent (for promises) and the organisation's glossary.
/// </summary>
public sealed record CoachContext(
    string? CustomerName,
    bool CustomerIsPerson,
    TechnicalAwareness Awareness,
    string? Language,
    string? LastInbound,
    bool IsComplaint,
    PromiseContext Promises,
    Glossary Glossary)
{
    /// <summary>A draft with no conversation: no customer, nothing inbound, the default glossary.</summary>
    public static CoachContext Bare(PromiseContext promises, Glossary? glossary = null) =>
        new(null, false, TechnicalAwareness.Unknown, null, null, false, promises, glossary ?? Glossary.Default);
}
