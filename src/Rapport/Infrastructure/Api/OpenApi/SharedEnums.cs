using Microsoft.OpenApi;

namespace Rapport.Infrastructure.Api.OpenApi;

/// <summary>
/// A property with a default or a description is written with its enum inline (the generator cannot put those beside a
/// reference), and client generators then make a type per property. Point such properties back at the shared enum.
/// </summary>
internal static class SharedEnums
{
    public static void Reference(OpenApiDocument document)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }

        var enums = schemas.Where(s => s.Value.Enum is { Count: > 0 } && s.Value.Properties is null or { Count: 0 })
            .GroupBy(s => Key(s.Value.Enum!)).ToDictionary(g => g.Key, g => g.First().Key);
        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
        {
            foreach (var (name, property) in (schema.Properties ?? new Dictionary<string, IOpenApiSchema>()).ToList())
            {
                if (property is OpenApiSchema { Enum.Count: > 0 } inline && enums.TryGetValue(Key(inline.Enum!), out var shared))
                {
                    var reference = new OpenApiSchemaReference(shared, document) { Description = inline.Description };
                    schema.Properties![name] = inline.Type?.HasFlag(JsonSchemaType.Null) == true
                        ? new OpenApiSchema { OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }], Default = inline.Default }
                        : inline.Default is null ? reference : new OpenApiSchema { AllOf = [new OpenApiSchemaReference(shared, document)], Default = inline.Default, Description = inline.Description };
                }
            }
        }
    }

    /// <summary>
    /// Requests refuse members they do not know, and say so (<c>additionalProperties: false</c>); what Rapport sends may
    /// gain members within v1 (see the versioning policy), so response and webhook schemas do not forbid them.
    /// </summary>
    public static void OpenResponses(OpenApiDocument document)
    {
        var requests = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var media in operation.RequestBody?.Content?.Values.AsEnumerable() ?? [])
            {
                if (media.Schema is OpenApiSchemaReference { Reference.Id: { } id })
                {
                    requests.Add(id);
                }
            }
        }

        foreach (var (name, schema) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (schema is OpenApiSchema { AdditionalPropertiesAllowed: false } open && !requests.Contains(name)
                && !name.EndsWith("Request", StringComparison.Ordinal))
            {
                open.AdditionalPropertiesAllowed = true;
            }
        }
    }

    private static string Key(IEnumerable<System.Text.Json.Nodes.JsonNode> values) =>
        string.Join('|', values.Select(v => v?.ToJsonString() ?? "null").Where(v => v != "null").Order(StringComparer.Ordinal));
}
