using System.Globalization;

namespace Rapport.Features.Promises.Pages;

/// <summary>A promise the composer found in the draft, and what the agent decided about it.</summary>
public sealed class Proposal(DetectedPromiseDto found)
{
    public const string EditFormat = "yyyy-MM-ddTHH:mm";

    public string Sentence { get; } = found.Sentence;
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(found.TimeZone);
    public string What { get; private set; } = found.What;
    public DateTimeOffset? Due { get; private set; } = found.DueAt;
    public string? DueText { get; private set; } = found.DueText;
    /// <summary>What the customer must do first ("once you've returned it"), shown so the agent can judge the due time.</summary>
    public string? Condition { get; private set; } = found.Condition;
    public bool Confirmed { get; set; }
    public bool Dismissed { get; set; }
    public bool Editing { get; private set; }
    public string? EditWhat { get; set; }
    /// <summary>Local time in <see cref="Zone"/>, as a datetime-local input reads it.</summary>
    public string? EditDue { get; set; }
    public string? EditError { get; private set; }

    /// <summary>"Fri 27 Nov 10:00 (Europe/London)": in the customer's zone, named, as the promise's words meant it.</summary>
    public string DueLabel => Due is { } d ? $"{TimeZoneInfo.ConvertTime(d, Zone).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)} ({Zone.Id})" : "no time given";

    /// <summary>A newer reading of the same sentence: keeps the agent's decision and edits, takes the new reading otherwise.</summary>
    public void Refresh(DetectedPromiseDto found)
    {
        if (!Confirmed && !Editing)
        {
            (What, Due, DueText, Condition) = (found.What, found.DueAt, found.DueText, found.Condition);
        }
    }

    public void StartEditing()
    {
        Editing = true;
        EditWhat = What;
        EditDue = Due is { } d ? TimeZoneInfo.ConvertTime(d, Zone).ToString(EditFormat, CultureInfo.InvariantCulture) : null;
        EditError = null;
    }

    public bool SaveEdit()
    {
        if (string.IsNullOrWhiteSpace(EditWhat))
        {
            EditError = "Say what is promised.";
            return false;
        }

        if (!DateTime.TryParseExact(EditDue, EditFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            EditError = "Give the date and time it is due.";
            return false;
        }

        What = EditWhat.Trim();
        Due = new DateTimeOffset(local, Zone.GetUtcOffset(local));
        DueText = null;
        Editing = false;
        Confirmed = true;
        EditError = null;
        return true;
    }

    public void CancelEdit() => (Editing, EditError) = (false, null);
}
