using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Conversations;

/// <summary>
/// "Continue on…" (C7). A switch is its own resource rather than a channel on each reply: it tells the customer once on
/// the new channel, is recorded on the conversation and the timeline, and moves every later reply, which then needs to
/// say nothing about channels.
/// </summary>
public static class ChannelSwitchEndpoints
{
    public static IEndpointRouteBuilder MapChannelSwitchEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/conversations").WithTags("Conversations").RequireAuthorization(Policies.ReadCustomers)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/channel-options", GetChannelOptions).WithName("GetConversationChannelOptions");
        group.MapPost("/{id}/channel-switch", SwitchChannel).WithName("SwitchConversationChannel").RequireAuthorization(Policies.WriteCustomers);
        return app;
    }

    /// <summary>Where replies go now, the customer's preferences and the channels the conversation can continue on, each enabled or with the reason it is not.</summary>
    public static async Task<Results<Ok<ChannelOptionsDto>, ProblemHttpResult>> GetChannelOptions(Guid id, ChannelSwitchService switches, ClaimsPrincipal user,
        CancellationToken ct) =>
        await switches.OptionsAsync(id, Viewer.Of(user), ct) is { } options ? TypedResults.Ok(options) : Problems.NotFound("conversation", id);

    /// <summary>Continues the conversation on another channel: tells the customer there, records the switch, and sends later replies there (201).</summary>
    public static async Task<Results<Created<ChannelSwitchDto>, ValidationProblem, ProblemHttpResult>> SwitchChannel(Guid id, ChannelSwitchRequest request,
        ChannelSwitchService switches, ClaimsPrincipal user, CancellationToken ct) =>
        await switches.SwitchAsync(id, request, user, ct) is { } made
            ? TypedResults.Created($"/api/v1/conversations/{id}", made)
            : Problems.NotFound("conversation", id);
}
