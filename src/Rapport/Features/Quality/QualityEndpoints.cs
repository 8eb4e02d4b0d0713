using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Quality;

/// <summary>Quality reviews (C26). A review of a conversation the caller may not see is hidden as if it did not exist.</summary>
public static class QualityEndpoints
{
    public static IEndpointRouteBuilder MapQualityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/quality").WithTags("Quality").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/scorecards", ListScorecards);
        var reviews = group.MapGroup("/reviews").RequireVisible("review", "id", QualityVisibility.CanSeeReviewAsync);
        reviews.MapGet("/", ListReviews);
        reviews.MapGet("/{id}", GetReview);
        reviews.MapPost("/{id}/comments", Comment).RequireAuthorization(Policies.WorkCases);
        reviews.MapPost("/{id}/acknowledge", Acknowledge).RequireAuthorization(Policies.WorkCases);

        var managers = group.MapGroup("").RequireAuthorization(Policies.ReviewQuality);
        managers.MapPost("/scorecards", CreateScorecard).Idempotent();
        managers.MapPut("/scorecards/{id}", UpdateScorecard);
        managers.MapGet("/sample", Sample);
        managers.MapPost("/reviews", SubmitReview).Idempotent();
        var calibrations = managers.MapGroup("/calibrations").RequireVisible("calibration session", "id", QualityVisibility.CanSeeCalibrationAsync);
        calibrations.MapPost("/", CreateCalibration).Idempotent();
        calibrations.MapGet("/{id}", GetCalibration);
        calibrations.MapPost("/{id}/scores", ScoreCalibration);
        return app;
    }

    /// <summary>The scorecards with their weighted items; the default one, built from the behaviours of 000 and LAST, is made when first needed.</summary>
    public static async Task<Ok<IReadOnlyList<ScorecardDto>>> ListScorecards(QualityService quality, CancellationToken ct) =>
        TypedResults.Ok(await quality.ListScorecardsAsync(ct));

    /// <summary>A new scorecard (supervisors and administrators). isDefault makes it the one reviews use when they name none. Honours Idempotency-Key.</summary>
    public static async Task<Created<ScorecardDto>> CreateScorecard(ScorecardRequest request, QualityService quality, CancellationToken ct)
    {
        var made = await quality.CreateScorecardAsync(request, ct);
        return TypedResults.Created($"/api/v1/quality/scorecards/{made.Id}", made);
    }

    /// <summary>Replaces a scorecard's name, items and weights. Reviews already given keep the items and weights they were scored with.</summary>
    public static async Task<Results<Ok<ScorecardDto>, ValidationProblem, ProblemHttpResult>> UpdateScorecard(Guid id, ScorecardRequest request,
        QualityService quality, CancellationToken ct) =>
        await quality.UpdateScorecardAsync(id, request, ct) is { } saved ? TypedResults.Ok(saved) : Problems.NotFound("scorecard", id);

    /// <summary>
    /// The week's random sample (week: its Monday, default this week): per agent, perAgent (default 2, at most 20) of the
    /// conversations they replied to that week, drawn by a generator seeded by the week and the agent — the same every time.
    /// </summary>
    public static async Task<Results<Ok<SampleDto>, ValidationProblem>> Sample(WeeklySample sample, TimeProvider time, DateOnly? week, int? perAgent,
        Guid? agentId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var monday = week ?? today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return TypedResults.Ok(await sample.DrawAsync(monday, perAgent ?? 2, agentId, ct));
    }

    /// <summary>
    /// Scores an agent's work on a conversation (optionally its case) on a scorecard (the default when left out): every
    /// item met, partly, notMet or notApplicable, with comments; the answer has the weighted score. Honours Idempotency-Key.
    /// </summary>
    public static async Task<Created<ReviewDto>> SubmitReview(ReviewRequest request, QualityService quality, ClaimsPrincipal user, CancellationToken ct)
    {
        var review = await quality.SubmitAsync(request, user, ct);
        return TypedResults.Created($"/api/v1/quality/reviews/{review.Id}", review);
    }

    /// <summary>Reviews newest first: an agent sees their own; supervisors, administrators and auditors everyone's (or agentId's), in [from, to).</summary>
    public static async Task<Results<Ok<ReviewListDto>, ValidationProblem>> ListReviews(QualityService quality, ClaimsPrincipal user,
        [QueryValues("me", OrId = true)] string? agent, DateTimeOffset? from, DateTimeOffset? to, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > 500)
        {
            return Problems.Invalid("limit", "limit is between 1 and 500.");
        }

        Guid? agentId = null;
        if (agent == "me")
        {
            agentId = user.UserId();
        }
        else if (agent is not null)
        {
            if (!Guid.TryParse(agent, out var id))
            {
                return Problems.Invalid("agent", "agent is \"me\" or a member of staff's id.");
            }

            agentId = id;
        }

        return TypedResults.Ok(await quality.ListAsync(agentId, from?.UtcDateTime, to?.UtcDateTime, limit ?? 100, Viewer.Of(user), ct));
    }

    public static async Task<Results<Ok<ReviewDto>, ProblemHttpResult>> GetReview(Guid id, QualityService quality, ClaimsPrincipal user, CancellationToken ct) =>
        await quality.GetAsync(id, Viewer.Of(user), ct) is { } found ? TypedResults.Ok(found) : Problems.NotFound("review", id);

    /// <summary>A comment on the review, by the agent it is about or a supervisor.</summary>
    public static async Task<Results<Ok<ReviewDto>, ValidationProblem, ProblemHttpResult>> Comment(Guid id, CommentRequest request, QualityService quality,
        ClaimsPrincipal user, CancellationToken ct) =>
        await quality.CommentAsync(id, request, user, ct) is { } done ? TypedResults.Ok(done) : Problems.NotFound("review", id);

    /// <summary>The agent the review is about acknowledges it (anyone else: 400 naming id). Acknowledging again changes nothing.</summary>
    public static async Task<Results<Ok<ReviewDto>, ValidationProblem, ProblemHttpResult>> Acknowledge(Guid id, QualityService quality,
        ClaimsPrincipal user, CancellationToken ct) =>
        await quality.AcknowledgeAsync(id, user, ct) is { } done ? TypedResults.Ok(done) : Problems.NotFound("review", id);

    /// <summary>A calibration session on one interaction; each reviewer then posts their scores to /scores. Honours Idempotency-Key.</summary>
    public static async Task<Created<CalibrationDto>> CreateCalibration(CalibrationRequest request, Calibrations calibrations, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var made = await calibrations.CreateAsync(request, user, ct);
        return TypedResults.Created($"/api/v1/quality/calibrations/{made.Id}", made);
    }

    /// <summary>The session: before the caller has scored, only how many have; afterwards every reviewer's scores and the spread per item and overall.</summary>
    public static async Task<Results<Ok<CalibrationDto>, ProblemHttpResult>> GetCalibration(Guid id, Calibrations calibrations, ClaimsPrincipal user,
        CancellationToken ct) =>
        await calibrations.GetAsync(id, Viewer.Of(user), ct) is { } found ? TypedResults.Ok(found) : Problems.NotFound("calibration session", id);

    /// <summary>The caller's own scores for the session, once.</summary>
    public static async Task<Results<Ok<CalibrationDto>, ValidationProblem, ProblemHttpResult>> ScoreCalibration(Guid id, CalibrationScoresRequest request,
        Calibrations calibrations, ClaimsPrincipal user, CancellationToken ct) =>
        await calibrations.ScoreAsync(id, request, user, ct) is { } done ? TypedResults.Ok(done) : Problems.NotFound("calibration session", id);
}

public static class QualitySetup
{
    public static IServiceCollection AddQuality(this IServiceCollection services)
    {
        services.AddScoped<QualityService>();
        services.AddScoped<WeeklySample>();
        services.AddScoped<Calibrations>();
        return services;
    }
}
