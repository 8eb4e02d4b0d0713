using System.Globalization;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.ServiceStandards;

/// <summary>
/// One stretch of opening hours in local wall-clock time. A close of 00:00 means midnight at the end of the day
/// (so 00:00–00:00 is the whole day); a close earlier than the open crosses midnight into the next day.
/// </summary>
public readonly record struct OpeningInterval
{
    public OpeningInterval(TimeOnly open, TimeOnly close)
    {
        if (open == close && open != TimeOnly.MinValue)
        {
            throw new InvalidInputException("hours", $"An opening interval must not be empty ({open:HH\\:mm}–{close:HH\\:mm}).");
        }

        Open = open;
        Close = close;
    }

    public TimeOnly Open { get; }

    public TimeOnly Close { get; }

    public bool CrossesMidnight => Close != TimeOnly.MinValue && Close < Open;

    /// <summary>Where the part on its own day ends, in ticks after local midnight (a whole day at most).</summary>
    internal long CloseTicksOnOwnDay => Close == TimeOnly.MinValue || CrossesMidnight ? TimeSpan.TicksPerDay : Close.Ticks;

    /// <summary>Where the part carried into the next day ends, in ticks after that day's midnight (0 when none).</summary>
    internal long CloseTicksOnNextDay => CrossesMidnight ? Close.Ticks : 0;

    /// <summary>Reads "09:00-17:30" (a hyphen or an en dash).</summary>
    public static OpeningInterval Parse(string text)
    {
        var parts = text.Split('-', '–');
        if (parts.Length == 2
            && TimeOnly.TryParseExact(parts[0].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var open)
            && TimeOnly.TryParseExact(parts[1].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var close))
        {
            return new OpeningInterval(open, close);
        }

        throw new InvalidInputException("hours", $"'{text}' is not an interval like 09:00-17:30.");
    }

    public override string ToString() => $"{Open:HH\\:mm}-{Close:HH\\:mm}";
}
