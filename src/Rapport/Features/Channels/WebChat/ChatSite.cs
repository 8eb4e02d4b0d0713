using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// A web site that carries the chat widget: which origins may load and call it, what it says and looks like, which team
/// answers its chats, and whether it follows the organisation's opening hours and its agents' availability (outside them,
/// or while nobody is available, it takes a message instead).
/// </summary>
public sealed class ChatSite : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    [FreeText]
    public required string Name { get; set; }
    /// <summary>Origins (scheme://host[:port]) allowed to embed the widget and call the visitor API, one per line.</summary>
    public string AllowedOrigins { get; set; } = "";
    [FreeText]
    public string Greeting { get; set; } = "Hello! How can we help?";
    [FreeText]
    public string OfflineGreeting { get; set; } = "We're away right now. Leave a message with your email and we'll reply by email.";
    /// <summary>The launcher's and the visitor's bubbles' colour, #rrggbb.</summary>
    public string AccentColour { get; set; } = "#1b5e96";
    /// <summary>The team new chats are routed to (restricted teams keep them to their members); none: everyone's inbox.</summary>
    public Guid? TeamId { get; set; }
    public bool FollowOrganisationHours { get; set; } = true;
    /// <summary>Take a message instead of a chat while no agent of the team is available (see <see cref="ChatDuty"/>).</summary>
    public bool OfflineWhenNobodyAvailable { get; set; } = true;
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; init; }

    public IReadOnlyList<string> Origins => AllowedOrigins.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool Allows(string? origin) => origin is not null && Origins.Contains(origin, StringComparer.OrdinalIgnoreCase);

    /// <summary>The origin as browsers send it (lower-case scheme and host, default port left out); null when it is not one.</summary>
    public static string? NormalizeOrigin(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http") || uri.PathAndQuery != "/"
            || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return null;
        }

        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }

    public string AuditSubjectType => "chat-site";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "chatSite";
}

public sealed class ChatSiteConfiguration : IEntityTypeConfiguration<ChatSite>
{
    public void Configure(EntityTypeBuilder<ChatSite> b)
    {
        b.ToTable("chat_sites");
        b.Property(s => s.Name).HasMaxLength(100);
        b.Property(s => s.AllowedOrigins).HasMaxLength(2000);
        b.Property(s => s.Greeting).HasMaxLength(500);
        b.Property(s => s.OfflineGreeting).HasMaxLength(500);
        b.Property(s => s.AccentColour).HasMaxLength(7);
        b.Ignore(s => s.Origins);
    }
}
