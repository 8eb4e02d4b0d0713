using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Rapport.Features.Identity;

namespace Rapport.Fuzz;

/// <summary>
/// Every POST, PUT and PATCH endpoint of the API, found in the host's own OpenAPI document, called as a member of staff
/// whose role may call it, with bodies built from the endpoint's request schema and then mutated (a node replaced by a
/// wrong type, null, a huge number, deep nesting, a huge string, NUL, a lone surrogate; fields dropped, unknown fields
/// added), JSON built from the schema's field names, and random bytes. Route ids are real records where the collection
/// lists them. Properties: never a 5xx; a 4xx is problem JSON; a 4xx wrote nothing (every table's row count unchanged).
/// </summary>
public static partial class JsonEndpointFuzz
{
    /// <summary>One endpoint to fuzz: its method and route, the role that may call it, a valid-looking body, its field names.</summary>
    public sealed record Endpoint(string Method, string Route, string Role, string Sample, string[] Keys);

    /// <summary>Webhooks and CSV import have targets of their own; sign-in forms are not JSON.</summary>
    private static readonly string[] Elsewhere = ["/webhooks/", "/api/v1/customers/import", "/account/", "/chat/"];

    /// <summary>Probed in this order; the first role that is not refused calls the endpoint from then on.</summary>
    private static readonly string[] RolesToTry = [Roles.Administrator, Roles.Supervisor, Roles.Agent, Roles.Integration];

    public static async Task<List<Endpoint>> DiscoverAsync(FuzzHost host)
    {
        var admin = host.ClientAs(Roles.Administrator);
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]?["schemas"]?.AsObject();
        var ids = new Dictionary<string, string?>(StringComparer.Ordinal);
        var endpoints = new List<Endpoint>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            if (Elsewhere.Any(e => path.StartsWith(e, StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var (method, operation) in operations!.AsObject())
            {
                if (method is not ("post" or "put" or "patch"))
                {
                    continue;
                }

                var schema = operation!["requestBody"]?["content"]?["application/json"]?["schema"];
                var keys = new HashSet<string>(StringComparer.Ordinal);
                var sample = schema is null ? "{}" : Sample(schema, schemas, keys, 0)?.ToJsonString() ?? "{}";
                var route = await RouteWithIdsAsync(admin, path, ids);
                var role = await RoleForAsync(host, method.ToUpperInvariant(), route, sample);
                endpoints.Add(new Endpoint(method.ToUpperInvariant(), path, role, sample, keys.Count == 0 ? ["id", "name"] : [.. keys]));
            }
        }

        return endpoints;
    }

