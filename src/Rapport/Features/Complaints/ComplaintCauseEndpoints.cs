using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Complaints;

/// <summary>Administrators manage the complaint causes and the apology wording; everyone who reads customers reads them.</summary>
public static class ComplaintCauseEndpoints
{
    public static IEndpointRouteBuilder MapComplaintCauseEndpoints(this IEndpointRouteBuilder app)
    {
        var complaints = app.MapGroup("/api/v1/complaints").WithTags("Complaints").ProducesValidationProblem();
        complaints.MapGet("/apology", GetApologyWording).RequireAuthorization(Policies.ReadCustomers);
        var admin = complaints.MapGroup("").RequireAuthorization(Policies.Administer);
        admin.MapPost("/causes", AddComplaintCause);
        admin.MapPut("/causes/{key}", ChangeComplaintCause);
        admin.MapDelete("/causes/{key}", DeleteComplaintCause);
        admin.MapPut("/apology", ChangeApologyWording);
        return app;
    }

    /// <summary>Adds a cause (administrators). Its key is made from its name and never changes; 400 naming name when a cause already has that key.</summary>
    public static async Task<Results<Created<ComplaintCauseDto>, ValidationProblem>> AddComplaintCause(ComplaintCauseRequest request,
        ComplaintCatalogue catalogue, CancellationToken ct)
    {
        var cause = await catalogue.AddAsync(request, ct);
        return TypedResults.Created($"/api/v1/complaints/causes/{cause.Key}", cause);
    }

    /// <summary>Renames, moves, retires (no longer offered for new complaints) or restores a cause (administrators). The key stays.</summary>
    public static async Task<Results<Ok<ComplaintCauseDto>, ValidationProblem, ProblemHttpResult>> ChangeComplaintCause(string key,
        ComplaintCauseRequest request, ComplaintCatalogue catalogue, CancellationToken ct) =>
        await catalogue.ChangeAsync(key, request, ct) is { } cause ? TypedResults.Ok(cause) : Problems.NotFound("complaint cause", key);

    /// <summary>Deletes a cause no complaint has (administrators); one in use is a 409: retire it instead, so measures by cause keep their history.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteComplaintCause(string key, ComplaintCatalogue catalogue, CancellationToken ct) =>
        await catalogue.DeleteAsync(key, ct) switch
        {
            CauseDeletion.Deleted => TypedResults.NoContent(),
            CauseDeletion.InUse => Problems.Conflict($"Complaints have the cause '{key}'; retire it instead, so they keep it and their measures keep their history."),
            _ => Problems.NotFound("complaint cause", key),
        };

    /// <summary>The apology wording agents start from on a complaint's Apologise step.</summary>
    public static async Task<Ok<ApologyWordingDto>> GetApologyWording(ComplaintCatalogue catalogue, CancellationToken ct) =>
        TypedResults.Ok(await catalogue.ApologyAsync(ct));

    /// <summary>Changes the apology wording (administrators); audited like other settings.</summary>
    public static async Task<Results<Ok<ApologyWordingDto>, ValidationProblem>> ChangeApologyWording(ApologyWordingDto request,
        ComplaintCatalogue catalogue, CancellationToken ct) =>
        TypedResults.Ok(await catalogue.ChangeApologyAsync(request, ct));
}
