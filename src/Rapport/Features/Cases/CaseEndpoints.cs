using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Cases;

public static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/cases").WithTags("Cases").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireVisible("case", "id", CaseVisibility.CanSeeCaseAsync)
            .RequireVisible("conversation", "conversationId", Conversations.ConversationVisibility.CanSeeConversationAsync);
        group.MapGet("/", ListCases);
        group.MapGet("/{id}", GetCase).SendsETag();
        var work = group.MapGroup("").RequireAuthorization(Policies.WorkCases);
        work.MapPost("/", CreateCase).Idempotent().SendsETag();
        work.MapPut("/{id}", UpdateCase).HonoursIfMatch();
        work.MapPost("/{id}/status", SetStatus).HonoursIfMatch().WithName("SetCaseStatus");
        work.MapPost("/{id}/assign", Assign).HonoursIfMatch();
        work.MapPost("/{id}/follow", Follow);
        work.MapDelete("/{id}/follow", Unfollow);
        work.MapPost("/{id}/conversations", LinkConversation);
        work.MapDelete("/{id}/conversations/{conversationId}", UnlinkConversation);
        work.MapPost("/{id}/notes", AddNote).Idempotent().WithName("AddCaseNote");
        work.MapPost("/{id}/requirement-confirmation", ConfirmRequirement);
        work.MapPost("/bulk", Bulk);

        var kinds = app.MapGroup("/api/v1/case-kinds").WithTags("Cases").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem();
        kinds.MapGet("/", CaseKindEndpoints.ListKinds);
        kinds.MapPost("/", CaseKindEndpoints.CreateKind).RequireAuthorization(Policies.Administer);
        kinds.MapDelete("/{key}", CaseKindEndpoints.DeleteKind).RequireAuthorization(Policies.Administer);
        return app;
    }

    /// <summary>Cases, most recently changed first, filtered by status, owner (an id, "me" or "none"), team, kind, priority, tag or customer.</summary>
    public static async Task<Results<Ok<Page<CaseSummaryDto>>, ValidationProblem>> ListCases(CaseQueries queries, ClaimsPrincipal user,
        [QueryValues(typeof(CaseStatus))] string? status, [QueryValues("me", "none", OrId = true)] string? owner, Guid? teamId, string? kind,
        [QueryValues(typeof(CasePriority))] string? priority, string? tag, Guid? customerId, bool? active,
        int? limit, string? after, CancellationToken ct)
    {
        if (Paging.Validate(limit, after, out var take, out var cursor) is { } problem)
        {
            return problem;
        }

        var badStatus = QueryEnum.Read<CaseStatus>(status, "status", out var statusFilter);
        var badPriority = QueryEnum.Read<CasePriority>(priority, "priority", out var priorityFilter);
        if ((badStatus ?? badPriority) is { } bad)
        {
            return bad;
        }

        Guid? ownerId = null;
        var unowned = false;
        switch (owner?.Trim().ToLowerInvariant())
        {
            case null or "":
                break;
            case "me":
                ownerId = user.UserId();
                break;
            case "none":
                unowned = true;
                break;
            default:
                if (!Guid.TryParse(owner, out var parsed))
                {
                    return Problems.Invalid("owner", "owner is a user id, \"me\" or \"none\".");
                }

                ownerId = parsed;
                break;
        }

        var filter = new CaseFilter(statusFilter, ownerId, unowned, teamId, kind?.Trim().ToLowerInvariant(), priorityFilter,
            tag?.Trim().ToLowerInvariant(), customerId, active ?? false);
        return TypedResults.Ok(await queries.ListAsync(filter, Viewer.Of(user), take, cursor, ct));
    }

    /// <summary>The case with its requirement, linked conversations, followers and notes. The ETag is for If-Match on changes.</summary>
    public static async Task<Results<Ok<CaseDto>, ProblemHttpResult>> GetCase(Guid id, CaseQueries queries, ClaimsPrincipal user,
        HttpResponse response, CancellationToken ct)
    {
        if (await queries.GetAsync(id, Viewer.Of(user), ct) is not { } found)
        {
            return Problems.NotFound("case", id);
        }

        ETags.Set(response, await queries.VersionAsync(id, ct));
        return TypedResults.Ok(found);
    }

    /// <summary>Opens a case for a customer, or from a conversation (linked to it). Honours Idempotency-Key.</summary>
    public static async Task<Results<Created<CaseDto>, ValidationProblem>> CreateCase(CreateCaseRequest request, CaseService cases,
        CaseQueries queries, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var created = await cases.CreateAsync(request, Viewer.Of(user), ct);
        ETags.Set(response, created.Version);
        return TypedResults.Created($"/api/v1/cases/{created.Id}", await queries.GetAsync(created.Id, Viewer.Of(user), ct));
    }

    /// <summary>Replaces title, kind, requirement, priority (and tags when given). Send If-Match with the ETag you read (412 when stale).</summary>
    public static Task<Results<Ok<CaseDto>, ValidationProblem, ProblemHttpResult>> UpdateCase(Guid id, UpdateCaseRequest request,
        CaseService cases, CaseQueries queries, HttpContext http, CancellationToken ct) =>
        Change(id, http, queries, ifMatch => cases.UpdateAsync(id, request, ifMatch, ct), ct);

    /// <summary>Moves the case to another status; a move the workflow does not allow is a 400 naming status.</summary>
    public static Task<Results<Ok<CaseDto>, ValidationProblem, ProblemHttpResult>> SetStatus(Guid id, SetCaseStatusRequest request,
        CaseService cases, CaseQueries queries, HttpContext http, CancellationToken ct) =>
        Change(id, http, queries, ifMatch => cases.SetStatusAsync(id, request.Status, ifMatch, ct), ct);

    public static Task<Results<Ok<CaseDto>, ValidationProblem, ProblemHttpResult>> Assign(Guid id, AssignCaseRequest request,
        CaseService cases, CaseQueries queries, HttpContext http, CancellationToken ct) =>
        Change(id, http, queries, ifMatch => cases.AssignAsync(id, request.OwnerId, request.TeamId, ifMatch, ct), ct);

    /// <summary>The signed-in user follows the case.</summary>
    public static Task<Results<Ok<CaseDto>, ValidationProblem, ProblemHttpResult>> Follow(Guid id, CaseService cases, CaseQueries queries,
        HttpContext http, ClaimsPrincipal user, CancellationToken ct) =>
        Change(id, http, queries, _ => cases.FollowAsync(id, user.UserId(), true, ct), ct);

    public static Task<Results<Ok<CaseDto>, ValidationProblem, ProblemHttpResult>> Unfollow(Guid id, CaseService cases, CaseQueries queries,
        HttpContext http, ClaimsPrincipal user, CancellationToken ct) =>
        Change(id, http, queries, _ => cases.FollowAsync(id, user.UserId(), false, ct), ct);

    /// <summary>Links a conversation of the same customer; a conversation already linked to another case is refused (400).</summary>
    public static Task<Results<Ok<CaseDto>, ValidationProblem, ProblemHttpResult>> LinkConversation(Guid id, LinkConversationRequest request,
        CaseService cases, CaseQueries queries, HttpContext http, CancellationToken ct) =>
        Change(id, http, queries, _ => cases.LinkAsync(id, request.ConversationId, Viewer.Of(http.User), ct), ct);

    public static Task<Results<Ok<CaseDto>, ValidationProblem, ProblemHttpResult>> UnlinkConversation(Guid id, Guid conversationId,
        CaseService cases, CaseQueries queries, HttpContext http, CancellationToken ct) =>
        Change(id, http, queries, _ => cases.UnlinkAsync(id, conversationId, ct), ct);

    /// <summary>Adds an internal note; @mentioned colleagues are notified.</summary>
    public static async Task<Results<Created<CaseNoteDto>, ValidationProblem, ProblemHttpResult>> AddNote(Guid id, AddCaseNoteRequest request,
        CaseService cases, ClaimsPrincipal user, CancellationToken ct) =>
        await cases.AddNoteAsync(id, request.Text, user, ct) is { } note
            ? TypedResults.Created($"/api/v1/cases/{id}", new CaseNoteDto(note.Id, note.AuthorId, note.AuthorName, note.Text, note.At))
            : Problems.NotFound("case", id);

    /// <summary>Records that the requirement was confirmed with the customer: by the signed-in user, now, and how.</summary>
    public static Task<Results<Ok<CaseDto>, ValidationProblem, ProblemHttpResult>> ConfirmRequirement(Guid id, ConfirmRequirementRequest request,
        CaseService cases, CaseQueries queries, HttpContext http, ClaimsPrincipal user, CancellationToken ct) =>
        Change(id, http, queries, _ => cases.ConfirmRequirementAsync(id, request.How, user, ct), ct);

    /// <summary>Assign, change status or tag many cases at once: all change, or none does and each refusal names ids[i].</summary>
    public static async Task<Results<Ok<BulkCaseResultDto>, ValidationProblem>> Bulk(BulkCaseRequest request, CaseBulk bulk,
        CaseQueries queries, ClaimsPrincipal user, CancellationToken ct)
    {
        var (changed, errors) = await bulk.ApplyAsync(request, Viewer.Of(user), ct);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(new BulkCaseResultDto(await queries.SummariesAsync(changed.Select(c => c.Id).ToList(), ct)));
    }

    private static async Task<Results<Ok<CaseDto>, ValidationProblem, ProblemHttpResult>> Change(Guid id, HttpContext http, CaseQueries queries,
        Func<Guid?, Task<Case?>> change, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var ifMatch))
        {
            return Problems.Invalid("If-Match", "If-Match must be an ETag returned by this API.");
        }

        if (await change(ifMatch) is not { } changed)
        {
            return Problems.NotFound("case", id);
        }

        ETags.Set(http.Response, changed.Version);
        return TypedResults.Ok((await queries.GetAsync(id, Viewer.Of(http.User), ct))!);
    }
}
