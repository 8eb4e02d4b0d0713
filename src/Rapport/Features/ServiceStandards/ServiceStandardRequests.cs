using Rapport.Features.Cases;
using Rapport.Features.Customers;

namespace Rapport.Features.ServiceStandards;

/// <summary>
/// A service-standard policy. Name is required; an absent channel, kind or priority matches any; targets are in minutes
/// (at least one; an absent one is not measured); businessHours is true unless given.
/// </summary>
public sealed record ServicePolicyRequest(string Name, Channel? Channel = null, string? Kind = null, CasePriority? Priority = null,
    int? FirstResponseMinutes = null, int? CustomerUpdateMinutes = null, int? ResolutionMinutes = null, bool? BusinessHours = null);

public sealed record ServicePolicyDto(Guid Id, string Name, Channel? Channel, string? Kind, CasePriority? Priority,
    int? FirstResponseMinutes, int? CustomerUpdateMinutes, int? ResolutionMinutes, bool BusinessHours, int Specificity);

/// <summary>
/// One clock on a case. State: running, paused, met, metLate or breached. <c>DueAt</c> is the due time if the clock ran
/// from now on (for a paused one) and <c>Remaining</c> the time left until it (negative once overdue).
/// </summary>
public sealed record CaseTargetDto(TargetKind Target, string State, DateTime DueAt, TimeSpan Remaining, bool BusinessHours,
    DateTime StartedAt, DateTime? MetAt, DateTime? BreachedAt, Guid PolicyId);

/// <summary>
/// A case's service standards and how well the customer is kept informed: its clocks, when the customer was last told
/// how things stand, whether it is delayed (and why), and the delay message the organisation's template suggests.
/// </summary>
public sealed record CaseServiceDto(Guid CaseId, IReadOnlyList<CaseTargetDto> Targets, DateTime? LastCustomerUpdateAt,
    TimeSpan SinceLastCustomerUpdate, bool Delayed, IReadOnlyList<string> DelayReasons, string? SuggestedExplanation, Guid? ConversationId);

/// <summary>A running clock in the "due soon" view (overdue ones not yet recorded come first).</summary>
public sealed record DueTargetDto(Guid CaseId, string Number, string Title, CaseStatus Status, CasePriority Priority, Guid? OwnerId,
    TargetKind Target, DateTime DueAt, DateTime? BreachedAt);

public sealed record DueSoonDto(DateTime Now, TimeSpan Within, IReadOnlyList<DueTargetDto> DueSoon, IReadOnlyList<DueTargetDto> Breached);

/// <summary>The explanation to send to the customer (typically the suggested one, edited).</summary>
public sealed record DelayExplanationRequest(string Text);

public static class ServiceStandardMapping
{
    public static ServicePolicyDto ToDto(this ServicePolicy p) => new(p.Id, p.Name, p.Channel, p.Kind, p.Priority,
        p.FirstResponseMinutes, p.CustomerUpdateMinutes, p.ResolutionMinutes, p.BusinessHours, p.Specificity);
}
