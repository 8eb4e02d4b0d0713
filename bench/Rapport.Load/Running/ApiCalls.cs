using System.Net;
using System.Net.Http.Json;
using Rapport.Load.Samples;

namespace Rapport.Load.Running;

/// <summary>The requests the scenarios are made of, each checked for the answer it should get.</summary>
internal static class ApiCalls
{
    public static async Task<Outcome> LookupAsync(HttpClient http, Sample sample, CancellationToken ct)
    {
        var query = sample.Kind switch
        {
            "email" => $"email={Uri.EscapeDataString(sample.Value)}",
            "phone" => $"phone={Uri.EscapeDataString(sample.Value)}",
            _ => $"handle={Uri.EscapeDataString(sample.Value)}&network={sample.Network}",
        };
        using var response = await http.GetAsync($"/api/v1/customers/lookup?{query}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var expected = sample.Expect == "hit" ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        if (response.StatusCode != expected)
        {
            return Outcome.Unexpected("lookup", Status(response));
        }

        // A hit must find the very customer the sample came from, not just anyone.
        return sample.CustomerId is { } id && !body.Contains(id.ToString(), StringComparison.Ordinal)
            ? Outcome.Unexpected("lookup", "wrong-customer")
            : Outcome.Expected("lookup", (int)response.StatusCode);
    }

    public static async Task<Outcome> CustomerPageAsync(HttpClient http, Guid id, bool withRelated, CancellationToken ct)
    {
        var paths = withRelated
            ? new[] { $"/api/v1/customers/{id}", $"/api/v1/customers/{id}/notes", $"/api/v1/customers/{id}/history?limit=20" }
            : [$"/api/v1/customers/{id}"];
        foreach (var path in paths)
        {
            using var response = await http.GetAsync(path, ct);
            await response.Content.LoadIntoBufferAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return Outcome.Unexpected("customer-page", Status(response));
            }
        }

        return Outcome.Expected("customer-page", 200);
    }

    public static async Task<Outcome> CreateAsync(HttpClient http, string runId, int worker, long n, CancellationToken ct)
    {
        // Distinct per run, worker and request, and outside every range the generator uses.
        var phone = "0" + (7_420_000_000L + ((worker * 1_000_003L) + n) % 10_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new
        {
            name = $"Load {runId} {worker}-{n}",
            kind = "external",
            contactPoints = new object[]
            {
                new { type = "email", value = $"load.{runId}.{worker}.{n}@bench.example" },
                new { type = "phone", value = phone },
            },
            profile = new { preferredChannel = "email", language = "en-GB" },
        };
        using var response = await http.PostAsJsonAsync("/api/v1/customers", request, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response.StatusCode == HttpStatusCode.Created
            ? Outcome.Expected("create", 201)
            : Outcome.Unexpected("create", Status(response));
    }

    /// <summary>A GET that must answer 200 (the health probe, the yardstick's endpoints).</summary>
    public static async Task<Outcome> GetAsync(HttpClient http, string operation, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response.StatusCode == HttpStatusCode.OK
            ? Outcome.Expected(operation, 200)
            : Outcome.Unexpected(operation, Status(response));
    }

    public static async Task<Outcome> SearchAsync(HttpClient http, string term, CancellationToken ct)
    {
        var query = term.Length == 0 ? "" : $"q={Uri.EscapeDataString(term)}&";
        using var response = await http.GetAsync($"/api/v1/customers?{query}limit=50", ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response.StatusCode == HttpStatusCode.OK
            ? Outcome.Expected("search", 200)
            : Outcome.Unexpected("search", Status(response));
    }

    /// <summary>
    /// Full-text search (GET /api/v1/search, the API's default page of 20) for a term of one class; the operation is named
    /// after the class. Every term comes from the generated messages, so an answer without a message hit is an error.
    /// </summary>
    public static async Task<Outcome> MessageSearchAsync(HttpClient http, (string Class, string Term) search, CancellationToken ct)
    {
        var operation = $"msg-{search.Class}";
        using var response = await http.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(search.Term)}", ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return Outcome.Unexpected(operation, Status(response));
        }

        using var hits = System.Text.Json.JsonDocument.Parse(body);
        return hits.RootElement.EnumerateArray().Any(h => h.GetProperty("kind").GetString() == "message")
            ? Outcome.Expected(operation, 200)
            : Outcome.Unexpected(operation, "no-message-hit");
    }

    private static readonly System.Text.Json.JsonSerializerOptions InboundJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Posts one inbound message and checks the answer: 201, the expected customer and conversation, new or not.</summary>
    public static async Task<Outcome> IngestAsync(HttpClient http, InboundMix mix, InboundCase message, int worker, CancellationToken ct)
    {
        var operation = "ingest-" + message.Kind;
        using var response = await http.PostAsJsonAsync("/api/v1/inbound-messages", message.Body, InboundJson, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            return Outcome.Unexpected(operation, Status(response));
        }

        using var json = System.Text.Json.JsonDocument.Parse(body);
        var customerId = json.RootElement.GetProperty("customerId").GetGuid();
        var conversationId = json.RootElement.GetProperty("conversationId").GetGuid();
        var newCustomer = json.RootElement.GetProperty("newCustomer").GetBoolean();
        if (newCustomer != message.ExpectNewCustomer || (message.ExpectCustomer is { } c && c != customerId))
        {
            return Outcome.Unexpected(operation, "wrong-customer");
        }

        if (message.ExpectConversation is { } expected && expected != conversationId)
        {
            return Outcome.Unexpected(operation, "wrong-conversation");
        }

        mix.Stored(worker, message, customerId, conversationId);
        return Outcome.Expected(operation, 201);
    }

    /// <summary>Ingest, answered once durable: 202 with a receipt (what became of it is measured from the journal afterwards).</summary>
    public static async Task<Outcome> AcceptAsync(HttpClient http, InboundCase message, CancellationToken ct)
    {
        var operation = "accept-" + message.Kind;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/inbound-messages")
        {
            Content = JsonContent.Create(message.Body, options: InboundJson),
        };
        request.Headers.Add("Prefer", "respond-async");
        using var response = await http.SendAsync(request, ct);
        await response.Content.ReadAsStringAsync(ct);
        return response.StatusCode == HttpStatusCode.Accepted
            ? Outcome.Expected(operation, 202)
            : Outcome.Unexpected(operation, Status(response));
    }

    private static string Status(HttpResponseMessage response) => ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
