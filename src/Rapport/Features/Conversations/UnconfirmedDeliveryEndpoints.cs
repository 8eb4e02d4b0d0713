using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Conversations;

/// <summary>
/// An agent's decision about a reply whose delivery is unconfirmed: send it again, or mark it sent. Whoever may reply in
/// the conversation may decide; whoever may not see it gets 404.
/// </summary>
public static class UnconfirmedDeliveryEndpoints
{
    public static IEndpointRouteBuilder MapUnconfirmedDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/messages/{id}").WithTags("Conversations")
            .RequireAuthorization(Policies.ReadCustomers).RequireAuthorization(Policies.WriteCustomers)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireVisible("message", "id", ConversationVisibility.CanSeeMessageAsync);
        group.MapPost("/send-again", SendAgain).WithName("SendUnconfirmedMessageAgain");
        group.MapPost("/mark-sent", MarkSent).WithName("MarkUnconfirmedMessageSent");
        return app;
    }

    /// <summary>Queues an unconfirmed reply to be sent again (the same message: an email keeps its Message-ID); audited.</summary>
    public static async Task<Results<Ok<UnconfirmedDeliveryResult>, ProblemHttpResult>> SendAgain(Guid id, UnconfirmedDeliveries deliveries,
        ClaimsPrincipal user, CancellationToken ct) =>
        Answer(id, await deliveries.SendAgainAsync(id, Viewer.Of(user), ct));

    /// <summary>Marks an unconfirmed reply as sent (the agent knows it arrived) without sending anything; audited.</summary>
    public static async Task<Results<Ok<UnconfirmedDeliveryResult>, ProblemHttpResult>> MarkSent(Guid id, UnconfirmedDeliveries deliveries,
        ClaimsPrincipal user, CancellationToken ct) =>
        Answer(id, await deliveries.MarkSentAsync(id, Viewer.Of(user), ct));

    private static Results<Ok<UnconfirmedDeliveryResult>, ProblemHttpResult> Answer(Guid id, (UnconfirmedOutcome Outcome, UnconfirmedDeliveryResult? Result) decided) =>
        decided switch
        {
            (UnconfirmedOutcome.Done, { } result) => TypedResults.Ok(result),
            (UnconfirmedOutcome.NotUnconfirmed, _) => Problems.Conflict("The message's delivery is not unconfirmed: there is nothing to decide."),
            _ => Problems.NotFound("message", id),
        };
}
