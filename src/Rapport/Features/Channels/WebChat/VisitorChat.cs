using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.ServiceStandards;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WebChat;

/// <summary>A message as the visitor sees it: theirs or an agent's (by display name only), never a note.</summary>
public sealed record VisitorMessageView(Guid Id, string? ClientMessageId, string From, string? AgentName, string Text, DateTime At, DateTime StoredAt, string? State,
    IReadOnlyList<VisitorFileView> Files);

/// <summary>A file of a chat message; <see cref="Url"/> (with the visitor's token) downloads it while it is kept.</summary>
public sealed record VisitorFileView(Guid Id, string Name, string MediaType, long Size, string? Url);

/// <summary>What is new for a visitor since their cursor, and who of the staff is typing to them.</summary>
public sealed record VisitorFeed(IReadOnlyList<VisitorMessageView> Messages, string? AgentTyping, DateTime Cursor);

public sealed record VisitorView(string Token, Guid VisitorId, string? Name, string? Email, string? Phone, SiteView Site);

/// <summary>
/// The site as its widget shows it. <see cref="Open"/> is false outside the organisation's hours (<see cref="Closed"/> is
/// "hours", with <see cref="OpensAt"/>) or while no agent of its team is available ("nobody-available"): the widget takes a message.
/// <see cref="MaxFileBytes"/> is the largest file a visitor may send (the email limit).
/// </summary>
public sealed record SiteView(string Name, string Greeting, string OfflineGreeting, string AccentColour, bool Open, DateTimeOffset? OpensAt, string? Closed,
    long MaxFileBytes);

