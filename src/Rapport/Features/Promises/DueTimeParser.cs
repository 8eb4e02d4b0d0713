using System.Globalization;
using System.Text.RegularExpressions;
using Rapport.Features.ServiceStandards;

namespace Rapport.Features.Promises;

/// <summary>
/// Reads when a promise is due from the words of a sentence (English and French), relative to when the message is
/// sent, in the customer's time zone, with "working days" and "business hours" counted by the business calendar.
/// A day without a time is due at the close of business that day (the end of the customer's day when the business is
/// closed or already closed); a part of the day starts it: morning 09:00, midday 12:00, afternoon 14:00, evening 18:00, night 20:00.
/// </summary>
public static partial class DueTimeParser
{
    private static readonly TimeOnly EndOfDay = new(23, 59);

    /// <summary>A due time and the words it came from.</summary>
    public readonly record struct Due(DateTimeOffset? At, string Text, int Start, int Length);

    public static Due? Parse(string sentence, PromiseContext context) => Parse(sentence, 0, sentence.Length, context);

    /// <summary>The due time given in one clause of a sentence; the result's Start is still counted in the sentence.</summary>
    public static Due? Parse(string sentence, int from, int to, PromiseContext context) =>
        Read(sentence[from..to], new Clock(context)) is { } due ? due with { Start = due.Start + from } : null;

    /// <summary>Whether the text names any time at all, even a vague one ("shortly").</summary>
    public static bool Mentions(string text) =>
        Duration().IsMatch(text) || Day.IsMatch(text) || ClockTime().IsMatch(text) || Vague().IsMatch(text);

    private static Due? Read(string sentence, Clock clock)
    {
        var vague = Vague().Match(sentence);

        foreach (Match duration in Duration().Matches(sentence))
        {
            // "held for 24 hours" says how long a hold lasts, so when it ends; any other "for 3 days" is not a due time.
            if (!duration.Groups["hold"].Success || HoldBefore().IsMatch(sentence.AsSpan(0, duration.Index)))
            {
                return new Due(FromDuration(duration, clock), duration.Value.Trim(), duration.Index, duration.Length);
            }
        }

        DateOnly? date = null;
        TimeOnly? time = null;
        string? part = null;
        var onlyAWeekday = false;
        var used = new List<(int Index, int Length)>();
        var days = Day.Matches(sentence);
        for (var i = 0; i < days.Count; i++)
        {
            var m = days[i];
            if (m.Groups["for"].Success)
            {
                continue; // "your table for Saturday": what it is about, not when it is due
            }

            if (m.Groups["today"].Success && i + 1 < days.Count && !m.Value.Contains("today", StringComparison.OrdinalIgnoreCase)
                && sentence[(m.Index + m.Length)..days[i + 1].Index].Trim() is "" or "on" or ",")
            {
                continue; // "close of business tomorrow", "EOD Friday": the day named next
            }

            // "Wednesday, 2 December", "Friday the 4th": the date says which Wednesday or Friday.
            var dated = m;
            var datedByItself = true;
            if (m.Groups["weekday"].Success && i + 1 < days.Count && IsDate(days[i + 1])
                && string.IsNullOrWhiteSpace(sentence[(m.Index + m.Length)..days[i + 1].Index].Replace(',', ' ')))
            {
                dated = days[i + 1];
                datedByItself = false;
                used.Add((m.Index, m.Length));
            }

            var (d, t) = ReadDay(dated, clock, m.Groups["weekday"].Success && !m.Groups["next"].Success ? Weekday(m.Groups["weekday"].Value) : null);
            if (d is null)
            {
                continue;
            }

            date = d;
            part = PartName(m) ?? PartName(dated);
            time = part is not null && !m.Groups["tonight"].Success && !m.Groups["thisPart"].Success ? PartOfDay(part) : t;
            onlyAWeekday = datedByItself && m.Groups["weekday"].Success && !m.Groups["next"].Success;
            used.Add((dated.Index, dated.Length));
            break;
        }

        var clockMatch = PickClock(sentence);
        if (clockMatch is not null)
        {
            time = ReadClock(clockMatch, part, date ?? clock.Today, clock);
            used.Add((clockMatch.Index, clockMatch.Length));
        }

        if (used.Count == 0)
        {
            return vague.Success ? new Due(null, vague.Value.Trim(), vague.Index, vague.Length) : null;
        }

        DateTimeOffset? due;
        if (date is null && time is { } onlyTime)
        {
            // "by 3pm" today, or tomorrow when that time has already passed.
            var today = clock.At(clock.Today, onlyTime);
            due = today > clock.Now ? today : clock.At(clock.Today.AddDays(1), onlyTime);
        }
        else
        {
            due = time is { } t2 ? clock.At(date!.Value, t2) : clock.EndOfBusiness(date!.Value);
            if (due < clock.Now && onlyAWeekday)
            {
                // "on Wednesday morning" said on a Wednesday afternoon: next Wednesday.
                due = time is { } t3 ? clock.At(date!.Value.AddDays(7), t3) : clock.EndOfBusiness(date!.Value.AddDays(7));
            }
        }

        if (due < clock.Now && part is not null && clockMatch is null && date == clock.Today && PartEnd(part) is var partEnd && clock.At(clock.Today, partEnd) > clock.Now)
        {
            due = clock.At(clock.Today, partEnd); // "this morning" said at 10:30: by the end of the morning
        }

        if (due < clock.Now)
        {
            due = null; // never due before the message was sent: the words are kept for the agent to read
        }

        var start = used.Min(m => m.Index);
        var end = used.Max(m => m.Index + m.Length);
        return new Due(due, sentence[start..end].Trim(), start, end - start);
    }

