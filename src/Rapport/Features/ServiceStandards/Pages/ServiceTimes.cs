namespace Rapport.Features.ServiceStandards.Pages;

/// <summary>How the screens say how much time is left on a clock, or how long ago it was missed.</summary>
public static class ServiceTimes
{
    public static string Span(TimeSpan span)
    {
        var t = span.Duration();
        return t.TotalDays >= 1 ? $"{(int)t.TotalDays}d {t.Hours}h" : t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes}m" : $"{Math.Max(0, t.Minutes)}m";
    }

    public static string Describe(CaseTargetDto t, Components.ViewerClock clock) => t.State switch
    {
        "met" => $"met {clock.DateTime(t.MetAt!.Value)}",
        "metLate" => $"met late, {Span(t.MetAt!.Value - t.DueAt)} after the target",
        "breached" => $"breached {Span(t.Remaining)} ago",
        "paused" => $"paused, {Span(t.Remaining)} left when it resumes",
        _ => $"{Span(t.Remaining)} left (due {clock.DateTime(t.DueAt)})",
    };
}
