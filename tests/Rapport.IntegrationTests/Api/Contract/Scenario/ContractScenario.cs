// Compiled at test time with the client Kiota generates from the live document (see GeneratedClient), not with the
// tests: it uses only what the document tells a third party. Every answer is also checked against the document by the
// test that runs it (OpenApiContractTests).
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using RapportClient;
using RapportClient.Models;

namespace RapportContract;

public static class ContractScenario
{
    /// <param name="callers">An adapter for "agent", "auditor" (may read, not write customers), "integration" (ingests) and "anonymous".</param>
    public static async Task RunAsync(IReadOnlyDictionary<string, IRequestAdapter> callers)
    {
        var agent = new RapportApi(callers["agent"]).Api.V1;
        var email = $"contract.{Guid.NewGuid():N}@example.com";

        // Create, retry-safe with an Idempotency-Key; the ETag and Location come back as headers.
        var key = Guid.NewGuid().ToString();
        var create = new CreateCustomerRequest
        {
            Name = "Ada Contract",
            Kind = CustomerKind.External,
            ContactPoints = [new ContactPointRequest { Type = ContactPointType.Email, Value = email }],
        };
        var (created, createdHeaders) = await WithHeadersAsync(h => agent.Customers.PostAsync(create, c => Idempotent(c, key, h)));
        var id = created!.Id!.Value;
        Expect(Header(createdHeaders, "Location") == $"/api/v1/customers/{id}", $"Location of the created customer: {Header(createdHeaders, "Location")}");
        var etag = Header(createdHeaders, "ETag");
        Expect(etag is not null, "The created customer has an ETag");

        // The same request again is replayed: the same customer, marked Idempotent-Replayed; another body is a 422.
        var (replayed, replayedHeaders) = await WithHeadersAsync(h => agent.Customers.PostAsync(create, c => Idempotent(c, key, h)));
        Expect(replayed!.Id == id && Header(replayedHeaders, "Idempotent-Replayed") == "true", "The repeated create is replayed");
        var reused = new CreateCustomerRequest { Name = "Someone Else", Kind = CustomerKind.External };
        await ExpectProblemAsync(422, () => agent.Customers.PostAsync(reused, c => c.Headers.Add("Idempotency-Key", key)));

        // Look up by e-mail, read by id.
        var found = await agent.Customers.Lookup.GetAsync(c => c.QueryParameters.Email = email.ToUpperInvariant());
        Expect(found!.Customer!.Id == id, "The lookup finds the customer by e-mail");
        var (read, readHeaders) = await WithHeadersAsync(h => agent.Customers[id].GetAsync(c => c.Options.Add(h)));
        Expect(read!.Name == "Ada Contract" && Header(readHeaders, "ETag") == etag, "Reading answers the record and its ETag");

        // An inbound e-mail from the customer's address is matched to them.
        var integration = new RapportApi(callers["integration"]).Api.V1;
        var ingested = await integration.InboundMessages.PostAsync(new InboundMessageRequest
        {
            Channel = Channel.Email,
            ProviderMessageId = $"<{Guid.NewGuid():N}@customer.example>",
            From = new InboundSenderRequest { Email = email },
            Subject = "Contract",
            Text = "Hello, I have a question.",
        });
        Expect(ingested!.CustomerId == id && ingested.MessageId is not null && ingested.NewCustomer == false, "The message is matched to the customer");

        // Optimistic concurrency: a change with the current ETag succeeds and moves it; the old one is now stale (412).
        var update = new UpdateCustomerRequest { Name = "Ada Contract-Smith", Kind = CustomerKind.External, Type = PartyType.Person };
        var (_, updatedHeaders) = await WithHeadersAsync(h => agent.Customers[id].PutAsync(update, c =>
        {
            c.Headers.Add("If-Match", etag!);
            c.Options.Add(h);
        }));
        Expect(Header(updatedHeaders, "ETag") is { } newer && newer != etag, "An update answers a new ETag");
        await ExpectProblemAsync(412, () => agent.Customers[id].PutAsync(update, c => c.Headers.Add("If-Match", etag!)));

        // Pages: one customer per page, the next page after the cursor.
        var duplicate = await agent.Customers.PostAsync(new CreateCustomerRequest { Name = "Ada Contract (copy)", Kind = CustomerKind.External });
        var first = await agent.Customers.GetAsync(c => c.QueryParameters.Limit = 1);
        Expect(first!.Items!.Count == 1 && first.Next is not null, "A page of one has a next cursor");
        var second = await agent.Customers.GetAsync(c =>
        {
            c.QueryParameters.Limit = 1;
            c.QueryParameters.After = first.Next;
        });
        Expect(second!.Items!.Count == 1 && second.Items[0].Id != first.Items[0].Id, "The next page goes on from the cursor");

        // Without a token: 401. With a role that may not write customers: 403.
        await ExpectProblemAsync(401, () => new RapportApi(callers["anonymous"]).Api.V1.Customers.GetAsync());
        await ExpectProblemAsync(403, () => new RapportApi(callers["auditor"]).Api.V1.Customers.PostAsync(create));

        // Merged away: the duplicate's id answers 308 to the survivor, which the client follows.
        var merged = await agent.Customers[id].Merge.PostAsync(new MergeCustomersRequest { DuplicateId = duplicate!.Id, Reason = "same person" });
        Expect(merged!.Id == id, "The merge answers the survivor");
        var redirected = await agent.Customers[duplicate.Id!.Value].GetAsync();
        Expect(redirected!.Id == id, "The merged-away id leads to the survivor");
    }

    private static void Idempotent(RequestConfiguration<DefaultQueryParameters> request, string key, HeadersInspectionHandlerOption headers)
    {
        request.Headers.Add("Idempotency-Key", key);
        request.Options.Add(headers);
    }

    private static async Task<(T Result, RequestHeaders Headers)> WithHeadersAsync<T>(Func<HeadersInspectionHandlerOption, Task<T>> call)
    {
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var result = await call(headers);
        return (result, headers.ResponseHeaders);
    }

    private static string? Header(RequestHeaders headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>The error is the document's problem type, with the status in both the answer and the problem.</summary>
    private static async Task ExpectProblemAsync(int status, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (ProblemDetails problem) when (problem.ResponseStatusCode == status && problem.Status == status)
        {
            return;
        }
        catch (ApiException e)
        {
            throw new InvalidOperationException($"Expected a {status} problem, got {e.GetType().Name} {e.ResponseStatusCode}: {e.Message}", e);
        }

        throw new InvalidOperationException($"Expected a {status} problem, the call succeeded");
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Contract scenario: not so: {what}");
        }
    }
}
