using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Cases;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Feedback;

/// <summary>Feedback (C24): the feed, logging feedback, themes, survey settings, a case's surveys and improvement ideas.</summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        var feedback = app.MapGroup("/api/v1/feedback").WithTags("Feedback").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem();
        feedback.MapGet("/", ListFeedback);
        feedback.MapGet("/{id:guid}", GetFeedback).ProducesProblem(StatusCodes.Status404NotFound);
        feedback.MapGet("/themes", ListThemes);
        feedback.MapGet("/survey-settings", GetSurveySettings);
        feedback.MapPut("/survey-settings", ChangeSurveySettings).RequireAuthorization(Policies.Administer);
        var work = feedback.MapGroup("").RequireAuthorization(Policies.WorkCases);
        work.MapPost("/", LogFeedback).Idempotent();
        work.MapPut("/{id:guid}/themes", SetThemes).ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGroup("/api/v1/cases/{id}/surveys").WithTags("Feedback").RequireAuthorization(Policies.ReadCustomers)
            .ProducesProblem(StatusCodes.Status404NotFound).RequireVisible("case", "id", CaseVisibility.CanSeeCaseAsync)
            .MapGet("/", GetCaseSurveys);

        var ideas = app.MapGroup("/api/v1/improvement-ideas").WithTags("Feedback").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem();
        ideas.MapGet("/", ListIdeas);
        ideas.MapPost("/", ProposeIdea).RequireAuthorization(Policies.WorkCases).Idempotent();
        ideas.MapPost("/{id:guid}/agree", AgreeIdea).RequireAuthorization(Policies.ManageCustomers).ProducesProblem(StatusCodes.Status404NotFound);
        ideas.MapPost("/{id:guid}/done", CompleteIdea).RequireAuthorization(Policies.WorkCases).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// The feedback feed, newest first: filter by source, rating (negative, neutral, positive), score range, theme,
    /// customer, case or agent. Feedback about a case or conversation the caller may not see is left out.
    /// </summary>
    public static async Task<Results<Ok<Page<FeedbackDto>>, ValidationProblem>> ListFeedback(FeedbackQueries queries, ClaimsPrincipal user,
        string? source, string? rating, int? minScore, int? maxScore, string? theme, Guid? customerId, Guid? caseId, Guid? agentId,
        int? limit, string? after, CancellationToken ct)
    {
        if (Paging.Validate(limit, after, out var take, out var cursor) is { } badPage)
        {
            return badPage;
        }

        if (QueryEnum.Read(source, "source", out FeedbackSource? sourceFilter) is { } badSource)
        {
            return badSource;
        }

        if (QueryEnum.Read(rating, "rating", out FeedbackRating? ratingFilter) is { } badRating)
        {
            return badRating;
        }

        if (minScore is not null && maxScore is not null && maxScore < minScore)
        {
            return Problems.Invalid("maxScore", "maxScore is below minScore.");
        }

        var filter = new FeedbackFilter(sourceFilter, ratingFilter, minScore, maxScore, theme, customerId, caseId, agentId);
        return TypedResults.Ok(await queries.FeedAsync(filter, Viewer.Of(user), take, cursor, ct));
    }

    /// <summary>One piece of feedback; 404 when there is none the caller may see.</summary>
    public static async Task<Results<Ok<FeedbackDto>, ProblemHttpResult>> GetFeedback(Guid id, FeedbackQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await queries.GetAsync(id, Viewer.Of(user), ct) is { } found ? TypedResults.Ok(found) : Problems.NotFound("feedback", id);

    /// <summary>
    /// Themes with their count in [from, to) (default: the last 30 days) and in the period of the same length before it,
    /// and the change between them. Optionally of one source. Counts only feedback the caller may see.
    /// </summary>
    public static async Task<Results<Ok<ThemesDto>, ValidationProblem>> ListThemes(FeedbackQueries queries, ClaimsPrincipal user,
        DateTimeOffset? from, DateTimeOffset? to, string? source, CancellationToken ct)
    {
        if (QueryEnum.Read(source, "source", out FeedbackSource? sourceFilter) is { } badSource)
        {
            return badSource;
        }

        return TypedResults.Ok(await queries.ThemesAsync(from?.UtcDateTime, to?.UtcDateTime, sourceFilter, Viewer.Of(user), ct));
    }

    /// <summary>Logs feedback from a source other than a survey (verbal, letter, review, serviceAudit, other). Honours Idempotency-Key.</summary>
    public static async Task<Results<Created<FeedbackDto>, ValidationProblem>> LogFeedback(LogFeedbackRequest request, FeedbackService service,
        FeedbackQueries queries, ClaimsPrincipal user, CancellationToken ct)
    {
        var entry = await service.LogAsync(request, user, ct);
        return TypedResults.Created($"/api/v1/feedback/{entry.Id}", await queries.GetAsync(entry.Id, Viewer.Of(user), ct));
    }

    /// <summary>Replaces the themes of a piece of feedback (at most 10, each 1–50 characters; stored in lower case).</summary>
    public static async Task<Results<Ok<FeedbackDto>, ValidationProblem, ProblemHttpResult>> SetThemes(Guid id, SetThemesRequest request,
        FeedbackService service, FeedbackQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await service.SetThemesAsync(id, request.Themes, user, ct) is not null
            ? TypedResults.Ok((await queries.GetAsync(id, Viewer.Of(user), ct))!)
            : Problems.NotFound("feedback", id);

    /// <summary>Which survey follows a resolved case, whether it asks for a comment, the quiet period and the link lifetime.</summary>
    public static async Task<Ok<SurveySettingsDto>> GetSurveySettings(Infrastructure.Data.RapportDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await SurveySettings.ReadAsync(db, ct)).ToDto());

    /// <summary>Changes the survey settings (administrators).</summary>
    public static async Task<Results<Ok<SurveySettingsDto>, ValidationProblem>> ChangeSurveySettings(SurveySettingsDto request, FeedbackService service,
        CancellationToken ct) =>
        TypedResults.Ok((await service.ChangeSettingsAsync(request, ct)).ToDto());

    /// <summary>The surveys a case called for when it was resolved: sent, answered (with the score) or not sent with the reason.</summary>
    public static async Task<Ok<CaseSurveysDto>> GetCaseSurveys(Guid id, FeedbackQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.CaseSurveysAsync(id, ct));

    /// <summary>Improvement ideas, newest first, optionally of one status (proposed, agreed, done).</summary>
    public static async Task<Results<Ok<List<ImprovementIdeaDto>>, ValidationProblem>> ListIdeas(IdeaQueries queries, ClaimsPrincipal user, string? status,
        CancellationToken ct) =>
        QueryEnum.Read(status, "status", out IdeaStatus? filter) is { } bad ? bad : TypedResults.Ok(await queries.ListAsync(filter, Viewer.Of(user), ct));

    /// <summary>Proposes an improvement idea, linked to the feedback that prompted it. Honours Idempotency-Key.</summary>
    public static async Task<Results<Created<ImprovementIdeaDto>, ValidationProblem>> ProposeIdea(ProposeIdeaRequest request, FeedbackService service,
        IdeaQueries queries, ClaimsPrincipal user, CancellationToken ct)
    {
        var idea = await service.ProposeAsync(request, user, ct);
        return TypedResults.Created($"/api/v1/improvement-ideas/{idea.Id}", await queries.ToDtoAsync(idea, Viewer.Of(user), ct));
    }

    /// <summary>Agrees a proposed idea (supervisors and administrators); records who and when.</summary>
    public static async Task<Results<Ok<ImprovementIdeaDto>, ValidationProblem, ProblemHttpResult>> AgreeIdea(Guid id, FeedbackService service,
        IdeaQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await service.AgreeAsync(id, user, ct) is { } idea ? TypedResults.Ok(await queries.ToDtoAsync(idea, Viewer.Of(user), ct)) : Problems.NotFound("improvement idea", id);

    /// <summary>Marks an agreed idea done, with what was done; records who and when.</summary>
    public static async Task<Results<Ok<ImprovementIdeaDto>, ValidationProblem, ProblemHttpResult>> CompleteIdea(Guid id, CompleteIdeaRequest? request,
        FeedbackService service, IdeaQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await service.CompleteAsync(id, request?.Outcome, user, ct) is { } idea ? TypedResults.Ok(await queries.ToDtoAsync(idea, Viewer.Of(user), ct)) : Problems.NotFound("improvement idea", id);
}
