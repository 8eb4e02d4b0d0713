namespace Rapport.Features.Templates;

/// <summary>
/// What one rendering knows, already in the customer's terms (dates formatted for their language and the organisation's
/// zone). Null values render as empty text.
/// </summary>
public sealed record TemplateValues
{
    public string? CustomerName { get; init; }
    public string? CustomerFirstName { get; init; }
    public string? CustomerSince { get; init; }
    public string? CustomerTenure { get; init; }
    public string? CaseNumber { get; init; }
    public string? CaseTitle { get; init; }
    public string? PromiseDue { get; init; }
    public string? PromiseWhat { get; init; }
    public string? AgentName { get; init; }
    public string? OrganisationName { get; init; }
    public string? DelayNewTime { get; init; }
    public string? DelayReason { get; init; }
    public string? ReferralTo { get; init; }
    public bool ReferralToTeam { get; init; }
    public string? ChannelFrom { get; init; }
    public string? ChannelTo { get; init; }

    /// <summary>The examples of <see cref="TemplatePlaceholders"/>: what a template is checked and its SMS parts counted with.</summary>
    public static TemplateValues Sample { get; } = new()
    {
        CustomerName = "Ada Lovelace",
        CustomerFirstName = "Ada",
        CustomerSince = "January 2023",
        CustomerTenure = "3 years 1 month",
        CaseNumber = "C-000042",
        CaseTitle = "Refund for order 1234",
        PromiseDue = "Friday 4 December at 17:00",
        PromiseWhat = "call you back with the refund status",
        AgentName = "Sam Carter",
        OrganisationName = "Rapport demo",
        DelayNewTime = "Monday 7 December at 17:30",
        DelayReason = "[say why]",
        ReferralTo = "Billing",
        ReferralToTeam = true,
        ChannelFrom = "chat",
        ChannelTo = "email",
    };

    internal IEnumerable<(string Root, Dictionary<string, object?> Members)> Roots()
    {
        yield return ("customer", new()
        {
            ["name"] = CustomerName,
            ["first_name"] = CustomerFirstName,
            ["preferred_name"] = CustomerFirstName ?? CustomerName,
            ["since"] = CustomerSince,
            ["tenure"] = CustomerTenure,
        });
        yield return ("case", new() { ["number"] = CaseNumber, ["title"] = CaseTitle });
        yield return ("promise", new() { ["due"] = PromiseDue, ["what"] = PromiseWhat });
        yield return ("agent", new() { ["name"] = AgentName, ["first_name"] = FirstWord(AgentName) });
        yield return ("organisation", new() { ["name"] = OrganisationName });
        yield return ("delay", new() { ["new_time"] = DelayNewTime, ["reason"] = DelayReason });
        yield return ("referral", new() { ["to"] = ReferralTo, ["to_team"] = ReferralToTeam });
        yield return ("channel", new() { ["from"] = ChannelFrom, ["to"] = ChannelTo });
    }

    private static string? FirstWord(string? name) => name?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? name;
}
