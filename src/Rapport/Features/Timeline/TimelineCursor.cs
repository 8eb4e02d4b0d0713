using System.Globalization;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Timeline;

/// <summary>Where the previous page of a timeline ended: the last entry's time, kind and id.</summary>
internal readonly record struct TimelineCursor(DateTime At, TimelineKind Kind, Guid Id)
{
    public static string After(TimelineItem last) =>
        new Cursor($"{last.At.Ticks.ToString(CultureInfo.InvariantCulture)}:{(int)last.Kind}", last.Id).Encode();

    /// <summary>The cursor in <paramref name="text"/>; an unreadable one is a 400 naming <c>after</c>.</summary>
    public static TimelineCursor? Read(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Cursor.TryDecode(text, out var cursor) && cursor is not null && cursor.Key.Split(':') is [var ticks, var kind]
            && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTime.MaxValue.Ticks
            && int.TryParse(kind, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && Enum.IsDefined((TimelineKind)k))
        {
            return new TimelineCursor(new DateTime(t, DateTimeKind.Utc), (TimelineKind)k, cursor.Id);
        }

        throw new InvalidInputException("after", "This cursor is not one this timeline gave out; start again without 'after'.");
    }
}
