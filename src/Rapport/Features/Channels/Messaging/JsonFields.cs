using System.Text.Json;

namespace Rapport.Features.Channels.Messaging;

/// <summary>
/// Reading providers' webhook JSON, which adds, omits and empties fields without notice: a missing field, a field of
/// another type and an empty string all read as absent.
/// </summary>
public static class JsonFields
{
    public static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    public static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : [];
}
