using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Coach;

public static class CoachEndpoints
{
    public static IEndpointRouteBuilder MapCoachEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/coach").WithTags("Coach").ProducesValidationProblem();
        // Whoever may reply may have a draft checked; checking writes nothing.
        group.MapPost("/check", Check).RequireAuthorization(Policies.WriteCustomers).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/glossary", GetGlossary).RequireAuthorization(Policies.Administer);
        group.MapPut("/glossary", PutGlossary).RequireAuthorization(Policies.Administer);
        return app;
    }

    /// <summary>
    /// Checks a draft reply and answers suggestions, each with why it fired, where it applies and, when mechanical, the
    /// replacement. With a conversation id, the customer, their last message and an open complaint are taken into
    /// account; a conversation the caller may not see is a 404, as if it did not exist. Suggestions never block sending.
    /// </summary>
    public static async Task<Results<Ok<CoachCheckDto>, ValidationProblem, ProblemHttpResult>> Check(CheckDraftRequest request, CoachService coach,
        ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.Text is null)
        {
            return Problems.Invalid("text", "text is required (the draft to check).");
        }

        return await coach.CheckAsync(request.Text, request.ConversationId, Viewer.Of(user), ct) is { } result
            ? TypedResults.Ok(result)
            : Problems.NotFound("conversation", request.ConversationId!);
    }

    /// <summary>The glossary the jargon check uses; isDefault is true while the seeded one applies.</summary>
    public static async Task<Ok<GlossaryDto>> GetGlossary(CoachService coach, CancellationToken ct) => TypedResults.Ok(await coach.GlossaryDtoAsync(ct));

    /// <summary>Replaces the glossary. Terms are unique (ignoring case), 1–100 characters, at most 500; an empty list switches the check off.</summary>
    public static async Task<Ok<GlossaryDto>> PutGlossary(GlossaryDto request, CoachService coach, CancellationToken ct) =>
        TypedResults.Ok(await coach.SetGlossaryAsync(request, ct));
}
