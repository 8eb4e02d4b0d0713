namespace Rapport.IntegrationTests.Api.Contract;

/// <summary>The contract check itself, on hand-made exchanges against a small document: it catches what it must.</summary>
public sealed class OpenApiContractTests
{
    private const string Document = """
        {
          "openapi": "3.1.1",
          "info": { "title": "Things", "version": "1" },
          "paths": {
            "/things/{id}": {
              "get": {
                "operationId": "getThing",
                "responses": {
                  "200": {
                    "description": "The thing.",
                    "headers": { "ETag": { "$ref": "#/components/headers/ETag" }, "Idempotent-Replayed": { "$ref": "#/components/headers/Replayed" } },
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } }
                  },
                  "404": { "$ref": "#/components/responses/NotFound" }
                }
              }
            },
            "/things/special": {
              "get": { "operationId": "getSpecial", "responses": { "204": { "description": "Nothing." } } }
            }
          },
          "components": {
            "schemas": {
              "Thing": {
                "type": "object",
                "required": ["id", "name"],
                "properties": { "id": { "type": "string", "format": "uuid" }, "name": { "type": "string" }, "size": { "type": "integer" } }
              },
              "Problem": { "type": "object", "required": ["status"], "properties": { "status": { "type": "integer" } } }
            },
            "headers": {
              "ETag": { "required": true, "schema": { "type": "string" } },
              "Replayed": { "schema": { "type": "string", "enum": ["true"] } }
            },
            "responses": {
              "NotFound": { "description": "None.", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
            }
          }
        }
        """;

    private const string Thing = """{"id":"0199a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b","name":"Lamp","size":3}""";

    private static readonly OpenApiContract Contract = new(Document);

    private static RecordedExchange Exchange(int status, string body = Thing, string? mediaType = "application/json", string path = "/things/0199a3c4",
        params (string Name, string Value)[] headers) =>
        new("GET", path, status, headers.Length == 0 && status == 200 ? new Dictionary<string, string> { ["ETag"] = "\"v1\"" } : headers.ToDictionary(h => h.Name, h => h.Value),
            mediaType, body);

    [Fact]
    public void An_answer_as_declared_passes()
    {
        Assert.Empty(Contract.Check(Exchange(200)));
        Assert.Empty(Contract.Check(Exchange(200, headers: [("etag", "\"v1\""), ("Idempotent-Replayed", "true")])));
        Assert.Empty(Contract.Check(Exchange(404, """{"status":404,"traceId":"x"}""", "application/problem+json")));
        Assert.Empty(Contract.Check(Exchange(204, "", null, "/things/special")));
    }

    [Fact]
    public void An_undeclared_status_is_caught()
    {
        var problem = Assert.Single(Contract.Check(Exchange(500, """{"status":500}""", "application/problem+json")));

        Assert.Contains("getThing does not declare 500 (it declares 200, 404)", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"0199a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b"}""", "name")] // a required property is missing
    [InlineData("""{"id":"0199a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b","name":"Lamp","size":"3"}""", "/size")] // a wrong type
    [InlineData("""{"id":"not-a-uuid","name":"Lamp"}""", "/id")] // a wrong format
    public void A_body_that_breaks_its_schema_is_caught(string body, string where)
    {
        var problem = Assert.Single(Contract.Check(Exchange(200, body)));

        Assert.Contains("getThing 200 application/json is not valid", problem, StringComparison.Ordinal);
        Assert.Contains(where, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_header_and_a_header_outside_its_schema_are_caught()
    {
        Assert.Contains("requires the header ETag, which is missing", Assert.Single(Contract.Check(Exchange(200, headers: [("Location", "/x")]))), StringComparison.Ordinal);
        Assert.Contains("header Idempotent-Replayed is not valid",
            Assert.Single(Contract.Check(Exchange(200, headers: [("ETag", "\"v1\""), ("Idempotent-Replayed", "yes")]))), StringComparison.Ordinal);
    }

    [Fact]
    public void An_undeclared_body_an_undeclared_media_type_and_a_missing_body_are_caught()
    {
        Assert.Contains("does not declare a body of type text/html", Assert.Single(Contract.Check(Exchange(200, "<p>hi</p>", "text/html"))), StringComparison.Ordinal);
        Assert.Contains("does not declare a body", Assert.Single(Contract.Check(Exchange(204, "{}", "application/json", "/things/special"))), StringComparison.Ordinal);
        Assert.Contains("declares a body (application/json) but none came", Assert.Single(Contract.Check(Exchange(200, "", null))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_or_method_the_document_does_not_describe_is_caught()
    {
        Assert.Contains("no path of the document matches", Assert.Single(Contract.Check(Exchange(200, path: "/widgets/1"))), StringComparison.Ordinal);
        Assert.Contains("describes no DELETE", Assert.Single(Contract.Check(Exchange(200) with { Method = "DELETE" })), StringComparison.Ordinal);
    }
}
