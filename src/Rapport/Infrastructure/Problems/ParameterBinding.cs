using System.Text.RegularExpressions;

namespace Rapport.Infrastructure.Problems;

/// <summary>
/// Turns the framework's "Failed to bind parameter" message (a route id that is not a GUID, a query value of the wrong
/// type) into an error that names the parameter, so the client sees which field to fix.
/// </summary>
internal static partial class ParameterBinding
{
    public static (string Field, string Message)? Explain(string message)
    {
        var match = BindingFailure().Match(message);
        if (!match.Success)
        {
            return null;
        }

        var type = match.Groups["type"].Value;
        var inner = NullableOf().Match(type) is { Success: true } nullable ? nullable.Groups["inner"].Value : type.TrimEnd('?');
        var value = match.Groups["value"].Value;
        var expected = inner switch
        {
            "Guid" => "an id (a GUID such as 0197a0a0-0000-7000-8000-000000000001)",
            "int" or "Int32" or "long" or "Int64" => "a whole number",
            "bool" or "Boolean" => "true or false",
            "DateTime" or "DateTimeOffset" or "DateOnly" => "a date",
            _ => EnumNames(inner) is { } names ? $"one of: {names}" : $"a {inner}",
        };
        return (match.Groups["name"].Value, $"'{value}' is not valid here; expected {expected}.");
    }

    private static string? EnumNames(string typeName) =>
        typeof(ParameterBinding).Assembly.GetTypes().FirstOrDefault(t => t.IsEnum && t.Name == typeName) is { } enumType
            ? string.Join(", ", Enum.GetNames(enumType).Select(n => char.ToLowerInvariant(n[0]) + n[1..]))
            : null;

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindingFailure();

    [GeneratedRegex("^Nullable<(?<inner>.+)>$")]
    private static partial Regex NullableOf();
}
