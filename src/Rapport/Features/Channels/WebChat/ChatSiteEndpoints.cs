using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
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
/// </summary>
public sealed record ChatSiteRequest(
    [property: Required, StringLength(100, MinimumLength = 1), NoControlCharacters] string Name,
    [property: Required, MinLength(1), MaxLength(20)] IReadOnlyList<string> AllowedOrigins,
    [property: StringLength(500), NoControlCharacters] string? Greeting = null,
    [property: StringLength(500), NoControlCharacters] string? OfflineGreeting = null,
    [property: StringLength(7)] string? AccentColour = null,
    Guid? TeamId = null,
    bool? FollowOrganisationHours = null,
    bool? Enabled = null);

/// <summary>A chat site and the one tag that puts its widget on a page.</summary>
public sealed record ChatSiteDto(Guid Id, string Name, IReadOnlyList<string> AllowedOrigins, string Greeting, string OfflineGreeting,
    string AccentColour, Guid? TeamId, bool FollowOrganisationHours, bool Enabled, string EmbedCode);

public static partial class ChatSiteEndpoints
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
        s.AccentColour, s.TeamId, s.FollowOrganisationHours, s.Enabled,
        $"<script src=\"{url.For("/chat/widget.js", request)}\" data-site=\"{s.Id}\" async></script>");

    public static async Task<Ok<List<ChatSiteDto>>> List(RapportDbContext db, PublicUrl url, HttpRequest request, CancellationToken ct) =>
        TypedResults.Ok((await db.ChatSites.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct)).Select(s => ToDto(s, url, request)).ToList());

    public static async Task<Results<Ok<ChatSiteDto>, ProblemHttpResult>> Get(Guid id, RapportDbContext db, PublicUrl url, HttpRequest request, CancellationToken ct) =>
        await db.ChatSites.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } site
            ? TypedResults.Ok(ToDto(site, url, request))
            : Problems.NotFound("chat site", id);

    public static async Task<Results<Created<ChatSiteDto>, ValidationProblem>> Create(ChatSiteRequest request, RapportDbContext db, TimeProvider time,
        ChatSiteDirectory directory, PublicUrl url, HttpRequest http, CancellationToken ct)
    {
        var site = new ChatSite { Name = request.Name.Trim(), CreatedAt = time.GetUtcNow().UtcDateTime };
        if (await ApplyAsync(site, request, db, ct) is { } invalid)
        {
            return invalid;
        }

        db.ChatSites.Add(site);
        await db.SaveChangesAsync(ct);
        directory.Changed();
        return TypedResults.Created($"/api/v1/chat-sites/{site.Id}", ToDto(site, url, http));
    }

    public static async Task<Results<Ok<ChatSiteDto>, ValidationProblem, ProblemHttpResult>> Update(Guid id, ChatSiteRequest request, RapportDbContext db,
        ChatSiteDirectory directory, PublicUrl url, HttpRequest http, CancellationToken ct)
    {
        var site = await db.ChatSites.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (site is null)
        {
            return Problems.NotFound("chat site", id);
        }

        site.Name = request.Name.Trim();
        if (await ApplyAsync(site, request, db, ct) is { } invalid)
        {
            return invalid;
        }

        await db.SaveChangesAsync(ct);
        directory.Changed();
        return TypedResults.Ok(ToDto(site, url, http));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, RapportDbContext db, ChatSiteDirectory directory, CancellationToken ct)
    {
        var site = await db.ChatSites.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (site is null)
        {
            return Problems.NotFound("chat site", id);
        }

        db.ChatSites.Remove(site);
        await db.SaveChangesAsync(ct);
        directory.Changed();
        return TypedResults.NoContent();
    }

    private static async Task<ValidationProblem?> ApplyAsync(ChatSite site, ChatSiteRequest request, RapportDbContext db, CancellationToken ct)
    {
        var origins = new List<string>();
        for (var i = 0; i < request.AllowedOrigins.Count; i++)
        {
            if (Origin(request.AllowedOrigins[i]) is not { } origin)
            {
                return Problems.Invalid($"allowedOrigins[{i}]",
                    "Give an origin: http(s)://host with an optional port and nothing after it, e.g. https://www.example.com.");
            }

            origins.Add(origin);
        }

        if (request.AccentColour is { Length: > 0 } colour && !HexColour().IsMatch(colour))
        {
            return Problems.Invalid("accentColour", "Give a colour as #rrggbb, e.g. #1b5e96.");
        }

        if (request.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct))
        {
            return Problems.Invalid("teamId", "No team has this id.");
        }

        site.AllowedOrigins = string.Join('\n', origins.Distinct(StringComparer.OrdinalIgnoreCase));
        site.Greeting = string.IsNullOrWhiteSpace(request.Greeting) ? site.Greeting : request.Greeting.Trim();
        site.OfflineGreeting = string.IsNullOrWhiteSpace(request.OfflineGreeting) ? site.OfflineGreeting : request.OfflineGreeting.Trim();
        site.AccentColour = string.IsNullOrWhiteSpace(request.AccentColour) ? site.AccentColour : request.AccentColour.ToLowerInvariant();
        site.TeamId = request.TeamId;
        site.FollowOrganisationHours = request.FollowOrganisationHours ?? site.FollowOrganisationHours;
        site.Enabled = request.Enabled ?? site.Enabled;
        return null;
    }

    /// <summary>The origin as browsers send it (lower-case scheme and host, default port left out); null when it is not one.</summary>
    internal static string? Origin(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http") || uri.PathAndQuery != "/"
            || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return null;
        }

        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColour();
}
