using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// A chat site's settings. <c>allowedOrigins</c>: the origins (scheme://host[:port], no path) of the pages that embed
/// the widget; the visitor API refuses every other. <c>teamId</c>: the team its chats are routed to.
/// <c>offlineWhenNobodyAvailable</c> (default true): while no agent of that team is available, the widget takes a message.
/// </summary>
public sealed record ChatSiteRequest(
    [property: Required, StringLength(100, MinimumLength = 1), NoControlCharacters] string Name,
    [property: Required, MinLength(1), MaxLength(20)] IReadOnlyList<string> AllowedOrigins,
    [property: StringLength(500), NoControlCharacters] string? Greeting = null,
    [property: StringLength(500), NoControlCharacters] string? OfflineGreeting = null,
    [property: StringLength(7)] string? AccentColour = null,
    Guid? TeamId = null,
    bool? FollowOrganisationHours = null,
    bool? OfflineWhenNobodyAvailable = null,
    bool? Enabled = null);

/// <summary>A chat site and the one tag that puts its widget on a page.</summary>
public sealed record ChatSiteDto(Guid Id, string Name, IReadOnlyList<string> AllowedOrigins, string Greeting, string OfflineGreeting,
    string AccentColour, Guid? TeamId, bool FollowOrganisationHours, bool OfflineWhenNobodyAvailable, bool Enabled, string EmbedCode);

public static class ChatSiteEndpoints
{
    public static IEndpointRouteBuilder MapChatSiteEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/chat-sites").WithTags("Chat").RequireAuthorization(Policies.Administer)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List).WithName("ListChatSites");
        group.MapPost("/", Create).Idempotent().WithName("CreateChatSite");
        group.MapGet("/{id}", Get).WithName("GetChatSite");
        group.MapPut("/{id}", Update).WithName("UpdateChatSite");
        group.MapDelete("/{id}", Delete).WithName("DeleteChatSite");
        return app;
    }

    internal static ChatSiteDto ToDto(ChatSite s, PublicUrl url, HttpRequest request) => new(s.Id, s.Name, s.Origins, s.Greeting, s.OfflineGreeting,
        s.AccentColour, s.TeamId, s.FollowOrganisationHours, s.OfflineWhenNobodyAvailable, s.Enabled,
        $"<script src=\"{url.For("/chat/widget.js", request)}\" data-site=\"{s.Id}\" async></script>");

    public static async Task<Ok<List<ChatSiteDto>>> List(ChatSiteService sites, PublicUrl url, HttpRequest request, CancellationToken ct) =>
        TypedResults.Ok((await sites.ListAsync(ct)).Select(s => ToDto(s, url, request)).ToList());

    public static async Task<Results<Ok<ChatSiteDto>, ProblemHttpResult>> Get(Guid id, RapportDbContext db, PublicUrl url, HttpRequest request, CancellationToken ct) =>
        await db.ChatSites.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } site
            ? TypedResults.Ok(ToDto(site, url, request))
            : Problems.NotFound("chat site", id);

    public static async Task<Created<ChatSiteDto>> Create(ChatSiteRequest request, ChatSiteService sites, PublicUrl url, HttpRequest http, CancellationToken ct)
    {
        var site = await sites.CreateAsync(request, ct);
        return TypedResults.Created($"/api/v1/chat-sites/{site.Id}", ToDto(site, url, http));
    }

    public static async Task<Results<Ok<ChatSiteDto>, ProblemHttpResult>> Update(Guid id, ChatSiteRequest request, ChatSiteService sites, PublicUrl url,
        HttpRequest http, CancellationToken ct) =>
        await sites.UpdateAsync(id, request, ct) is { } site ? TypedResults.Ok(ToDto(site, url, http)) : Problems.NotFound("chat site", id);

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, ChatSiteService sites, CancellationToken ct) =>
        await sites.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("chat site", id);
}
