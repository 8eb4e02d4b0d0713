namespace Rapport.Load.Pages;

/// <summary>
/// A page people wait for: the route it answers (a regular expression over the path), the element that shows its main
/// content has been read and rendered, and the link that leads to it from the page before it in the tour: a main-menu
/// entry, or the first row of the list page before it. The row's href is also the address the full loads open, so ids
/// come from the data being measured.
/// </summary>
internal sealed record PageTarget(string Name, string Route, string Ready, string Link);

internal static class PageTargets
{
    private const string Guid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /// <summary>
    /// The tour, in the order it is clicked through; it starts and ends on the inbox, where everyone lands after signing
    /// in. Each ready selector matches only once the page's own data is on screen: a table row that links on, the
    /// messages, the record's name, the case's status, a chart, an article.
    /// </summary>
    public static readonly IReadOnlyList<PageTarget> Tour =
    [
        new("customers", "^/customers$", "[aria-label='Customers'] tbody a[href^='/customers/']", "nav[aria-label='Main'] a[href='/customers']"),
        new("customer", $"^/customers/{Guid}$", ".page-header h1", "[aria-label='Customers'] tbody a[href^='/customers/']"),
        new("cases", "^/cases$", "[aria-label='Cases'] tbody a[href^='/cases/']", "nav[aria-label='Main'] a[href='/cases']"),
        new("case", $"^/cases/{Guid}$", "[data-testid='case-status']", "[aria-label='Cases'] tbody a[href^='/cases/']"),
        new("dashboards", "^/dashboards$", ".dashboard-grid figure.chart", "nav[aria-label='Main'] a[href='/dashboards']"),
        new("knowledge", "^/knowledge$", "[data-testid='knowledge-hit']", "nav[aria-label='Main'] a[href='/knowledge']"),
        new("inbox", "^/inbox$", "[aria-label='Conversations'] tbody a[href^='/conversations/']", "nav[aria-label='Main'] a[href='/inbox']"),
        new("conversation", $"^/conversations/{Guid}$", "section[aria-label='Messages, newest first']", "[aria-label='Conversations'] tbody a[href^='/conversations/']"),
    ];
}
