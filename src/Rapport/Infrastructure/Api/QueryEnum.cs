using Microsoft.AspNetCore.Http.HttpResults;

namespace Rapport.Infrastructure.Api;

/// <summary>
/// Enum filters in query strings, read by the same rule as JSON (<see cref="StrictEnumConverter{T}"/>: a defined name in
/// any case). Bound as text because minimal APIs parse enum parameters case-sensitively, refusing ?channel=sms.
/// </summary>
public static class QueryEnum
{
    /// <summary>The value of <paramref name="text"/> (null when absent), or a problem naming <paramref name="field"/>.</summary>
    public static ValidationProblem? Read<T>(string? text, string field, out T? value) where T : struct, Enum
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!StrictEnumConverter<T>.TryParse(text, out var parsed))
        {
            return Problems.Invalid(field, $"'{text}' is not one of: {StrictEnumConverter<T>.AllowedValues}.");
        }

        value = parsed;
        return null;
    }
}
