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

    [Fact]
    public async Task The_document_is_served_anonymously_as_valid_json()
    {
        using var doc = await DocumentAsync();

        Assert.StartsWith("3.", doc.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
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
