using Rapport.Features.Webhooks;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Cases;

/// <summary>The case as integrations receive it in case.* webhooks.</summary>
public sealed record CaseEventDto(Guid Id, string Number, Guid CustomerId, string Kind, string Title, CaseStatus Status,
    CasePriority Priority, Guid? OwnerId, Guid? TeamId, IReadOnlyList<string> Tags, DateTime UpdatedAt);

/// <summary>A status change: the case and where it came from.</summary>
public sealed record CaseStatusChangedDto(CaseEventDto Case, CaseStatus From, CaseStatus To);

public static class CaseWebhooks
{
    public static CaseEventDto ToEvent(this Case c) => new(c.Id, c.Reference, c.CustomerId, c.Kind, c.Title, c.Status, c.Priority,
        c.OwnerId, c.TeamId, c.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal).ToList(), c.UpdatedAt);

    public static Task CreatedAsync(RapportDbContext db, Case c, DateTime now, CancellationToken ct) =>
        WebhookEvents.RaiseAsync(db, WebhookEvents.CaseCreated, [c.ToEvent()], now, ct);

    public static Task UpdatedAsync(RapportDbContext db, IEnumerable<Case> cases, DateTime now, CancellationToken ct) =>
        WebhookEvents.RaiseAsync(db, WebhookEvents.CaseUpdated, cases.Select(c => (object)c.ToEvent()).ToList(), now, ct);

    public static Task StatusChangedAsync(RapportDbContext db, IEnumerable<(Case Case, CaseStatus From)> changes, DateTime now, CancellationToken ct) =>
        WebhookEvents.RaiseAsync(db, WebhookEvents.CaseStatusChanged,
            changes.Select(x => (object)new CaseStatusChangedDto(x.Case.ToEvent(), x.From, x.Case.Status)).ToList(), now, ct);
}
