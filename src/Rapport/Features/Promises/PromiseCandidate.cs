using Rapport.Features.ServiceStandards;

namespace Rapport.Features.Promises;

/// <summary>
/// A sentence of an outgoing message that reads as an undertaking to the customer, proposed for recording.
/// <see cref="Due"/> is null when the sentence gives no usable time ("shortly", "as soon as it comes through").
/// </summary>
/// <param name="Sentence">The sentence as written.</param>
/// <param name="Start">Where the sentence starts in the message, for highlighting.</param>
/// <param name="What">The undertaking without its due time, e.g. "call you back".</param>
/// <param name="Due">When it is due.</param>
/// <param name="DueText">The words the due time was read from, e.g. "tomorrow morning".</param>
/// <param name="Language">"en" or "fr".</param>
/// <param name="Condition">What the customer must do first, when the undertaking depends on it ("once you've returned it").</param>
public sealed record PromiseCandidate(string Sentence, int Start, string What, DateTimeOffset? Due, string? DueText, string Language, string? Condition = null);

/// <summary>What a due time is relative to: when the message is sent, where the customer is, and when the business works.</summary>
public sealed record PromiseContext(DateTimeOffset SentAt, TimeZoneInfo CustomerTimeZone, BusinessCalendar Calendar);
