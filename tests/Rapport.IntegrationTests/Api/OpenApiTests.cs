using Rapport.Features.Identity;
using Rapport.Features.Webhooks;

namespace Rapport.IntegrationTests.Api;

/// <summary>The OpenAPI document is generated from the code; these hold it to what clients rely on.</summary>
public sealed class OpenApiTests(SqliteRapportFactory app) : IClassFixture<SqliteRapportFactory>
{
    private async Task<JsonDocument> DocumentAsync()
    {
        var response = await app.ClientAs(null).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonDocument doc) =>
        doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (p.Name, m.Name, m.Value)));

    private static JsonElement Operation(JsonDocument doc, string id) =>
        Operations(doc).Single(o => o.Operation.TryGetProperty("operationId", out var i) && i.GetString() == id).Operation;

    private static List<string> Statuses(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();

    private static List<string> Parameters(JsonElement operation) => operation.TryGetProperty("parameters", out var ps)
        ? ps.EnumerateArray().Select(p => p.TryGetProperty("$ref", out var r) ? r.GetString()!.Split('/')[^1] : p.GetProperty("name").GetString()!).ToList()
        : [];

    private static List<string> Headers(JsonElement operation, string status) =>
        operation.GetProperty("responses").GetProperty(status).TryGetProperty("headers", out var h) ? h.EnumerateObject().Select(x => x.Name).ToList() : [];

    [Fact]
    public async Task The_document_is_served_anonymously_as_valid_json()
    {
        using var doc = await DocumentAsync();

        Assert.StartsWith("3.1", doc.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("Rapport API", doc.RootElement.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_document_lists_the_customer_endpoints()
    {
        using var doc = await DocumentAsync();
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/v1/customers", paths);
        Assert.Contains("/api/v1/customers/{id}", paths);
        Assert.Contains("/api/v1/customers/lookup", paths);
        Assert.Contains("/api/v1/audit/verify", paths);
        Assert.Contains("/health", paths);
    }

    [Fact]
    public async Task Every_operation_has_a_unique_operation_id_and_a_summary()
    {
        using var doc = await DocumentAsync();
        var operations = Operations(doc).ToList();
        var ids = operations.Select(o => o.Operation.TryGetProperty("operationId", out var id) ? id.GetString() : null).ToList();

        Assert.True(operations.Count > 100, $"only {operations.Count} operations");
        Assert.DoesNotContain(null, ids);
        Assert.Empty(ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Operation.GetProperty("summary").GetString()), $"{o.Method} {o.Path}"));
        Assert.Equal("listCustomers", Operation(doc, "listCustomers").GetProperty("operationId").GetString());
    }

    [Fact]
    public async Task Tags_are_described_and_the_server_url_has_no_trailing_slash()
    {
        using var doc = await DocumentAsync();

        Assert.All(doc.RootElement.GetProperty("tags").EnumerateArray(),
            t => Assert.False(string.IsNullOrWhiteSpace(t.TryGetProperty("description", out var d) ? d.GetString() : null), t.GetProperty("name").GetString()));
        Assert.All(doc.RootElement.GetProperty("servers").EnumerateArray(), s => Assert.False(s.GetProperty("url").GetString()!.EndsWith('/')));
    }

    [Fact]
    public async Task Concurrency_and_idempotency_headers_are_described()
    {
        using var doc = await DocumentAsync();
        var create = Operation(doc, "createCustomer");
        var update = Operation(doc, "updateCustomer");
        var get = Operation(doc, "getCustomer");

        Assert.Contains("Idempotency-Key", Parameters(create));
        Assert.Equal(["Location", "ETag", "Idempotent-Replayed"], Headers(create, "201"));
        Assert.Contains("422", Statuses(create));
        Assert.Contains("If-Match", Parameters(update));
        Assert.Contains("412", Statuses(update));
        Assert.Contains("ETag", Headers(update, "200"));
        Assert.Contains("ETag", Headers(get, "200"));
        Assert.Contains("308", Statuses(get));
        Assert.Contains("Location", Headers(Operation(doc, "receiveMessage"), "202"));
        Assert.DoesNotContain("If-Match", Parameters(create));
    }

    [Fact]
    public async Task Every_authenticated_operation_declares_401_and_403_and_lists_do_not_declare_404()
    {
        using var doc = await DocumentAsync();

        foreach (var (path, method, operation) in Operations(doc).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)))
        {
            Assert.Contains("401", Statuses(operation));
            Assert.True(Statuses(operation).Contains("403"), $"{method} {path} declares no 403");
            Assert.Equal(path.Contains('{', StringComparison.Ordinal) || path.EndsWith("/lookup", StringComparison.Ordinal),
                Statuses(operation).Contains("404"));
        }

        Assert.DoesNotContain("404", Statuses(Operation(doc, "listCustomers")));
        Assert.Contains("404", Statuses(Operation(doc, "lookupCustomer")));
    }

    [Fact]
    public async Task Every_error_is_a_problem_that_allows_extension_members()
    {
        using var doc = await DocumentAsync();
        var components = doc.RootElement.GetProperty("components");

        foreach (var (path, method, operation) in Operations(doc).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var resolved = response.Value.TryGetProperty("$ref", out var r)
                    ? components.GetProperty("responses").GetProperty(r.GetString()!.Split('/')[^1])
                    : response.Value;
                Assert.True(resolved.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path} {response.Name}");
            }
        }

        foreach (var name in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
        {
            var schema = components.GetProperty("schemas").GetProperty(name);
            Assert.False(schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.False, name);
            Assert.True(schema.GetProperty("properties").TryGetProperty("traceId", out _), name);
        }

        Assert.Contains("WWW-Authenticate", components.GetProperty("responses").GetProperty("Unauthorized").GetProperty("headers").EnumerateObject().Select(h => h.Name));
    }

    [Fact]
    public async Task Downloads_enums_and_integers_are_described_as_they_are()
    {
        using var doc = await DocumentAsync();
        var raw = Operation(doc, "downloadRaw").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal("binary", raw.GetProperty("message/rfc822").GetProperty("schema").GetProperty("format").GetString());
        Assert.True(Operation(doc, "downloadAttachment").GetProperty("responses").TryGetProperty("200", out _));

        var view = Operation(doc, "listConversations").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "view");
        Assert.Equal("#/components/schemas/InboxView", view.GetProperty("schema").GetProperty("$ref").GetString());
        var kinds = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("InboxView").GetProperty("enum");
        Assert.Equal(["all", "unassigned", "mine", "team"], kinds.EnumerateArray().Select(k => k.GetString()));

        var text = doc.RootElement.GetRawText();
        Assert.DoesNotContain("^-?(?:0|[1-9]\\\\d*)$", text, StringComparison.Ordinal);
        var limit = Operation(doc, "listCustomers").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "limit");
        Assert.Equal("integer", limit.GetProperty("schema").GetProperty("type").GetString());

        var kind = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("CreateCustomerRequest").GetProperty("properties").GetProperty("kind");
        Assert.False(kind.TryGetProperty("enum", out _), "the customer kind is written inline instead of referring to CustomerKind");
    }

    [Fact]
    public async Task Every_webhook_event_is_described_with_its_payload_and_signature()
    {
        using var doc = await DocumentAsync();
        var webhooks = doc.RootElement.GetProperty("webhooks");

        foreach (var eventName in WebhookEvents.All)
        {
            var post = webhooks.GetProperty(eventName).GetProperty("post");
            Assert.Contains("X-Rapport-Signature", Parameters(post));
            Assert.Contains("X-Rapport-Timestamp", Parameters(post));
            var body = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            Assert.Equal(eventName, body.GetProperty("properties").GetProperty("event").GetProperty("const").GetString());
            var payload = body.GetProperty("properties").GetProperty("data").GetProperty("$ref").GetString()!.Split('/')[^1];
            Assert.True(doc.RootElement.GetProperty("components").GetProperty("schemas").TryGetProperty(payload, out _), payload);
        }
    }

    [Fact]
    public async Task Problems_use_one_family_of_types_and_a_401_challenges_for_a_bearer_token()
    {
        var response = await app.ClientAs(null).GetAsync("/api/v1/customers");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("https://rapport.dev/problems/unauthorized", problem.RootElement.GetProperty("type").GetString());
        Assert.True(problem.RootElement.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task A_validation_message_names_the_field_as_sent()
    {
        var response = await app.ClientAs(Roles.Administrator).PostAsJsonAsync("/api/v1/teams", new { name = new string('x', 101) });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"name\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Name", text, StringComparison.Ordinal);
        Assert.Contains("https://rapport.dev/problems/validation", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bearer_scheme_is_described_and_required()
    {
        using var doc = await DocumentAsync();
        var schemes = doc.RootElement.GetProperty("components").GetProperty("securitySchemes");
        var bearer = schemes.EnumerateObject().Single(s => s.Value.GetProperty("type").GetString() == "http");

        Assert.Equal("bearer", bearer.Value.GetProperty("scheme").GetString());
        var required = doc.RootElement.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject()).Select(r => r.Name);
        Assert.Contains(bearer.Name, required);
    }

    [Fact]
    public async Task The_scalar_reference_page_is_served()
    {
        var response = await app.ClientAs(null).GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }
}
