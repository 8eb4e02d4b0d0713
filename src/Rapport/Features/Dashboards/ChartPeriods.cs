using Rapport.Infrastructure.Api;

namespace Rapport.Features.Dashboards;

/// <summary>The periods a date range falls into, by UTC day, ISO week (from Monday) or calendar month.</summary>
public static class ChartPeriods
{
    public const int MaxPeriods = 400;
    public const int MaxDays = 3660;

    public static List<ChartPeriodDto> Of(DateOnly from, DateOnly to, ChartBucket bucket)
    {
        if (to < from)
        {
            throw new InvalidInputException("to", "The range ends on or after the day it starts.");
        }

        if (to.DayNumber - from.DayNumber >= MaxDays)
        {
            throw new InvalidInputException("from", $"A range is at most {MaxDays} days.");
        }

        var periods = new List<ChartPeriodDto>();
        for (var start = StartOf(from, bucket); start <= to; start = Next(start, bucket))
        {
            if (periods.Count == MaxPeriods)
            {
                throw new InvalidInputException("bucket", $"A chart has at most {MaxPeriods} periods: choose a longer bucket or a shorter range.");
            }

            var end = Next(start, bucket).AddDays(-1);
            periods.Add(new ChartPeriodDto(start < from ? from : start, end > to ? to : end));
        }

        return periods;
    }

    public static DateOnly StartOf(DateOnly day, ChartBucket bucket) => bucket switch
    {
        ChartBucket.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        ChartBucket.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    private static DateOnly Next(DateOnly start, ChartBucket bucket) => bucket switch
    {
        ChartBucket.Week => start.AddDays(7),
        ChartBucket.Month => start.AddMonths(1),
        _ => start.AddDays(1),
    };
}
