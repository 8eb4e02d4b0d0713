using System.ComponentModel.DataAnnotations;

namespace Rapport.Infrastructure.Api;

/// <summary>
/// A name shown on one line (a case kind, a team, a token, a customer): it may be in any script, but must not hold control
/// characters (NUL, tab, line breaks, escape), Unicode line or paragraph separators, or bidirectional overrides that would
/// make it display as something else. The API answers 400 naming the field.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class NoControlCharactersAttribute() : ValidationAttribute(Message)
{
    public const string Message = "This field cannot contain control characters (such as tabs, line breaks or NUL).";

    public override bool IsValid(object? value) => value is not string text || !HasControlCharacters(text);

    /// <summary>True when <paramref name="text"/> holds a character a one-line name must not.</summary>
    public static bool HasControlCharacters(string text) => text.Any(IsControl);

    private static bool IsControl(char c) => char.IsControl(c)
        || c is '\u2028' or '\u2029' // line and paragraph separators
        || c is >= '\u202A' and <= '\u202E' // bidirectional embeddings and overrides
        || c is >= '\u2066' and <= '\u2069'; // bidirectional isolates
}
