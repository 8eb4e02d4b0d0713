using System.Globalization;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.ServiceStandards.Pages;

/// <summary>Holidays as the admin screen writes them, one a line: "2026-12-25 Christmas" or "2026-12-24 09:00-12:00 Christmas Eve".</summary>
public static class HolidayLines
{
    public static HolidayDto Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new InvalidInputException("holidays", $"'{line}' is not like 2026-12-25 Christmas.");
        }

        var hours = parts.Skip(1).TakeWhile(p => p.Contains(':', StringComparison.Ordinal)).Select(p => p.TrimEnd(',')).ToList();
        return new HolidayDto(date, string.Join(' ', parts.Skip(1 + hours.Count)), hours);
    }
}