    private static bool IsDate(AlternativeMatch m) =>
        m.Groups["dm"].Success || m.Groups["md"].Success || m.Groups["dmFr"].Success || m.Groups["numeric"].Success || m.Groups["ord"].Success;

    private static string? PartName(AlternativeMatch m) =>
        m.Groups["part"].Success ? m.Groups["part"].Value
        : m.Groups["partFr"].Success ? m.Groups["partFr"].Value
        : m.Groups["thisPart"].Success ? m.Groups["thisPart"].Value
        : m.Groups["tonight"].Success ? "night"
        : null;

    /// <summary>
    /// The clock time the undertaking is due at: a range ("between 8am and noon") ends at its last time; otherwise the
    /// first time that is not what the promise is about ("at 2pm about the 6pm pickup", never "for 8pm").
    /// </summary>
    private static Match? PickClock(string sentence)
    {
        var candidates = new List<Match>();
        var attributes = new List<Match>();
        foreach (Match m in ClockTime().Matches(sentence))
        {
            var before = sentence.AsSpan(0, m.Index);
            if (ForBefore().IsMatch(before))
            {
                continue;
            }

            (DeterminerBefore().IsMatch(before) ? attributes : candidates).Add(m);
        }

        var pool = candidates.Count > 0 ? candidates : attributes;
        return pool.Count == 0 ? null : Between().IsMatch(sentence) ? pool[^1] : pool[0];
    }

    private static DateTimeOffset? FromDuration(Match m, Clock clock)
    {
        if (m.Groups["withinHour"].Success)
        {
            return clock.Now.AddHours(1);
        }

        if (m.Groups["halfHour"].Success)
        {
            return clock.Now.AddMinutes(30);
        }

        if (m.Groups["few"].Success)
        {
            return null;
        }

        var n = Number(m.Groups["n"].Value);
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        unit = unit is "h" or "hr" or "hrs" ? "hours" : unit;
        var business = m.Groups["business"].Success;
        if (unit.StartsWith("min", StringComparison.Ordinal))
        {
            return clock.Now.AddMinutes(n);
        }

        if (unit.StartsWith('h'))
        {
            return business ? clock.Calendar.Add(clock.Now, TimeSpan.FromHours(n)) : clock.Now.AddHours(n);
        }

        if (unit.StartsWith('f'))
        {
            return clock.EndOfBusiness(clock.Today.AddDays(14 * n));
        }

        if (unit.StartsWith('w') || unit.StartsWith("sem", StringComparison.Ordinal))
        {
            return clock.EndOfBusiness(clock.Today.AddDays(7 * n));
        }

        return business
            ? clock.EndOfBusiness(clock.Calendar.OpenDateAfter(clock.Today, n))
            : clock.EndOfBusiness(clock.Today.AddDays(n));
    }

