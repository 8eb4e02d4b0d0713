using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Rapport.IntegrationTests.Api.Contract;

/// <summary>
/// Holds a recorded exchange to an OpenAPI 3.1 document: the path and method are described, the status is declared for the
/// operation, every header the response declares as required is there and matches its schema, and the body has a declared
/// media type and is valid against its schema (JSON Schema 2020-12, formats checked).
/// </summary>
public sealed class OpenApiContract
{
    private const string SchemasPointer = "#/components/schemas/";

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly JsonNode document;
    private readonly JsonObject definitions;
    private readonly List<(string Template, string[] Segments)> paths;
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new();

    public OpenApiContract(string json)
    {
        document = JsonNode.Parse(json) ?? throw new ArgumentException("The document is empty.", nameof(json));
        definitions = Rewrite(document["components"]?["schemas"] ?? new JsonObject()).AsObject();
        paths = [.. document["paths"]!.AsObject().Select(p => (p.Key, p.Key.Trim('/').Split('/')))];
    }

    /// <summary>What in <paramref name="exchange"/> the document does not allow; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(RecordedExchange exchange)
    {
        if (Template(exchange.Path) is not { } template)
        {
            return [$"{exchange}: no path of the document matches"];
        }

        if (document["paths"]![template]![exchange.Method.ToLowerInvariant()] is not JsonObject operation)
        {
            return [$"{exchange}: {template} describes no {exchange.Method}"];
        }

        var id = operation["operationId"]?.GetValue<string>() ?? $"{exchange.Method} {template}";
        var declared = operation["responses"]!.AsObject();
        var status = exchange.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = declared.ContainsKey(status) ? status : declared.ContainsKey($"{status[0]}XX") ? $"{status[0]}XX" : declared.ContainsKey("default") ? "default" : null;
        if (key is null)
        {
            return [$"{exchange}: {id} does not declare {status} (it declares {string.Join(", ", declared.Select(r => r.Key))})"];
        }

        var response = Resolve(declared[key]!);
        var problems = new List<string>();
        foreach (var (name, declaration) in response["headers"]?.AsObject() ?? [])
        {
            var header = Resolve(declaration!);
            var value = exchange.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            if (value is null)
            {
                if (header["required"]?.GetValue<bool>() == true)
                {
                    problems.Add($"{exchange}: {id} {key} requires the header {name}, which is missing");
                }
            }
            else if (header["schema"] is { } schema)
            {
                problems.AddRange(Validate($"{id} {key} header {name}", schema, JsonValue.Create(value)).Select(p => $"{exchange}: {p}"));
            }
        }

        var content = response["content"]?.AsObject();
        if (exchange.Body.Length == 0)
        {
            if (content is { Count: > 0 } && exchange.Method != "HEAD")
            {
                problems.Add($"{exchange}: {id} {key} declares a body ({string.Join(", ", content.Select(c => c.Key))}) but none came");
            }

            return problems;
        }

        if (content is null || exchange.MediaType is null || !content.TryGetPropertyValue(exchange.MediaType, out var media))
        {
            problems.Add($"{exchange}: {id} {key} does not declare a body of type {exchange.MediaType ?? "(none)"}" +
                $" (it declares {(content is null ? "no body" : string.Join(", ", content.Select(c => c.Key)))})");
            return problems;
        }

        if (media?["schema"] is { } bodySchema && exchange.MediaType.EndsWith("json", StringComparison.Ordinal))
        {
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(exchange.Body);
            }
            catch (JsonException e)
            {
                problems.Add($"{exchange}: the {exchange.MediaType} body is not JSON: {e.Message}");
                return problems;
            }

            problems.AddRange(Validate($"{id} {key} {exchange.MediaType}", bodySchema, body).Select(p => $"{exchange}: {p}"));
        }

        return problems;
    }

    /// <summary>The path template matching <paramref name="path"/>; a literal segment wins over a parameter (/customers/lookup).</summary>
    private string? Template(string path)
    {
        var segments = path.Trim('/').Split('/');
        return paths
            .Where(p => p.Segments.Length == segments.Length && p.Segments.Zip(segments).All(s => s.First.StartsWith('{') || s.First == s.Second))
            .OrderByDescending(p => p.Segments.Count(s => !s.StartsWith('{')))
            .Select(p => p.Template)
            .FirstOrDefault();
    }

    /// <summary>A response, header or parameter, following a <c>$ref</c> into the components.</summary>
    private JsonNode Resolve(JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            node = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate(document, (at, part) => at[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]
                    ?? throw new InvalidOperationException($"Unresolvable $ref {reference}"));
        }

        return node;
    }

    private IEnumerable<string> Validate(string what, JsonNode schema, JsonNode? instance)
    {
        var built = schemas.GetOrAdd(what, _ =>
        {
            // The schema becomes a document of its own, with the components' schemas as its $defs.
            var root = Rewrite(schema).AsObject();
            root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            root["$defs"] = definitions.DeepClone();
            return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        });

        using var parsed = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var result = built.Evaluate(parsed.RootElement, Evaluation);
        if (result.IsValid)
        {
            return [];
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .Take(8)
            .ToList();
        return [$"{what} is not valid: {(errors.Count > 0 ? string.Join("; ", errors) : "(no detail)")}"];
    }

    private static JsonNode Rewrite(JsonNode schema) =>
        JsonNode.Parse(schema.ToJsonString().Replace($"\"{SchemasPointer}", "\"#/$defs/", StringComparison.Ordinal))!;
}
