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

    /// <summary>What the customer is told by default: who they are passed to and why, for the agent to edit.</summary>
    public static string CustomerMessage(ReferralTarget target) => target.TeamId is not null
        ? $"I'm passing you to our {target.Name} team because they are best placed to help with this. They will be in touch with you shortly."
        : $"I'm passing you to my colleague {target.Name.Split(' ')[0]} because they are best placed to help with this. They will be in touch with you shortly.";

    public static string Target(ReferralTarget target) => target.TeamId is not null ? $"{target.Name} (team)" : target.Name;
}