    private static (DateOnly? Date, TimeOnly? Time) ReadDay(AlternativeMatch m, Clock clock, DayOfWeek? weekday)
    {
        var g = m.Groups;
        var today = clock.Today;
        if (g["nextOpen"].Success)
        {
            return (clock.Calendar.OpenDateAfter(today, 1), null);
        }

        if (g["ord"].Success)
        {
            return (NextDayOfMonth(today, int.Parse(g["od"].Value, CultureInfo.InvariantCulture), weekday), null);
        }

        if (g["today"].Success)
        {
            return (today, null);
        }

        if (g["tonight"].Success)
        {
            return (today, PartOfDay("night"));
        }

        if (g["thisPart"].Success)
        {
            return (today, PartOfDay(g["thisPart"].Value));
        }

        if (g["tomorrow"].Success)
        {
            var day = today.AddDays(g["after"].Success ? 2 : 1);
            return (day, g["first"].Success ? clock.Opening(day) : null);
        }

        if (g["weekday"].Success)
        {
            var day = Weekday(g["weekday"].Value);
            var date = g["next"].Success ? StartOfWeek(today).AddDays(7 + DaysFromMonday(day)) : NextOnOrAfter(today, day);
            return (date, g["first"].Success ? clock.Opening(date) : null);
        }

        if (g["nextWeek"].Success)
        {
            return (clock.LastOpenDate(StartOfWeek(today).AddDays(7), StartOfWeek(today).AddDays(13)), null);
        }

        if (g["weekend"].Success)
        {
            return (NextOnOrAfter(today, DayOfWeek.Sunday), null);
        }

        if (g["thisWeek"].Success)
        {
            return (clock.LastOpenDate(today, StartOfWeek(today).AddDays(6)), null);
        }

        if (g["nextMonth"].Success)
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
            return (clock.LastOpenDate(first, first.AddMonths(1).AddDays(-1)), null);
        }

        if (g["month"].Success)
        {
            return (clock.LastOpenDate(today, new DateOnly(today.Year, today.Month, DateTime.DaysInMonth(today.Year, today.Month))), null);
        }

        if (g["holiday"].Success)
        {
            var (month, dayOfMonth) = Holiday(g["holiday"].Value);
            return (Upcoming(today, month, dayOfMonth, null), null);
        }

        if (g["dm"].Success || g["md"].Success || g["dmFr"].Success)
        {
            return (Upcoming(today, Month(g["mon"].Value), int.Parse(g["d"].Value, CultureInfo.InvariantCulture), g["y"].Success ? int.Parse(g["y"].Value, CultureInfo.InvariantCulture) : null), null);
        }

        if (g["numeric"].Success)
        {
            return (Upcoming(today, int.Parse(g["nm"].Value, CultureInfo.InvariantCulture), int.Parse(g["nd"].Value, CultureInfo.InvariantCulture),
                g["ny"].Success ? int.Parse(g["ny"].Value, CultureInfo.InvariantCulture) : null), null);
        }

