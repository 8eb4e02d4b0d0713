using MudBlazor;

namespace Rapport.Features.Cases.Pages;

/// <summary>How statuses and priorities read on screen.</summary>
public static class CaseLabels
{
    public static string Status(CaseStatus s) => s switch
    {
        CaseStatus.PendingCustomer => "Pending customer",
        CaseStatus.PendingInternal => "Pending internal",
        _ => s.ToString(),
    };

    public static Color StatusColor(CaseStatus s) => s switch
    {
        CaseStatus.New => Color.Info,
        CaseStatus.Open => Color.Primary,
        CaseStatus.Resolved or CaseStatus.Closed => Color.Success,
        _ => Color.Warning,
    };

    public static Color PriorityColor(CasePriority p) => p switch
    {
        CasePriority.Urgent => Color.Error,
        CasePriority.High => Color.Warning,
        _ => Color.Default,
    };
}
