namespace Rapport.Features.ServiceStandards;

/// <summary>
/// The organisation's business calendar: an IANA zone, opening intervals per day of the week ("09:00-12:30"; a close
/// before the open crosses midnight; "00:00-00:00" is all day) and holidays (no hours: closed all day).
/// </summary>
public sealed record CalendarDto(string TimeZone, Dictionary<string, List<string>> WeeklyHours, List<HolidayDto> Holidays)
{
    public static CalendarDto From(BusinessCalendar calendar) => new(
        calendar.TimeZone.Id,
        Enum.GetValues<DayOfWeek>().Where(d => calendar.HoursOn(d).Count > 0)
            .ToDictionary(d => d.ToString().ToLowerInvariant(), d => calendar.HoursOn(d).Select(i => i.ToString()).ToList()),
        calendar.Holidays.OrderBy(h => h.Date).Select(h => new HolidayDto(h.Date, h.Name, h.Hours.Select(i => i.ToString()).ToList())).ToList());

    /// <summary>Builds (and so validates) the calendar; problems name the field, e.g. hours.Monday or holidays.</summary>
    public BusinessCalendar ToCalendar()
    {
        var zone = BusinessCalendar.FindZone(TimeZone ?? "", "timeZone");
        var weekly = new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>();
        foreach (var (name, hours) in WeeklyHours ?? [])
        {
            if (!Enum.TryParse<DayOfWeek>(name, ignoreCase: true, out var day) || int.TryParse(name, out _) || !weekly.TryAdd(day,
                    (hours ?? []).Select(ParseIn($"weeklyHours.{name}")).ToList()))
            {
                throw new Infrastructure.Api.InvalidInputException("weeklyHours", $"'{name}' is not a day of the week, or is given twice.");
            }
        }

        var holidays = (Holidays ?? []).Select(h =>
        {
            if (string.IsNullOrWhiteSpace(h.Name) || h.Name.Length > 100)
            {
                throw new Infrastructure.Api.InvalidInputException("holidays", $"The holiday on {h.Date:yyyy-MM-dd} needs a name of at most 100 characters.");
            }

            return new Holiday(h.Date, h.Name.Trim(), (h.Hours ?? []).Select(ParseIn("holidays")).ToList());
        });
        try
        {
            return new BusinessCalendar(zone, weekly, holidays);
        }
        catch (Infrastructure.Api.InvalidInputException e) when (e.Field.StartsWith("hours.", StringComparison.Ordinal))
        {
            // The calendar names days as DayOfWeek does; the API names them as requests do.
            throw new Infrastructure.Api.InvalidInputException($"weeklyHours.{e.Field[6..].ToLowerInvariant()}", e.Message);
        }
    }

    private static Func<string, OpeningInterval> ParseIn(string field) => text =>
    {
        try
        {
            return OpeningInterval.Parse(text ?? "");
        }
        catch (Infrastructure.Api.InvalidInputException e)
        {
            throw new Infrastructure.Api.InvalidInputException(field, e.Message);
        }
    };
}

/// <summary>A date on which the weekly hours do not apply; without hours (absent or empty) it is closed all day.</summary>
public sealed record HolidayDto(DateOnly Date, string Name, List<string>? Hours = null);

/// <summary>
/// The built-in delay explanation template (any channel), in Liquid: {{ customer.first_name }}, {{ case.number }},
/// {{ delay.new_time }}, {{ delay.reason }} and the other placeholders of <c>GET /api/v1/templates/placeholders</c>.
/// </summary>
public sealed record DelayTemplateDto(string Template);
