namespace Rapport.Features.Cases;

public enum CaseStatus { New, Open, PendingCustomer, PendingInternal, Resolved, Closed }

public enum CasePriority { Low, Normal, High, Urgent }

/// <summary>
/// Which status may follow which. A case never goes back to New; a resolved case is reopened or closed; a closed case
/// can only be reopened. Staying in the same status is allowed and changes nothing.
/// </summary>
public static class CaseTransitions
{
    private static readonly Dictionary<CaseStatus, CaseStatus[]> Allowed = new()
    {
        [CaseStatus.New] = [CaseStatus.Open, CaseStatus.PendingCustomer, CaseStatus.PendingInternal, CaseStatus.Resolved, CaseStatus.Closed],
        [CaseStatus.Open] = [CaseStatus.PendingCustomer, CaseStatus.PendingInternal, CaseStatus.Resolved, CaseStatus.Closed],
        [CaseStatus.PendingCustomer] = [CaseStatus.Open, CaseStatus.PendingInternal, CaseStatus.Resolved, CaseStatus.Closed],
        [CaseStatus.PendingInternal] = [CaseStatus.Open, CaseStatus.PendingCustomer, CaseStatus.Resolved, CaseStatus.Closed],
        [CaseStatus.Resolved] = [CaseStatus.Open, CaseStatus.Closed],
        [CaseStatus.Closed] = [CaseStatus.Open],
    };

    public static bool IsAllowed(CaseStatus from, CaseStatus to) => from == to || Allowed[from].Contains(to);

    public static IReadOnlyList<CaseStatus> From(CaseStatus status) => Allowed[status];

    /// <summary>Statuses in which the case is still being worked on (service-standard clocks run).</summary>
    public static bool IsActive(CaseStatus status) => status is not (CaseStatus.Resolved or CaseStatus.Closed);
}

/// <summary>Case numbers as people say them: C-000123.</summary>
public static class CaseNumbers
{
    public static string Format(long number) => $"C-{number:000000}";

    public static bool TryParse(string? text, out long number)
    {
        number = 0;
        var t = text?.Trim();
        return t is { Length: > 2 } && t.StartsWith("C-", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(t.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number)
            && number > 0;
    }
}
