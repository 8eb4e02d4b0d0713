using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WebChat;

/// <summary>Creating, changing and removing chat sites, for the API and the admin page alike.</summary>
public sealed partial class ChatSiteService(RapportDbContext db, TimeProvider time, ChatSiteDirectory directory)
{
    public Task<List<ChatSite>> ListAsync(CancellationToken ct) => db.ChatSites.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);

    public async Task<ChatSite> CreateAsync(ChatSiteRequest request, CancellationToken ct)
    {
        var site = new ChatSite { Name = "", CreatedAt = time.GetUtcNow().UtcDateTime };
        await ApplyAsync(site, request, ct);
        db.ChatSites.Add(site);
        await db.SaveChangesAsync(ct);
        directory.Changed();
        return site;
    }

    public async Task<ChatSite?> UpdateAsync(Guid id, ChatSiteRequest request, CancellationToken ct)
    {
        var site = await db.ChatSites.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (site is null)
        {
            return null;
        }

        await ApplyAsync(site, request, ct);
        await db.SaveChangesAsync(ct);
        directory.Changed();
        return site;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        var site = await db.ChatSites.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (site is null)
        {
            return false;
        }

        db.ChatSites.Remove(site);
        await db.SaveChangesAsync(ct);
        directory.Changed();
        return true;
    }

    /// <summary>Validates everything before changing anything: an invalid request names its field and leaves the site as it was.</summary>
    private async Task ApplyAsync(ChatSite site, ChatSiteRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw new InvalidInputException("name", "Give the site a name.");
        }

        var origins = new List<string>();
        var given = request.AllowedOrigins ?? [];
        if (given.Count == 0)
        {
            throw new InvalidInputException("allowedOrigins", "Give at least one origin whose pages carry the widget, e.g. https://www.example.com.");
        }

        for (var i = 0; i < given.Count; i++)
        {
            origins.Add(ChatSite.NormalizeOrigin(given[i]) ?? throw new InvalidInputException($"allowedOrigins[{i}]",
                "Give an origin: http(s)://host with an optional port and nothing after it, e.g. https://www.example.com."));
        }

        if (request.AccentColour is { Length: > 0 } colour && !HexColour().IsMatch(colour))
        {
            throw new InvalidInputException("accentColour", "Give a colour as #rrggbb, e.g. #1b5e96.");
        }

        if (request.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct))
        {
            throw new InvalidInputException("teamId", "No team has this id.");
        }

        site.Name = request.Name.Trim();
        site.AllowedOrigins = string.Join('\n', origins.Distinct(StringComparer.OrdinalIgnoreCase));
        site.Greeting = string.IsNullOrWhiteSpace(request.Greeting) ? site.Greeting : request.Greeting.Trim();
        site.OfflineGreeting = string.IsNullOrWhiteSpace(request.OfflineGreeting) ? site.OfflineGreeting : request.OfflineGreeting.Trim();
        site.AccentColour = string.IsNullOrWhiteSpace(request.AccentColour) ? site.AccentColour : request.AccentColour.ToLowerInvariant();
        site.TeamId = request.TeamId;
        site.FollowOrganisationHours = request.FollowOrganisationHours ?? site.FollowOrganisationHours;
        site.OfflineWhenNobodyAvailable = request.OfflineWhenNobodyAvailable ?? site.OfflineWhenNobodyAvailable;
        site.Enabled = request.Enabled ?? site.Enabled;
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColour();
}
