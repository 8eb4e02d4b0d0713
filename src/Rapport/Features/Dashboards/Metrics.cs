namespace Rapport.Features.Dashboards;

/// <summary>The names of the rolled-up metrics (<see cref="DailyFigure.Metric"/>) and their keys.</summary>
public static class Metrics
{
    public const string FirstResponse = "first-response";
    public const string Resolution = "resolution";
    public const string CustomerUpdate = "customer-update";
    public const string Promises = "promises";
    public const string Csat = "csat";
    public const string Nps = "nps";
    public const string Effort = "effort";
    public const string Complaints = "complaints";
    public const string Channels = "channels";
    /// <summary>A snapshot: what was open when the day was last rolled up, not a count of the day's events.</summary>
    public const string Backlog = "backlog";

    public const string OnTime = "on-time";
    public const string Late = "late";
    public const string KeptOnTime = "kept-on-time";
    public const string KeptLate = "kept-late";
    public const string Broken = "broken";
    public const string OpenConversations = "conversations";
    public const string OpenCases = "cases";
    public const string NoCause = "not-yet-known";
}
