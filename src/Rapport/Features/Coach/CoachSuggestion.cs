namespace Rapport.Features.Coach;

/// <summary>
/// One thing the coach suggests about a draft: which check fired, what to do, why it fired, where in the draft it applies
/// (<see cref="Start"/>, <see cref="Length"/>; a length of 0 is a place to insert), and, when the fix is mechanical, the
/// text that replaces that span. Suggestions never block sending.
/// </summary>
public sealed record CoachSuggestion(string Check, string Message, string Why, int Start, int Length, string? Replacement = null);

/// <summary>The checks, by the name the API and the corpora use.</summary>
public static class CoachChecks
{
    public const string Greeting = "greeting";
    public const string Name = "name";
    public const string Jargon = "jargon";
    public const string ReadingLevel = "reading-level";
    public const string Empathy = "empathy";
    public const string Understanding = "understanding";
    public const string NextStep = "next-step";
    public const string UndatedPromise = "undated-promise";
    public const string PositiveClose = "positive-close";
    public const string Last = "last";

    public static readonly IReadOnlyList<string> All = [Greeting, Name, Jargon, ReadingLevel, Empathy, Understanding, NextStep, UndatedPromise, PositiveClose, Last];
}
