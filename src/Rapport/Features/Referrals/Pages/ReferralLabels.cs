using MudBlazor;

namespace Rapport.Features.Referrals.Pages;

/// <summary>How referral statuses read on screen.</summary>
public static class ReferralLabels
{
    public static string Status(ReferralStatus s) => s.ToString();

    public static Color StatusColor(ReferralStatus s) => s switch
    {
        ReferralStatus.Pending => Color.Warning,
        ReferralStatus.Accepted => Color.Success,
        ReferralStatus.Declined => Color.Error,
        _ => Color.Default,
    };

    public static string Target(ReferralTarget target) => target.TeamId is not null ? $"{target.Name} (team)" : target.Name;
}