    private static async Task<string> RoleForAsync(FuzzHost host, string method, string route, string sample)
    {
        foreach (var role in RolesToTry)
        {
            using var response = await host.ClientAs(role).SendAsync(new HttpRequestMessage(new HttpMethod(method), route)
            {
                Content = new StringContent("{\"__probe\":", new MediaTypeHeaderValue("application/json")), // malformed: writes nothing
            });
            if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized))
            {
                return role;
            }
        }

        return Roles.Administrator;
    }

    /// <summary>A body that looks like what the schema asks for: every property with a plausible value of its type.</summary>
    private static JsonNode? Sample(JsonNode schema, JsonObject? schemas, HashSet<string> keys, int depth)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return depth > 4 ? null : schemas?[reference.Split('/')[^1]] is { } target ? Sample(target, schemas, keys, depth + 1) : null;
        }

        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values[0]?.DeepClone();
        }

        foreach (var alternative in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema[alternative] is JsonArray options && options.FirstOrDefault(o => o?["type"]?.ToString() != "null") is { } first)
            {
                return Sample(first, schemas, keys, depth + 1);
            }
        }

        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null"),
            JsonValue t => t.GetValue<string>(),
            _ => schema["properties"] is not null ? "object" : null,
        };
        switch (type)
        {
            case "object":
                var result = new JsonObject();
                foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
                {
                    keys.Add(name);
                    result[name] = property is null || depth > 5 ? null : Sample(property, schemas, keys, depth + 1);
                }

                return result;
            case "array":
                return schema["items"] is { } items && depth <= 5 ? new JsonArray(Sample(items, schemas, keys, depth + 1)) : new JsonArray();
            case "integer":
                return 1;
            case "number":
                return 1.5;
            case "boolean":
                return false;
            case "string":
                return schema["format"]?.GetValue<string>() switch
                {
                    "uuid" => Guid.NewGuid().ToString(),
                    "date-time" => "2026-03-02T09:00:00Z",
                    "date" => "2026-03-02",
                    "email" => "fuzz@example.com",
                    "uri" => "https://example.com/",
                    _ => "fuzz",
                };
            default:
                return null;
        }
    }

    /// <summary>The route with its first id a real record of the collection it names (where the list endpoint gives one).</summary>
    private static async Task<string> RouteWithIdsAsync(HttpClient admin, string path, Dictionary<string, string?> ids)
    {
        var first = path.IndexOf('{', StringComparison.Ordinal);
        if (first < 0)
        {
            return path;
        }

        var collection = path[..(first - 1)];
        if (!ids.TryGetValue(collection, out var id))
        {
            // Staff records are never fuzzed with a real id: a valid body could take the fuzzer's own role away.
            id = collection.EndsWith("/users", StringComparison.Ordinal) ? null : await FirstIdAsync(admin, collection);
            ids[collection] = id;
        }

        var filled = 0;
        return Parameter().Replace(path, _ => filled++ == 0 && id is not null ? id : Guid.NewGuid().ToString());
    }

    private static async Task<string?> FirstIdAsync(HttpClient admin, string collection)
    {
        using var response = await admin.GetAsync(collection);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        try
        {
            return FindId(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? FindId(JsonNode? node) => node switch
    {
        JsonObject o when o["id"] is JsonValue v && v.TryGetValue<string>(out var id) => id,
        JsonObject o => o.Select(p => FindId(p.Value)).FirstOrDefault(i => i is not null),
        JsonArray a => a.Select(FindId).FirstOrDefault(i => i is not null),
        _ => null,
    };

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    /// <summary>One body for <paramref name="endpoint"/>: its sample mutated, grammar-built from its field names, or random bytes.</summary>
    public static byte[] Body(PCG random, Endpoint endpoint)
    {
        var sample = Encoding.UTF8.GetBytes(endpoint.Sample);
        return random.Below(20) switch
        {
            < 9 => JsonMutation.TreeMutated(random, sample, endpoint.Keys),
            < 11 => Reshaped(random, endpoint),
            < 14 => Encoding.UTF8.GetBytes(random.Chance(70)
                ? "{" + string.Join(",", Enumerable.Range(0, random.Below(5) + 1).Select(_ => $"{Nasty.JsonString(random.OneOf(endpoint.Keys))}:{JsonMutation.RandomJson(random, 1, endpoint.Keys)}")) + "}"
                : JsonMutation.RandomJson(random, 0, endpoint.Keys)),
            < 17 => Nasty.Mutate(random, sample),
            < 18 => sample,
            < 19 => Encoding.UTF8.GetBytes(random.OneOf(Nasty.JsonValues)),
            _ => Nasty.RandomBytes(random, 2000),
        };
    }

    /// <summary>The sample with fields dropped, unknown fields added, or a field sent twice.</summary>
    private static byte[] Reshaped(PCG random, Endpoint endpoint)
    {
        if (JsonNode.Parse(endpoint.Sample) is not JsonObject body)
        {
            return Encoding.UTF8.GetBytes(endpoint.Sample);
        }

        var names = body.Select(p => p.Key).ToList();
        foreach (var name in names.Where(_ => random.Chance(30)))
        {
            body.Remove(name);
        }

        if (random.Chance(50))
        {
            body["unknownField" + random.Below(3)] = random.OneOf(["x", "1", "null"]);
        }

        var text = body.ToJsonString();
        if (names.Count > 0 && random.Chance(40) && text.Length > 2)
        {
            text = "{" + Nasty.JsonString(random.OneOf(names)) + ":" + random.OneOf(Nasty.JsonValues) + (text.Length > 2 ? "," : "") + text[1..];
        }

        return Encoding.UTF8.GetBytes(text);
    }

    public static async Task<FuzzReport> RunAsync(FuzzHost host, int cases, ulong seed, int? onlyCase = null, Action<string>? progress = null,
        IReadOnlyList<Endpoint>? endpoints = null)
    {
        endpoints ??= await DiscoverAsync(host);
        progress?.Invoke($"  json: {endpoints.Count} POST/PUT/PATCH endpoints found in the OpenAPI document");
        var clients = endpoints.Select(e => e.Role).Distinct().ToDictionary(r => r, r => host.ClientAs(r));
        var routes = new Dictionary<Endpoint, string>();
        var admin = host.ClientAs(Roles.Administrator);
        var ids = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            routes[endpoint] = await RouteWithIdsAsync(admin, endpoint.Route, ids);
        }

        var fingerprint = await DatabaseFingerprint.ForAsync(host.Services);
        var report = await FuzzRun.RunAsync("json", cases, seed, async (random, report) =>
        {
            var endpoint = random.OneOf(endpoints);
            report.Count($"endpoint {endpoint.Method} {endpoint.Route}");
            var route = random.Chance(10) ? Parameter().Replace(endpoint.Route, _ => random.OneOf(["not-a-guid", Guid.Empty.ToString(), "-1", "1"])) : routes[endpoint];
            var body = Body(random, endpoint);
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), route) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var before = await fingerprint.TakeAsync();
            using var response = await clients[endpoint.Role].SendAsync(request);
            return await Answers.CheckAsync(response, report, $"{endpoint.Method} {route} as {endpoint.Role} with {Answers.Cut(Encoding.UTF8.GetString(body), 200)}", fingerprint, before);
        }, onlyCase, progress);
        return report;
    }
}