        return (null, null);
    }

    /// <summary>
    /// A clock time. Without am/pm ("at 5", "half four") the part of the day said with it decides, then the business
    /// day (the reading that falls in opening hours), then the habit of a working day: 1–6 afternoon, 7–11 morning.
    /// </summary>
    private static TimeOnly ReadClock(Match m, string? part, DateOnly date, Clock clock)
    {
        var g = m.Groups;
        if (g["noon"].Success)
        {
            return new TimeOnly(12, 0);
        }

        var hour = g["h"].Success ? int.Parse(g["h"].Value, CultureInfo.InvariantCulture) : HourWord(g["hw"].Value);
        var minute = g["m"].Success ? int.Parse(g["m"].Value, CultureInfo.InvariantCulture) : g["half"].Success ? 30 : 0;
        if (g["rel"].Success)
        {
            var past = MinutesWord(g["mw"].Value);
            (hour, minute) = g["rel"].Value.Equals("to", StringComparison.OrdinalIgnoreCase) ? ((hour + 11) % 12, 60 - past) : (hour, past);
            hour = hour == 0 ? 12 : hour;
        }

        var ampm = g["ampm"].Value.ToLowerInvariant();
        if (ampm.StartsWith('p') && hour < 12)
        {
            hour += 12;
        }
        else if (ampm.StartsWith('a') && hour == 12)
        {
            hour = 0;
        }
        else if (ampm.Length == 0 && !g["fr"].Success && hour is >= 1 and <= 12)
        {
            hour = Meridiem(hour % 12, Math.Clamp(minute, 0, 59), part, date, clock);
        }

        return new TimeOnly(Math.Clamp(hour, 0, 23), Math.Clamp(minute, 0, 59));
    }

    private static int Meridiem(int hour, int minute, string? part, DateOnly date, Clock clock)
    {
        if (part is not null)
        {
            return IsMorning(part) ? hour : PartKey(part) is "midday" or "lunchtime" or "lunch" or "midi" or "noon" ? (hour >= 11 ? hour : hour + 12) : hour + 12;
        }

        if (clock.Calendar.IsOpenOn(date))
        {
            var morning = clock.Calendar.IsOpen(clock.At(date, new TimeOnly(hour, minute)));
            var afternoon = clock.Calendar.IsOpen(clock.At(date, new TimeOnly(hour + 12, minute)));
            if (morning != afternoon)
            {
                return morning ? hour : hour + 12;
            }
        }

        return hour is >= 1 and <= 6 ? hour + 12 : hour == 0 ? 12 : hour;
    }

    private static int HourWord(string word) => word.ToLowerInvariant() switch
    {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        var digits => int.Parse(digits, CultureInfo.InvariantCulture),
    };

    private static int MinutesWord(string word) => word.ToLowerInvariant() switch
    {
        "five" => 5,
        "ten" => 10,
        var q when q.EndsWith("quarter", StringComparison.Ordinal) => 15,
        "twenty" => 20,
        var t when t.StartsWith("twenty", StringComparison.Ordinal) && t.EndsWith("five", StringComparison.Ordinal) => 25,
        _ => 30,
    };

    private static TimeOnly PartOfDay(string part) => PartKey(part) switch
    {
        "morning" or "matin" => new TimeOnly(9, 0),
        "midmorning" => new TimeOnly(10, 0),
        "midday" or "lunchtime" or "lunch" or "noon" or "midi" or "beforelunch" => new TimeOnly(12, 0),
        "afternoon" or "aprèsmidi" or "afterlunch" => new TimeOnly(14, 0),
        "midafternoon" => new TimeOnly(15, 0),
        "lateafternoon" => new TimeOnly(16, 0),
        "evening" or "soir" or "earlyevening" => new TimeOnly(18, 0),
        _ => new TimeOnly(20, 0),
    };

    /// <summary>When a part of the day is over: a promise for "this morning" made during the morning is due by its end.</summary>
    private static TimeOnly PartEnd(string part) => PartKey(part) switch
    {
        "morning" or "matin" or "midmorning" => new TimeOnly(12, 0),
        "midday" or "lunchtime" or "lunch" or "noon" or "midi" or "beforelunch" => new TimeOnly(14, 0),
        "afternoon" or "aprèsmidi" or "afterlunch" or "midafternoon" or "lateafternoon" => new TimeOnly(18, 0),
        _ => EndOfDay,
    };

    private static bool IsMorning(string part) => PartKey(part) is "morning" or "matin" or "midmorning" or "beforelunch";

    private static string PartKey(string part) => Whitespace().Replace(part.ToLowerInvariant(), "").Replace("-", "", StringComparison.Ordinal);

    private static int Number(string text) => text.ToLowerInvariant().Trim() switch
    {
        "a" or "an" or "one" or "un" or "une" => 1,
        "a couple of" or "couple of" or "two" or "deux" => 2,
        "three" or "trois" => 3,
        "four" or "quatre" => 4,
        "five" or "cinq" => 5,
        "six" => 6,
        "seven" or "sept" => 7,
        "eight" or "huit" => 8,
        "ten" or "dix" => 10,
        "twelve" or "douze" => 12,
        "fourteen" => 14,
        "fifteen" or "quinze" => 15,
        "twenty-four" => 24,
        "forty-eight" => 48,
        var digits => int.Parse(digits, CultureInfo.InvariantCulture),
    };

    private static DayOfWeek Weekday(string name) => name.ToLowerInvariant()[..3] switch
    {
        "mon" or "lun" => DayOfWeek.Monday,
        "tue" or "mar" => DayOfWeek.Tuesday,
        "wed" or "mer" => DayOfWeek.Wednesday,
        "thu" or "jeu" => DayOfWeek.Thursday,
        "fri" or "ven" => DayOfWeek.Friday,
        "sat" or "sam" => DayOfWeek.Saturday,
        _ => DayOfWeek.Sunday,
    };

    private static int Month(string name)
    {
        var key = name.ToLowerInvariant();
        string[] english = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
        string[] french = ["janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"];
        for (var i = 0; i < 12; i++)
        {
            if (key.StartsWith(french[i], StringComparison.Ordinal) || key.StartsWith(english[i], StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new FormatException($"'{name}' is not a month the date pattern admits.");
    }

    private static (int Month, int Day) Holiday(string name) => name.ToLowerInvariant() switch
    {
        var n when n.StartsWith("christmas eve", StringComparison.Ordinal) => (12, 24),
        var n when n.StartsWith("christmas", StringComparison.Ordinal) || n.StartsWith("noël", StringComparison.Ordinal) => (12, 25),
        var n when n.StartsWith("boxing", StringComparison.Ordinal) => (12, 26),
        var n when n.StartsWith("new year's eve", StringComparison.Ordinal) => (12, 31),
        _ => (1, 1),
    };

    /// <summary>"The 20th": the next such day from today on, on the weekday given with it when there is one ("Friday the 4th").</summary>
    private static DateOnly? NextDayOfMonth(DateOnly today, int day, DayOfWeek? weekday)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            var month = new DateOnly(today.Year, today.Month, 1);
            for (var i = 0; i < 28; i++, month = month.AddMonths(1))
            {
                if (day >= 1 && day <= DateTime.DaysInMonth(month.Year, month.Month)
                    && new DateOnly(month.Year, month.Month, day) is var date && date >= today
                    && (pass == 1 || weekday is null || date.DayOfWeek == weekday))
                {
                    return date;
                }
            }
        }

        return null;
    }

    private static DateOnly? Upcoming(DateOnly today, int month, int day, int? year)
    {
        var y = year ?? today.Year;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(y, month))
        {
            return null;
        }

        var date = new DateOnly(y, month, day);
        return year is null && date < today && day <= DateTime.DaysInMonth(y + 1, month) ? new DateOnly(y + 1, month, day) : date;
    }

    private static int DaysFromMonday(DayOfWeek day) => ((int)day + 6) % 7;

    private static DateOnly StartOfWeek(DateOnly date) => date.AddDays(-DaysFromMonday(date.DayOfWeek));

    private static DateOnly NextOnOrAfter(DateOnly date, DayOfWeek day) => date.AddDays(((int)day - (int)date.DayOfWeek + 7) % 7);

    /// <summary>"now" and "today" in the customer's zone, and the business calendar's view of a customer date.</summary>
    private sealed class Clock(PromiseContext context)
    {
        public DateTimeOffset Now { get; } = context.SentAt;

        public DateOnly Today { get; } = ZonedClock.LocalDate(context.CustomerTimeZone, context.SentAt);

        public BusinessCalendar Calendar => context.Calendar;

        public DateTimeOffset At(DateOnly date, TimeOnly time) => ZonedClock.ToInstant(context.CustomerTimeZone, date, time);

        public DateTimeOffset EndOfBusiness(DateOnly date) =>
            Calendar.ClosingTime(date) is { } close && close > Now ? close : At(date, EndOfDay);

        public TimeOnly Opening(DateOnly date) =>
            Calendar.OpeningTime(date) is { } open ? TimeOnly.FromDateTime(ZonedClock.LocalDateTime(context.CustomerTimeZone, open)) : new TimeOnly(9, 0);

        /// <summary>The last date in the range the business is open, or the range's Friday when it is closed throughout.</summary>
        public DateOnly LastOpenDate(DateOnly from, DateOnly to)
        {
            for (var d = to; d >= from; d = d.AddDays(-1))
            {
                if (Calendar.IsOpenOn(d))
                {
                    return d;
                }
            }

            return NextOnOrAfter(from, DayOfWeek.Friday);
        }
    }

    private const string NumberWords = @"\d{1,3}|an?|one|two|three|four|five|six|seven|eight|ten|twelve|fourteen|fifteen|twenty-four|forty-eight|(?:a\s+)?couple\s+of|une?|deux|trois|quatre|cinq|sept|huit|dix|douze|quinze";

    // "3-5 working days", "5–7", "24—48 hours", "2 to 3 days": the upper end is what the customer holds us to.
    private const string Range = @"(?:(?:" + NumberWords + @")\s*(?:-|–|—|to|or)\s*)?";

    [GeneratedRegex(@"\b(?:(?<withinHour>(?:with)?in\s+the\s+(?:next\s+)?hour)|(?<halfHour>(?:in|within)\s+(?:the\s+next\s+)?half\s+an\s+hour|dans\s+une\s+demi-heure)|(?<few>in\s+the\s+next\s+few\s+minutes|in\s+a\s+few\s+minutes)|(?:(?:with)?in|in\s+the\s+next|over\s+the\s+next|within\s+the\s+next|sous|dans(?:\s+les)?|d'ici|dans\s+un\s+délai\s+de|(?<hold>for)(?:\s+(?:another|the\s+next|up\s+to))?)\s+"
        + Range + @"(?<n>" + NumberWords + @")\s*(?<business>(?:business|working)\s+)?(?<unit>minutes?|mins?|hours?|hrs?|h|days?|weeks?|fortnights?|heures?|jours?|semaines?)(?(business)|(?<business>\s+(?:ouvrés|ouvrables|ouvrées)))?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    // Common misspellings of "tomorrow" read as meant: tomorow, tommorow, tommorrow, 2moro, 2morrow, tmrw.
    private const string Tomorrow = @"(?:tom+or+o?w+|tom+or+o|tom+r+ow|tmrw?|tmr|tomoz|2mor+o?w?|2moz|demain)";

    private const string Part = @"(?:\s+(?:in\s+the\s+|at\s+)?(?<part>morning|afternoon|evening|midday|lunchtime|night|after\s+lunch|before\s+lunch|mid-?morning|mid-?afternoon|late\s+afternoon|early\s+evening)|\s+(?<partFr>matin|après-midi|soir|midi))?";

    private const string EnglishMonth = @"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)";

    /// <summary>What may come before a day and belongs to it: "by Friday", "until noon"; "for Saturday" is what a booking is for.</summary>
    internal const string DayLeadIn = @"(?:\b(?<for>for)\s+)?(?:\b(?:by|before|on|until|till|this\s+coming|d'ici|avant|dès|le|la)\s+)?";

    internal const string DayPattern = @"(?<today>\b(?:later\s+today|today|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+)?day|close\s+of\s+(?:business|play)|(?:the\s+)?end\s+of\s+(?:business|play)|EOD|COB|COP|aujourd'hui|dans\s+la\s+journée|(?:la\s+)?fin\s+de\s+(?:la\s+)?journée)\b)"
        + @"|(?<tonight>\b(?:tonight|tonite|2nite)\b)"
        + @"|\b(?:this|cet|ce)\s+(?<thisPart>morning|afternoon|evening|lunchtime|matin|après-midi|soir)\b"
        + @"|\b(?<thisPart>after\s+lunch|before\s+lunch|mid-?morning|mid-?afternoon|late\s+afternoon|early\s+evening)\b"
        + @"|(?<nextOpen>\b(?:the\s+)?next\s+(?:working|business)\s+day\b)"
        + @"|(?<tomorrow>\b(?<first>first\s+thing\s+)?(?<after>the\s+day\s+after\s+)?" + Tomorrow + Part + @")\b"
        + @"|\b(?<first>first\s+thing\s+(?:on\s+)?)?(?<next>next\s+)?(?<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?(next)|(?<next>\s+prochain))?" + Part + @"\b"
        + @"|(?=(?:mon|tue|wed|thu|fri|sat|sun))(?<=\b(?:by|on|until|till|before)\s+)(?<weekday>mon|tues?|weds?|thurs?|thu|fri|sat|sun)\b\.?" + Part
        + @"|(?<nextWeek>\bnext\s+week\b|\bla\s+semaine\s+prochaine\b)"
        + @"|(?<weekend>\b(?:over|at|during)\s+the\s+weekend|\bthis\s+weekend)\b"
        + @"|(?<thisWeek>\b(?:this\s+week|(?:the\s+)?end\s+of\s+(?:the|this)\s+week|the\s+weekend|(?:la\s+)?fin\s+de\s+(?:la\s+)?semaine)\b)"
        + @"|(?<nextMonth>\b(?:(?:the\s+)?end\s+of\s+)?next\s+month\b|\b(?:la\s+)?fin\s+du\s+mois\s+prochain\b)"
        + @"|(?<month>\b(?:the\s+)?end\s+of\s+(?:the|this)\s+month\b|\b(?:la\s+)?fin\s+du\s+mois\b)"
        + @"|(?<holiday>\b(?:christmas\s+eve|christmas\s+day|christmas|boxing\s+day|new\s+year's\s+eve|new\s+year's\s+day|noël)\b)"
        + @"|(?<dm>\b(?:the\s+)?(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<mon>" + EnglishMonth + @")\b(?:\s+(?<y>20\d\d))?)"
        + @"|(?<md>\b(?<mon>january|february|march|april|june|july|august|september|october|november|december|jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+(?:the\s+)?(?<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<y>20\d\d))?)"
        + @"|(?<dmFr>\b(?<d>\d{1,2})(?:er)?\s+(?<mon>janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)(?:\s+(?<y>20\d\d))?)"
        + @"|(?<numeric>\b(?<nd>\d{1,2})/(?<nm>\d{1,2})(?:/(?<ny>20\d\d))?\b)"
        + @"|(?<ord>(?:\bthe\s+|(?=\d{1,2}(?:st|nd|rd|th)\b)(?<=\b(?:on|by|before|until|till|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+))(?<od>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:floor|time|person|party|item|row|night|day|week|anniversary|birthday|class|place|year|edition|birthday)\b))";

    private static readonly Alternation Day = new(DayPattern, RegexOptions.IgnoreCase, DayLeadIn);

    private const string HourWords = @"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})";

    // After a bare "at 5": not a clock when what follows makes it a count, a date or part of a longer number.
    private const string NotAClock = @"(?!\s*(?:[ap]\.?m\b|[:./,\-–—]?\d|%|percent\b|per\b|st\b|nd\b|rd\b|th\b|(?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|working|business|nights?|people|guests|adults|children|items?|pieces?|bags?|stars?|of|x)\b|" + EnglishMonth + @"|janv|févr|avr|mai|juin|juil|août|déc))";

    [GeneratedRegex(@"\b(?:(?<!-)(?<noon>noon|midday|lunchtime|midi)\b"
        + @"|(?<h>\d{1,2})(?:[:.](?<m>\d{2}))?\s*(?<ampm>a\.?m\.?|p\.?m\.?)(?!\w)"
        + @"|(?:at|by|before|until|around)\s+(?<h>\d{1,2})[:.](?<m>\d{2})\b"
        + @"|(?<fr>(?<h>\d{1,2})\s*h\s*(?<m>\d{2})?)\b"
        + @"|(?<mw>(?:a\s+)?quarter|half|five|ten|twenty(?:[\s-]five)?)\s+(?<rel>past|to|after)\s+(?<hw>" + HourWords + @")\b(?:\s*(?<ampm>a\.?m\.?|p\.?m\.?)(?!\w))?"
        + @"|(?<half>half)\s+(?<hw>" + HourWords + @")\b(?!\s*(?:hours?|days?|minutes?|mins?)\b)"
        + @"|(?<hw>" + HourWords + @")\s+o'?clock\b"
        + @"|(?:at|by|before|until|around|about)\s+(?<h>\d{1,2})(?:-?ish)?\b" + NotAClock
        + @"|(?:at|by|before|until|around)\s+(?<hw>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:-?ish)?\b" + NotAClock + @"(?!\s+(?:past|to|after|o'?clock|point|stage|time|go|more|other|another|or|and|[a-z]+s)\b)"
        + @"|(?=\d)(?<=\bbetween\s+\d{1,2}(?:[:.]\d{2})?\s*(?:and|-|–|to)\s*)(?<h>\d{1,2})(?:[:.](?<m>\d{2}))?\b" + NotAClock + @")", RegexOptions.IgnoreCase)]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"\bfor\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex ForBefore();

    // "We'll hold the room for you for 48 hours", "your booking will be held for 24 hours": a hold a few words back.
    [GeneratedRegex(@"\b(?:hold|holds|held|holding|keep|keeping|kept|reserve|reserved|reserving|save|saved|saving|set\s+aside|block|blocked)\b(?:\s+[\w'£$€.,-]+){0,5}\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex HoldBefore();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // "the 6pm pickup", "your 9am flight": a time that names something else.
    [GeneratedRegex(@"\b(?:the|your|our|a|an|his|her|their|my)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex DeterminerBefore();

    [GeneratedRegex(@"\bbetween\b|\bentre\b", RegexOptions.IgnoreCase)]
    private static partial Regex Between();

    [GeneratedRegex(@"\b(?:shortly|soon|as\s+soon\s+as\s+(?:possible|I\s+can|we\s+can|it\s+\w+(?:\s+\w+)?)|asap|straight\s+away|right\s+away|immediately|in\s+a\s+moment|dès\s+que\s+possible|rapidement|au\s+plus\s+vite)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Vague();
}
