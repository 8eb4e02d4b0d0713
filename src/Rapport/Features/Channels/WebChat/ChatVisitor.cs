using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// Someone chatting on a site, known by a signed token their browser keeps. <see cref="Handle"/> is how ingestion knows
/// them (a "webchat" contact point) until they give an email, and names the thread all their messages join. The
/// identity their messages are sent under is fixed by the first message, so one visitor never becomes two customers.
/// </summary>
public sealed class ChatVisitor
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid SiteId { get; init; }
    /// <summary>Twenty random letters: never a digit run a card-number mask could take, never guessable.</summary>
    public string Handle { get; init; } = NewHandle();
    [FreeText]
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>The email the visitor's messages are sent from, when they gave one before their first message.</summary>
    public string? SenderEmail { get; set; }
    public DateTime? FirstMessageAt { get; set; }
    /// <summary>The conversation their messages joined, once the first was stored.</summary>
    public Guid? ConversationId { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime LastSeenAt { get; set; }

    /// <summary>How staff see the visitor: their name, else "Website visitor" and the start of their handle.</summary>
    public string DisplayName => Name ?? $"Website visitor {Handle[..4].ToUpperInvariant()}";

    /// <summary>The reference every message of this visitor names, so they all thread into one conversation.</summary>
    public string ThreadReference => $"webchat-{Handle}";

    public static string NewHandle() => string.Create(20, 0, static (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)('a' + RandomNumberGenerator.GetInt32(26));
        }
    });
}

public sealed class ChatVisitorConfiguration : IEntityTypeConfiguration<ChatVisitor>
{
    public void Configure(EntityTypeBuilder<ChatVisitor> b)
    {
        b.ToTable("chat_visitors");
        b.Property(v => v.Handle).HasMaxLength(20);
        b.HasIndex(v => v.Handle).IsUnique();
        b.Property(v => v.Name).HasMaxLength(200);
        b.Property(v => v.Email).HasMaxLength(320);
        b.Property(v => v.Phone).HasMaxLength(40);
        b.Property(v => v.SenderEmail).HasMaxLength(320);
        b.HasIndex(v => v.ConversationId);
        b.HasOne<ChatSite>().WithMany().HasForeignKey(v => v.SiteId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(v => v.ThreadReference);
        b.Ignore(v => v.DisplayName);
    }
}
