using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Promises;

namespace Rapport.Features.Timeline;

/// <summary>What a timeline entry is. At the same instant, messages come before promises, promises before cases, cases before loyalty actions.</summary>
public enum TimelineKind { Message, Promise, Case, Loyalty }

/// <summary>
/// One entry of a customer's timeline: a message or note (with its channel), a promise made to them, or a case
/// opened for them, or an offer granted or extra-mile action taken for them. <see cref="Href"/> opens the conversation or case it belongs to.
/// </summary>
public sealed record TimelineItem(TimelineKind Kind, Guid Id, DateTime At, string Href, string Title, string? Summary)
{
    public Channel Channel { get; init; }
    public MessageDirection Direction { get; init; }
    public string? Who { get; init; }
    public PromiseStatus? PromiseStatus { get; init; }
    public DateTime? DueAt { get; init; }
    public DateTime? ClosedAt { get; init; }
    public bool KeptOnTime { get; init; }
    public CaseStatus? CaseStatus { get; init; }
    public Loyalty.LoyaltyActionKind? LoyaltyKind { get; init; }
}
