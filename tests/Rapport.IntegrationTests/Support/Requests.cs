using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Rapport.IntegrationTests.Support;

/// <summary>Small helpers for calling the API and reading its answers.</summary>
public static class Requests
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent JsonBody(object value) => JsonBody(JsonSerializer.Serialize(value, Json));

    public static StringContent CsvBody(string csv) => new(csv, Encoding.UTF8, "text/csv");

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    /// <summary>Asserts the status and returns the JSON body, showing the body when the status is wrong.</summary>
    public static async Task<JsonNode> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/> whose errors name <paramref name="field"/>.</summary>
    public static async Task<JsonNode> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem["status"]?.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()), "A problem has a title.");
        var text = problem.ToJsonString();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal); // never a stack trace
        if (field is not null)
        {
            var errors = problem["errors"]?.AsObject();
            Assert.True(errors is not null && errors.ContainsKey(field), $"Expected an error for '{field}' in {text}");
            Assert.NotEmpty(errors[field]!.AsArray());
        }

        return problem;
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url,
        HttpContent? content = null, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        headers?.Invoke(request.Headers);
        return await client.SendAsync(request);
    }

    public static string Id(this JsonNode node) => node["id"]!.GetValue<string>();

    public static string Str(this JsonNode node, string name) => node[name]?.GetValue<string>() ?? "";
}
