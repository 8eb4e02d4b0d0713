using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rapport.Infrastructure.Api;

/// <summary>
/// Enums travel as camelCase strings, read case-insensitively; an unknown value is rejected with the allowed ones
/// listed, so the client learns what to send instead of a type name.
/// </summary>
public sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;
}

public sealed class StrictEnumConverter<T> : JsonConverter<T> where T : struct, Enum
{
    private static readonly string Allowed = string.Join(", ", Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName));

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, one of: {Allowed}.");
        }

        var text = reader.GetString();
        return TryParse(text, out var value) ? value : throw new JsonException($"'{text}' is not one of: {Allowed}.");
    }

    /// <summary>The one rule for enums on input, in JSON and query strings: a defined name, any case, never a number.</summary>
    public static bool TryParse(string? text, out T value) =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);

    /// <summary>The allowed values as clients write them.</summary>
    public static string AllowedValues => Allowed;

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));
}
