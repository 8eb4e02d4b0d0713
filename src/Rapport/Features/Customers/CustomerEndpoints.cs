using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rapport.Features.Audit;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Customers;

public static class CustomerEndpoints
{
    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/customers").WithTags("Customers").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListCustomers);
        group.MapGet("/lookup", LookupCustomer).AnswersNotFound();
        group.MapGet("/{id}", GetCustomer).SendsETag().RedirectsMergedAway();
        group.MapGet("/{id}/notes", ListNotes);
        group.MapGet("/{id}/history", GetHistory);
        group.MapGet("/{id}/confidential", RevealConfidential);

        var write = group.MapGroup("").RequireAuthorization(Policies.WriteCustomers);
        write.MapPost("/", CreateCustomer).Idempotent().SendsETag();
        write.MapPut("/{id}", UpdateCustomer).HonoursIfMatch();
        write.MapPost("/{id}/contact-points", AddContactPoint).Idempotent().HonoursIfMatch();
        write.MapDelete("/{id}/contact-points/{contactPointId}", RemoveContactPoint);
        write.MapPost("/{id}/notes", AddNote).Idempotent().WithName("AddCustomerNote");
        write.MapPost("/{id}/confidential", AddConfidentialDetail).Idempotent();
        write.MapPost("/{id}/merge", MergeCustomers).SendsETag();

