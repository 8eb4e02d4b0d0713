using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Complaints;

/// <summary>The guided complaint flow on complaint cases (C16) and its measures. A case hidden from the caller hides its complaint too.</summary>
public static class ComplaintEndpoints
{
    public static IEndpointRouteBuilder MapComplaintEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/cases/{id}/complaint").WithTags("Complaints").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireVisible("case", "id", Cases.CaseVisibility.CanSeeCaseAsync);
        group.MapGet("/", GetComplaint);
        var work = group.MapGroup("").RequireAuthorization(Policies.WorkCases);
        work.MapPost("/listen", Listen).Idempotent();
        work.MapPost("/apology", Apologise);
        work.MapPost("/alternatives", ProposeAlternative).Idempotent();
        work.MapPost("/alternatives/{alternativeId}/agree", AgreeAlternative);
        work.MapPost("/disagreements", RecordDisagreement).Idempotent();
        work.MapPost("/thanks", Thank);
        work.MapPost("/follow-up", ScheduleFollowUp).Idempotent();
        work.MapPost("/follow-up/waiver", WaiveFollowUp);

        var complaints = app.MapGroup("/api/v1/complaints").WithTags("Complaints").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem();
        complaints.MapGet("/causes", ListComplaintCauses);
        complaints.MapGet("/measures", MeasureComplaints);
        return app.MapComplaintCauseEndpoints();
    }

    /// <summary>The complaint's LAST steps so far and the step it is at. 404 when the case is not a complaint.</summary>
    public static async Task<Results<Ok<ComplaintDto>, ProblemHttpResult>> GetComplaint(Guid id, ComplaintQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } found ? TypedResults.Ok(found) : Problems.NotFound("complaint case", id);

    /// <summary>Listen: the complaint in the customer's words, their expectation and feeling, and its cause. The first step. Honours Idempotency-Key.</summary>
    public static async Task<Results<Ok<ComplaintDto>, ValidationProblem, ProblemHttpResult>> Listen(Guid id, ListenRequest request,
        ComplaintService service, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(id, await service.ListenAsync(id, request, user, ct));

    /// <summary>Apologise: the apology as given, in the organisation's words, with the channel and when. After Listen.</summary>
    public static async Task<Results<Ok<ComplaintDto>, ValidationProblem, ProblemHttpResult>> Apologise(Guid id, ApologyRequest request,
        ComplaintService service, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(id, await service.ApologiseAsync(id, request, user, ct));

    /// <summary>
    /// Solve: proposes an alternative with its cost and benefit to the customer and the organisation, and optionally an
    /// offer (refund, compensation, goodwill gesture, discount or policy exception). After Apologise. Honours Idempotency-Key.
    /// </summary>
    public static async Task<Results<Created<ComplaintDto>, ValidationProblem, ProblemHttpResult>> ProposeAlternative(Guid id,
        ProposeAlternativeRequest request, ComplaintService service, ClaimsPrincipal user, CancellationToken ct) =>
        await service.ProposeAsync(id, request, user, ct) is { } done
            ? TypedResults.Created($"/api/v1/cases/{id}/complaint", done)
            : Problems.NotFound("complaint case", id);

    /// <summary>
    /// Records the alternative the customer agreed to (200). An offer goes through the limits of authority: within your
    /// limit it is agreed at once; beyond it the answer is 202 with the alternative awaiting approval, and agreeing it
    /// again before a colleague approved it (or after they rejected it) is a 400 naming alternativeId.
    /// </summary>
    public static async Task<Results<Ok<ComplaintDto>, Accepted<ComplaintDto>, ValidationProblem, ProblemHttpResult>> AgreeAlternative(Guid id,
        Guid alternativeId, AgreeAlternativeRequest? request, ComplaintService service, ClaimsPrincipal user, CancellationToken ct) =>
        await service.AgreeAsync(id, alternativeId, request?.AtFirstContact ?? false, user, ct) switch
        {
            null => Problems.NotFound("complaint case", id),
            { AwaitingApproval: true } waiting => TypedResults.Accepted($"/api/v1/cases/{id}/complaint", waiting.Complaint),
            var agreed => TypedResults.Ok(agreed.Value.Complaint),
        };

    /// <summary>The customer disagrees: their needs, what was confirmed, why an expectation cannot be met, and the escalation. After Listen. Honours Idempotency-Key.</summary>
    public static async Task<Results<Created<ComplaintDto>, ValidationProblem, ProblemHttpResult>> RecordDisagreement(Guid id,
        DisagreementRequest request, ComplaintService service, ClaimsPrincipal user, CancellationToken ct) =>
        await service.DisagreeAsync(id, request, user, ct) is { } done
            ? TypedResults.Created($"/api/v1/cases/{id}/complaint", done)
            : Problems.NotFound("complaint case", id);

    /// <summary>Thank: the customer was thanked for raising the complaint. After an alternative was agreed.</summary>
    public static async Task<Results<Ok<ComplaintDto>, ValidationProblem, ProblemHttpResult>> Thank(Guid id, ThanksRequest request,
        ComplaintService service, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(id, await service.ThankAsync(id, request, user, ct));

    /// <summary>
    /// Schedules the follow-up that checks the customer is satisfied: a promise on the case, reminded, kept or broken like
    /// any other (see /api/v1/promises). After Thank; again only when the previous one was broken. Honours Idempotency-Key.
    /// </summary>
    public static async Task<Results<Created<ComplaintDto>, ValidationProblem, ProblemHttpResult>> ScheduleFollowUp(Guid id,
        FollowUpRequest request, ComplaintService service, ClaimsPrincipal user, CancellationToken ct) =>
        await service.ScheduleFollowUpAsync(id, request, user, ct) is { } done
            ? TypedResults.Created($"/api/v1/cases/{id}/complaint", done)
            : Problems.NotFound("complaint case", id);

    /// <summary>Waives the follow-up with a reason, so the case can be resolved without one. Not while a follow-up promise is pending.</summary>
    public static async Task<Results<Ok<ComplaintDto>, ValidationProblem, ProblemHttpResult>> WaiveFollowUp(Guid id, WaiveFollowUpRequest request,
        ComplaintService service, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(id, await service.WaiveFollowUpAsync(id, request, user, ct));

    /// <summary>
    /// The organisation's complaint causes, in its order; Listen takes one by key. Retired causes (no longer offered, kept
    /// for the complaints that have them) only with includeRetired=true.
    /// </summary>
    public static async Task<Ok<IReadOnlyList<ComplaintCauseDto>>> ListComplaintCauses(ComplaintCatalogue catalogue, bool? includeRetired,
        CancellationToken ct)
    {
        var causes = await catalogue.CurrentAsync(ct);
        return TypedResults.Ok(includeRetired == true ? causes.All : causes.Offered);
    }

    /// <summary>
    /// Complaints opened in [from, to), for all teams (or teamId) and per team: by cause, resolved at first contact, hours
    /// in each step, follow-ups scheduled, done (kept), broken and waived, and complaints reopened.
    /// </summary>
    public static async Task<Results<Ok<ComplaintMeasuresDto>, ValidationProblem>> MeasureComplaints(ComplaintMeasures measures, ClaimsPrincipal user,
        DateTimeOffset? from, DateTimeOffset? to, Guid? teamId, CancellationToken ct)
    {
        if (from is null)
        {
            return Problems.Invalid("from", "from is required (an instant, e.g. 2026-11-01T00:00:00Z).");
        }

        if (to is null)
        {
            return Problems.Invalid("to", "to is required (an instant, e.g. 2026-12-01T00:00:00Z).");
        }

        if (to <= from)
        {
            return Problems.Invalid("to", "to must be after from.");
        }

        return TypedResults.Ok(await measures.MeasureAsync(from.Value.UtcDateTime, to.Value.UtcDateTime, teamId, Viewer.Of(user), ct));
    }

    private static Results<Ok<ComplaintDto>, ValidationProblem, ProblemHttpResult> Answer(Guid id, ComplaintDto? done) =>
        done is null ? Problems.NotFound("complaint case", id) : TypedResults.Ok(done);
}
