using Rapport.Features.Webhooks;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Referrals;

/// <summary>
/// In-process signal, raised after the commit, that a referral of a case or conversation was made or answered, so open
/// case pages, conversation pages and "Referred to me" lists refresh. One node needs nothing more (see ARCHITECTURE).
/// </summary>
public sealed class ReferralEvents
{
    /// <summary>The case or conversation id whose referrals changed.</summary>
    public event Action<Guid>? Changed;

    public void Raise(Referral r) => Changed?.Invoke(r.CaseId ?? r.ConversationId!.Value);
}

/// <summary>The referral as integrations receive it in referral.* webhooks.</summary>
public static class ReferralWebhooks
{
    public const string Created = WebhookEvents.ReferralCreated;
    public const string Accepted = WebhookEvents.ReferralAccepted;
    public const string Declined = WebhookEvents.ReferralDeclined;

    public static Task RaiseAsync(RapportDbContext db, string eventName, Referral r, DateTime now, CancellationToken ct) =>
        WebhookEvents.RaiseAsync(db, eventName, [r.ToDto()], now, ct);
}