        var manage = group.MapGroup("").RequireAuthorization(Policies.ManageCustomers);
        manage.MapDelete("/{id}", DeleteCustomer);
        manage.MapPost("/import", CustomerCsvEndpoints.ImportCustomers).Accepts<string>("text/csv");
        manage.MapGet("/export", CustomerCsvEndpoints.ExportCustomers).Produces<string>(200, "text/csv");
        return app;
    }

    /// <summary>Customers by name, with search (name, email or phone) and a kind filter; cursor-paged.</summary>
    public static async Task<Results<Ok<Page<CustomerSummaryDto>>, ValidationProblem>> ListCustomers(CustomerQueries queries,
        string? q, [QueryValues(typeof(CustomerKind))] string? kind, int? limit, string? after, CancellationToken ct)
    {
        if (Paging.Validate(limit, after, out var take, out var cursor) is { } problem)
        {
            return problem;
        }

        if (QueryEnum.Read<CustomerKind>(kind, "kind", out var kindFilter) is { } badKind)
        {
            return badKind;
        }

        if (q?.Length > 200)
        {
            return Problems.Invalid("q", "A search is at most 200 characters.");
        }

        return TypedResults.Ok(await queries.ListAsync(q, kindFilter, take, cursor, ct));
    }

    /// <summary>
    /// Returning-customer recognition: exactly one of email, phone, or handle with network. The answer carries the
    /// greeting from the returning-customer template; a 404 (no customer has the contact point: they may be new) carries
    /// the first-contact greeting in its <c>greeting</c> member.
    /// </summary>
    public static async Task<Results<Ok<ReturningCustomerDto>, ProblemHttpResult>> LookupCustomer(ReturningCustomerLookup lookup,
        string? email, string? phone, string? handle, string? network, CancellationToken ct)
    {
        if (await lookup.FindAsync(email, phone, handle, network, ct) is { } found)
        {
            return TypedResults.Ok(found);
        }

        var by = !string.IsNullOrWhiteSpace(email) ? ContactPointType.Email : !string.IsNullOrWhiteSpace(phone) ? ContactPointType.Phone : ContactPointType.Social;
        var greeting = await lookup.FirstContactGreetingAsync(ReturningCustomerLookup.ChannelFor(by, network), ct);
        return TypedResults.Problem(title: "No customer has this contact point.", detail: "They may be new: greet them with the first-contact greeting.",
            statusCode: 404, type: "https://rapport.dev/problems/not-found", extensions: new Dictionary<string, object?> { ["greeting"] = greeting });
    }

    /// <summary>The customer record. A merged-away id redirects (308) to the record it was merged into.</summary>
    public static async Task<Results<Ok<CustomerDto>, RedirectHttpResult, ProblemHttpResult>> GetCustomer(Guid id,
        CustomerQueries customers, HttpResponse response, CancellationToken ct)
    {
        var customer = await customers.GetAsync(id, ct);
        if (customer is null)
        {
            return Problems.NotFound("customer", id);
        }

        if (customer.MergedIntoId is { } survivor)
        {
            return TypedResults.Redirect($"/api/v1/customers/{survivor}", permanent: true, preserveMethod: true);
        }

        ETags.Set(response, customer.Version);
        return TypedResults.Ok(customer.Dto);
    }

    public static async Task<Results<Created<CustomerDto>, ValidationProblem>> CreateCustomer(CreateCustomerRequest request,
        CustomerService customers, HttpResponse response, CancellationToken ct)
    {
        var customer = await customers.CreateAsync(request, ct);
        ETags.Set(response, customer.Version);
        return TypedResults.Created($"/api/v1/customers/{customer.Id}", customer.ToDto());
    }

    /// <summary>Replaces name, kind, type, organisation and profile. Send If-Match with the ETag you read to avoid overwriting a newer change (412).</summary>
    public static async Task<Results<Ok<CustomerDto>, ValidationProblem, ProblemHttpResult>> UpdateCustomer(Guid id,
        UpdateCustomerRequest request, CustomerService customers, HttpRequest http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http, out var ifMatch))
        {
            return Problems.Invalid("If-Match", "If-Match must be an ETag returned by this API.");
        }

        var customer = await customers.UpdateAsync(id, request, ifMatch, ct);
        if (customer is null)
        {
            return Problems.NotFound("customer", id);
        }

        ETags.Set(http.HttpContext.Response, customer.Version);
        return TypedResults.Ok(customer.ToDto());
    }

    public static async Task<Results<Created<ContactPointDto>, ValidationProblem, ProblemHttpResult>> AddContactPoint(Guid id,
        ContactPointRequest request, CustomerService customers, HttpRequest http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http, out var ifMatch))
        {
            return Problems.Invalid("If-Match", "If-Match must be an ETag returned by this API.");
        }

        var added = await customers.AddContactPointAsync(id, request, ifMatch, ct);
        if (added is not { } result)
        {
            return Problems.NotFound("customer", id);
        }

        ETags.Set(http.HttpContext.Response, result.Customer.Version);
        return TypedResults.Created($"/api/v1/customers/{id}/contact-points/{result.Point.Id}", result.Point.ToDto());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveContactPoint(Guid id, Guid contactPointId,
        CustomerService customers, CancellationToken ct) =>
        await customers.RemoveContactPointAsync(id, contactPointId, ct) ? TypedResults.NoContent() : Problems.NotFound("contact point", contactPointId);

    public static async Task<Results<Ok<List<NoteDto>>, ProblemHttpResult>> ListNotes(Guid id, CustomerService customers,
        CustomerQueries queries, CancellationToken ct)
    {
        if (!await queries.ExistsAsync(id, ct))
        {
            return Problems.NotFound("customer", id);
        }

        return TypedResults.Ok((await customers.NotesAsync(id, ct)).Select(n => n.ToDto()).ToList());
    }

    public static async Task<Results<Created<NoteDto>, ValidationProblem, ProblemHttpResult>> AddNote(Guid id, AddNoteRequest request,
        CustomerService customers, CancellationToken ct) =>
        await customers.AddNoteAsync(id, request.Body, ct) is { } note
            ? TypedResults.Created($"/api/v1/customers/{id}/notes/{note.Id}", note.ToDto())
            : Problems.NotFound("customer", id);

    /// <summary>Everything that happened to this record and every record merged into it, newest first.</summary>
    public static async Task<Results<Ok<Page<AuditEntryDto>>, ValidationProblem, ProblemHttpResult>> GetHistory(Guid id,
        CustomerService customers, CustomerQueries queries, int? limit, string? after, CancellationToken ct)
    {
        if (Paging.Validate(limit, after, out var take, out var cursor) is { } problem)
        {
            return problem;
        }

        if (!await queries.ExistsAsync(id, ct))
        {
            return Problems.NotFound("customer", id);
        }

        return TypedResults.Ok(await queries.HistoryAsync(await customers.HistoryIdsAsync(id, ct), take, cursor, ct));
    }

    /// <summary>Reveals the confidential details the caller's role may read; each value returned is an audited read.</summary>
    public static async Task<Results<Ok<List<RevealedConfidentialDto>>, ProblemHttpResult>> RevealConfidential(Guid id,
        ConfidentialDetails details, ClaimsPrincipal user, CancellationToken ct) =>
        await details.RevealAsync(id, user, null, ct) is { } revealed ? TypedResults.Ok(revealed) : Problems.NotFound("customer", id);

    public static async Task<Results<Created<ConfidentialFieldDto>, ValidationProblem, ProblemHttpResult>> AddConfidentialDetail(Guid id,
        AddConfidentialDetailRequest request, CustomerService customers, CancellationToken ct) =>
        await customers.AddConfidentialDetailAsync(id, request, ct) is { } d
            ? TypedResults.Created($"/api/v1/customers/{id}/confidential/{d.Id}", new ConfidentialFieldDto(d.Id, d.Label, d.Level))
            : Problems.NotFound("customer", id);

    /// <summary>Merges the duplicate into this customer, keeping every contact point, note and history entry of both.</summary>
    public static async Task<Results<Ok<CustomerDto>, ValidationProblem, ProblemHttpResult>> MergeCustomers(Guid id,
        MergeCustomersRequest request, CustomerService customers, HttpResponse response, CancellationToken ct)
    {
        var survivor = await customers.MergeAsync(id, request.DuplicateId, request.Reason, ct);
        if (survivor is null)
        {
            return Problems.NotFound("customer", id);
        }

        ETags.Set(response, survivor.Version);
        return TypedResults.Ok(survivor.ToDto());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteCustomer(Guid id, CustomerService customers,
        [FromQuery] string? reason, CancellationToken ct) =>
        await customers.DeleteAsync(id, reason, ct) ? TypedResults.NoContent() : Problems.NotFound("customer", id);
}