/// <summary>
/// What a visitor does: start or resume a session, say who they are, send messages (through the one ingestion pipeline,
/// acknowledged once durable, deduplicated on the widget's message id), read what is new, tell that they read it.
/// </summary>
public sealed class VisitorChat(RapportDbContext db, VisitorTokens tokens, IngestionPipeline pipeline, ChatRelay relay, ConversationEvents events,
    ChatDuty duty, AttachmentLimits fileLimits, TimeProvider time)
{
    public const int MaxText = 4_000;
    private const int MaxMessages = 200;
    // Messages are read again a little before the cursor: two commits can carry the same timestamp in either order.
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(2);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<SiteView> SiteAsync(ChatSite site, CancellationToken ct)
    {
        if (site.FollowOrganisationHours)
        {
            var calendar = await OrganisationCalendar.LoadAsync(db, ct);
            if (!calendar.IsOpen(time.GetUtcNow()))
            {
                return View(site, "hours", calendar.NextOpening(time.GetUtcNow()));
            }
        }

        return site.OfflineWhenNobodyAvailable && !duty.AnyoneAvailable(site.TeamId) ? View(site, "nobody-available", null) : View(site, null, null);
    }

    private SiteView View(ChatSite site, string? closed, DateTimeOffset? opensAt) =>
        new(site.Name, site.Greeting, site.OfflineGreeting, site.AccentColour, closed is null, opensAt, closed, fileLimits.PerAttachment);

    /// <summary>Resumes the visitor a valid token of this site names, else starts a new one. The token is renewed either way.</summary>
    public async Task<(VisitorView View, bool Created)> StartAsync(ChatSite site, (Guid VisitorId, Guid SiteId)? token, CancellationToken ct)
    {
        var visitor = token is { } t && t.SiteId == site.Id ? await db.ChatVisitors.FirstOrDefaultAsync(v => v.Id == t.VisitorId, ct) : null;
        var created = visitor is null;
        if (visitor is null)
        {
            visitor = new ChatVisitor { SiteId = site.Id, CreatedAt = Now, LastSeenAt = Now };
            db.ChatVisitors.Add(visitor);
        }
        else
        {
            visitor.LastSeenAt = Now;
        }

        await db.SaveChangesAsync(ct);
        return (new VisitorView(tokens.Issue(visitor), visitor.Id, visitor.Name, visitor.Email, visitor.Phone, await SiteAsync(site, ct)), created);
    }

    public Task<ChatVisitor?> FindAsync(Guid visitorId, CancellationToken ct) => db.ChatVisitors.FirstOrDefaultAsync(v => v.Id == visitorId, ct);

    /// <summary>
    /// The visitor says who they are. Given before their first message, the email decides who their messages come from, so a
    /// returning customer is recognised by it; given later, it is kept on the visitor for the agent to see and act on
    /// (nothing is merged on what a visitor types).
    /// </summary>
    public async Task IdentifyAsync(ChatVisitor visitor, string? name, string? email, string? phone, CancellationToken ct)
    {
        visitor.Name = Clean(name, 200, "name") ?? visitor.Name;
        if (Clean(email, 320, "email") is { } given)
        {
            visitor.Email = ContactPointRules.TryNormalizeEmail(given, out var normal) ? normal
                : throw new InvalidInputException("email", $"'{given}' is not a valid email address.");
        }

        visitor.Phone = Clean(phone, 40, "phone") ?? visitor.Phone;
        visitor.LastSeenAt = Now;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Journals the visitor's message (durable when this returns) and waits briefly for it to be stored.</summary>
    public async Task<IngestReceipt> SendAsync(ChatSite site, ChatVisitor visitor, string? clientMessageId, string? text, string? replyToEmail,
        IReadOnlyList<InboundAttachment>? files, CancellationToken ct)
    {
        var id = ClientMessageId(clientMessageId);
        var body = Clean(text, MaxText, "text")
            ?? (files is [var file, ..] ? $"Sent a file: {file.FileName}" : throw new InvalidInputException("text", "A message cannot be empty."));
        var first = visitor.FirstMessageAt is null;
        if (first)
        {
            visitor.FirstMessageAt = Now;
            visitor.SenderEmail = visitor.Email;
        }

        // One write per visitor a minute at most: a message in a lively chat should cost its journal row, not a visitor update too.
        if (first || Now - visitor.LastSeenAt > TimeSpan.FromMinutes(1))
        {
            visitor.LastSeenAt = Now;
            await db.SaveChangesAsync(ct);
        }

        var from = visitor.SenderEmail is { } email
            ? new InboundSender(Email: email, Name: visitor.Name)
            : new InboundSender(Handle: visitor.Handle, Network: "webchat", Name: visitor.DisplayName);
        var message = new InboundMessage(Channel.Chat, $"{visitor.ThreadReference}-{id}", from, body,
            Subject: first ? $"Chat on {site.Name}" : null, To: site.Name, SentAt: Now, InReplyTo: visitor.ThreadReference,
            ConversationId: visitor.ConversationId, ReplyTo: replyToEmail, Team: site.TeamId, Attachments: files);
        using var sending = relay.Sending(visitor.Id);
        var receipt = await pipeline.IngestAsync(message, TimeSpan.FromSeconds(2), ct);
        if (receipt.Result is { Ignored: false } stored)
        {
            if (visitor.ConversationId is null)
            {
                visitor.ConversationId = stored.ConversationId;
                await db.SaveChangesAsync(ct);
                relay.Joined(visitor.Id, stored.ConversationId);
            }

            // The visitor's tabs show the message as stored (text as kept, times as the feed gives them), read back by its key.
            var shown = stored.Duplicate || files is { Count: > 0 } ? null : await db.Messages.AsNoTracking()
                .Where(m => m.Id == stored.MessageId && m.ConversationId == stored.ConversationId && m.Channel == Channel.Chat
                    && m.Direction == MessageDirection.Inbound && !m.IsAutomatic)
                .Select(m => new VisitorMessageView(m.Id, id, "visitor", null, m.Text, m.At, m.StoredAt, null, Array.Empty<VisitorFileView>()))
                .FirstOrDefaultAsync(ct);
            if (shown is not null)
            {
                relay.VisitorSent(visitor.Id, shown);
            }
            else
            {
                relay.VisitorChanged(visitor.Id);
            }
        }
        else if (visitor.ConversationId is null)
        {
            // Journalled but not stored within the wait: the visitor's lines look for the conversation until it is.
            relay.VisitorChanged(visitor.Id);
        }

        return receipt;
    }

    /// <summary>The widget's own id for a message: a resend with the same id is the same message.</summary>
    public static string ClientMessageId(string? given)
    {
        var id = Clean(given, 64, "clientMessageId")
            ?? throw new InvalidInputException("clientMessageId", "Give each message an id of your own (1–64 characters), so a resend is stored once.");
        return id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            ? throw new InvalidInputException("clientMessageId", "Use letters, digits, '-' and '_' only.")
            : id;
    }

    /// <summary>A file of the visitor's own chat (theirs or an agent's reply), never of a note or another conversation.</summary>
    public async Task<MessageAttachment?> FileAsync(ChatVisitor visitor, Guid fileId, CancellationToken ct)
    {
        if (await ConversationOfAsync(visitor, ct) is not { } conversation)
        {
            return null;
        }

        var visible = db.Messages.Where(m => m.ConversationId == conversation && m.Channel == Channel.Chat && m.Direction != MessageDirection.Note && !m.IsAutomatic);
        return await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == fileId && visible.Any(m => m.Id == a.MessageId), ct);
    }

    /// <summary>The conversation the visitor's messages joined, once the first was stored.</summary>
    public async Task<Guid?> ConversationOfAsync(ChatVisitor visitor, CancellationToken ct)
    {
        if (visitor.ConversationId is { } known)
        {
            return known;
        }

        var found = await db.MessageReferences.AsNoTracking().Where(r => r.Reference == visitor.ThreadReference)
            .Select(r => (Guid?)r.ConversationId).FirstOrDefaultAsync(ct);
        if (found is not null)
        {
            visitor.ConversationId = found;
            await db.SaveChangesAsync(ct);
        }

        return found;
    }

    /// <summary>
    /// The chat messages stored after <paramref name="after"/> (all recent ones without it); agents' replies read now count
    /// as delivered, marked at once or, given <paramref name="marks"/>, with its next batch.
    /// </summary>
    public async Task<VisitorFeed> FeedAsync(ChatVisitor visitor, DateTime? after, string? agentTyping, CancellationToken ct, ChatDeliveredMarks? marks = null)
    {
        var conversationId = await ConversationOfAsync(visitor, ct);
        if (conversationId is not { } conversation)
        {
            return new VisitorFeed([], agentTyping, after ?? DateTime.MinValue);
        }

        var query = db.Messages.Where(m => m.ConversationId == conversation && m.Channel == Channel.Chat && m.Direction != MessageDirection.Note && !m.IsAutomatic);
        if (after is { } since)
        {
            var from = since - Overlap;
            query = query.Where(m => m.StoredAt >= from);
        }

        var messages = (await query.AsNoTracking().OrderByDescending(m => m.StoredAt).Take(MaxMessages).ToListAsync(ct))
            .OrderBy(m => m.StoredAt).ThenBy(m => m.At).ToList();
        var undelivered = messages.Where(m => m.Direction == MessageDirection.Outbound
            && m.Delivery is not (DeliveryState.Delivered or DeliveryState.Read or DeliveryState.Failed)).Select(m => m.Id).ToList();
        if (undelivered.Count > 0 && marks is not null)
        {
            marks.Delivered(conversation, undelivered);
        }
        else if (undelivered.Count > 0 && await ChatDelivery.DeliveredAsync(db, undelivered, Now, ct) > 0)
        {
            events.Changed(conversation);
        }

        var ids = messages.Select(m => m.Id).ToList();
        var files = (await db.Attachments.AsNoTracking().Where(a => ids.Contains(a.MessageId) && !a.Inline).OrderBy(a => a.Id).ToListAsync(ct))
            .ToLookup(a => a.MessageId, a => new VisitorFileView(a.Id, a.FileName, a.MediaType, a.Size, a.BlobRef is null ? null : $"/chat/v1/files/{a.Id}"));
        var prefix = visitor.ThreadReference + "-";
        var views = messages.Select(m => new VisitorMessageView(m.Id,
            m.Direction == MessageDirection.Inbound && m.ProviderMessageId?.StartsWith(prefix, StringComparison.Ordinal) == true ? m.ProviderMessageId[prefix.Length..] : null,
            m.Direction == MessageDirection.Inbound ? "visitor" : "agent", m.Direction == MessageDirection.Outbound ? m.AuthorName : null,
            m.Text, m.At, m.StoredAt, m.Direction == MessageDirection.Outbound ? StateOf(m, undelivered).ToString().ToLowerInvariant() : null,
            files[m.Id].ToList())).ToList();
        var cursor = messages.Count > 0 ? messages.Max(m => m.StoredAt) : after ?? DateTime.MinValue;
        return new VisitorFeed(views, agentTyping, cursor);
    }

    /// <summary>An agent's reply as the visitor's feed shows it (before it is marked delivered), built from the stored message.</summary>
    public static VisitorMessageView ReplyView(Message reply) =>
        new(reply.Id, null, "agent", reply.AuthorName, reply.Text, reply.At, reply.StoredAt, reply.Delivery.ToString().ToLowerInvariant(), []);

    /// <summary>The visitor saw the agents' replies up to <paramref name="upTo"/>: they become read, and the agent sees it.</summary>
    public async Task ReadAsync(ChatVisitor visitor, Guid upTo, CancellationToken ct)
    {
        var conversation = await ConversationOfAsync(visitor, ct) ?? throw new InvalidInputException("upTo", "This chat has no message yet.");
        var last = await db.Messages.AsNoTracking().Where(m => m.Id == upTo && m.ConversationId == conversation).Select(m => (DateTime?)m.StoredAt).FirstOrDefaultAsync(ct)
            ?? throw new InvalidInputException("upTo", "No message of this chat has this id.");
        if (await ChatDelivery.ReadAsync(db, conversation, last, Now, ct) > 0)
        {
            events.Changed(conversation);
        }
    }

    private static DeliveryState StateOf(Message reply, List<Guid> justDelivered) =>
        justDelivered.Contains(reply.Id) ? DeliveryState.Delivered : reply.Delivery;

    private static string? Clean(string? value, int max, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > max)
        {
            throw new InvalidInputException(field, $"At most {max} characters.");
        }

        if (field != "text" && trimmed.Any(char.IsControl))
        {
            throw new InvalidInputException(field, "Control characters are not allowed.");
        }

        return trimmed;
    }
}
