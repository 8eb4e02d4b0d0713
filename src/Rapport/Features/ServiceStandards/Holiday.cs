namespace Rapport.Features.ServiceStandards;

/// <summary>A date on which the weekly hours do not apply: closed all day, or open only for <see cref="Hours"/>.</summary>
public sealed record Holiday(DateOnly Date, string Name, IReadOnlyList<OpeningInterval> Hours)
{
    public static Holiday Closed(DateOnly date, string name) => new(date, name, []);

    public static Holiday Partial(DateOnly date, string name, params OpeningInterval[] hours) => new(date, name, hours);

    public bool ClosedAllDay => Hours.Count == 0;
}
