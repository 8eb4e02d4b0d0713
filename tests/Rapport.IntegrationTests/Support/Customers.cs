using System.Text.Json.Nodes;

namespace Rapport.IntegrationTests.Support;

/// <summary>A customer to create through the API: <c>ACustomer().Named("Ada").WithPhone("020 7946 0018")</c>.</summary>
public sealed class CustomerBuilder
{
    private static int counter = Random.Shared.Next(1_000_000, 9_000_000);

    private readonly JsonObject body = new() { ["name"] = "Test Customer", ["kind"] = "external", ["contactPoints"] = new JsonArray() };

    /// <summary>A phone number no other test uses, written as a person in the UK would.</summary>
    public static string UniqueUkPhone()
    {
        var n = Interlocked.Increment(ref counter);
        return $"020 3{n / 10_000 % 1000:000} {n % 10_000:0000}";
    }

    public static string UniqueEmail(string who = "customer") => $"{who}.{Unique.Letters()}@example.com";

    public CustomerBuilder Named(string name)
    {
        body["name"] = name;
        return this;
    }

    public CustomerBuilder OfKind(string kind)
    {
        body["kind"] = kind;
        return this;
    }

    public CustomerBuilder Organisation()
    {
        body["type"] = "organisation";
        return this;
    }

    public CustomerBuilder WorksFor(string organisation)
    {
        body["organisation"] = organisation;
        return this;
    }

    public CustomerBuilder Since(DateTime since)
    {
        body["customerSince"] = since;
        return this;
    }

    public CustomerBuilder WithEmail(string email) => With("email", email);

    public CustomerBuilder WithPhone(string phone) => With("phone", phone);

    public CustomerBuilder WithHandle(string handle, string network) => With("social", handle, network);

    public CustomerBuilder WithAddress(string address) => With("postal", address);

    public CustomerBuilder With(string type, string value, string? network = null)
    {
        var point = new JsonObject { ["type"] = type, ["value"] = value };
        if (network is not null)
        {
            point["network"] = network;
        }

        body["contactPoints"]!.AsArray().Add(point);
        return this;
    }

    public CustomerBuilder WithProfile(JsonObject profile)
    {
        body["profile"] = profile;
        return this;
    }

    public JsonObject Body => body;

    public override string ToString() => body.ToJsonString();

    /// <summary>Creates the customer and returns the created record.</summary>
    public async Task<JsonNode> CreateAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/v1/customers", Requests.JsonBody(ToString()));
        return await response.ExpectAsync(HttpStatusCode.Created);
    }
}

public static class Build
{
    public static CustomerBuilder ACustomer(string? name = null) => new CustomerBuilder().Named(name ?? $"Customer {Unique.Letters()}"[..20]);
}
