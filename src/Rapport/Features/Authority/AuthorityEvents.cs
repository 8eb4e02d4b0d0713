using Rapport.Features.Webhooks;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Authority;

/// <summary>In-process signal that a case's actions changed (requested, approved, rejected), so open screens update live.</summary>
public sealed class AuthorityEvents
{
    public event Action<Guid>? CaseActionsChanged;

    public void Changed(Guid caseId) => CaseActionsChanged?.Invoke(caseId);
}

/// <summary>The approval.* and case.action_completed webhooks; the payload is the action as the API shows it.</summary>
public static class AuthorityWebhooks
{
    public static Task RaiseAsync(RapportDbContext db, string eventName, CaseAction action, DateTime now, CancellationToken ct) =>
        WebhookEvents.RaiseAsync(db, eventName, [action.ToDto()], now, ct);
}
