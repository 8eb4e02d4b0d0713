using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Features.Privacy;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Conversations;

/// <summary>
/// An agent's reply: the outbound message and its outbox item are written in one transaction, then the dispatcher
/// sends it. It goes out on the channel of the customer's latest message, addressed by that channel's
/// <see cref="IReplyChannel"/> (email threads it and tags the subject; SMS and messaging apps answer the sender).
/// </summary>
public sealed class ReplyService(RapportDbContext db, TimeProvider time, OutboxDispatcher dispatcher, ConversationEvents events,
    IEnumerable<IReplyChannel> channels, ConsentCheck consents, ReplyUploads uploads)
{
    public Task<Message?> ReplyAsync(Guid conversationId, string text, ClaimsPrincipal user, CancellationToken ct) =>
        ReplyAsync(conversationId, text, user, marketing: false, ct);

    /// <summary>
    /// A reply marked as <paramref name="marketing"/> is sent only when the customer's consent ledger allows marketing on
    /// the channel it goes out on; otherwise it is refused (400 on <c>marketing</c>) with the reason.
    /// </summary>
    public Task<Message?> ReplyAsync(Guid conversationId, string text, ClaimsPrincipal user, bool marketing, CancellationToken ct) =>
        ReplyAsync(conversationId, text, user, marketing, [], ct);

    /// <summary>
    /// <paramref name="attachmentIds"/> are the sender's own uploads (<see cref="ReplyUploads"/>); they go with the reply as
    /// its attachments, on channels that carry files (400 on <c>attachmentIds</c> on one that does not).
    /// </summary>
    public async Task<Message?> ReplyAsync(Guid conversationId, string text, ClaimsPrincipal user, bool marketing,
        IReadOnlyCollection<Guid> attachmentIds, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidInputException("text", "A reply cannot be empty.");
        }

        // Whoever may not see the conversation may not write to it either, whichever feature sends (referral, delay notice).
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).VisibleTo(db, Viewer.Of(user)).FirstOrDefaultAsync(ct);
        if (conversation is null)
        {
            return null;
        }

        // The customer's latest message on a channel some sender serves: the reply goes back the way they came.
        var candidates = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Inbound && !m.IsAutomatic)
            .OrderByDescending(m => m.At).Take(20).ToListAsync(ct);
        var last = await SwitchedAsync(conversation, candidates.FirstOrDefault(m => channels.Any(c => c.Answers(m.Channel, m.ReplyTo))), ct)
            ?? throw new InvalidInputException("conversationId", candidates.Count == 0
                ? "This conversation has no message from the customer to answer."
                : $"Replies cannot be sent on {candidates[0].Channel} yet; contact the customer on another channel.");
        var channel = channels.First(c => c.Answers(last.Channel, last.ReplyTo));
        var goesOutOn = channel.ReplyOn(last.Channel);
        if (marketing && await consents.AllowsAsync(conversation.CustomerId, ConsentPurpose.Marketing, ConsentCheck.ChannelOf(goesOutOn), ct) is { Allowed: false } refused)
        {
            throw new InvalidInputException("marketing", $"Not sent: {refused.Reason}");
        }

        if (attachmentIds.Count > 0 && !channel.CarriesFiles(goesOutOn))
        {
            throw new InvalidInputException("attachmentIds", $"Files cannot be sent on {goesOutOn} yet; send them by email or chat, or leave them out.");
        }

        var name = user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";
        var id = Guid.CreateVersion7();
        var files = await uploads.TakeAsync(user.UserId(), attachmentIds, id, ct);
        return await QueueAsync(conversation, last, channel, text, user.UserId(), name, countsAsCaseUpdate: true, id, files, ct);
    }

    /// <summary>
    /// The customer's latest message, on one of <paramref name="conversationIds"/>, that a reply can answer — on
    /// <paramref name="preferred"/> when they wrote on it — and the channel the answer would go out on. Null when none.
    /// </summary>
    public async Task<(Message Answering, Channel GoesOutOn)?> AnswerableAsync(IReadOnlyCollection<Guid> conversationIds, Channel preferred, CancellationToken ct)
    {
        var candidates = await db.Messages.AsNoTracking()
            .Where(m => conversationIds.Contains(m.ConversationId) && m.Direction == MessageDirection.Inbound && !m.IsAutomatic)
            .OrderByDescending(m => m.At).Take(50).ToListAsync(ct);
        var answerable = candidates.Where(m => channels.Any(c => c.Answers(m.Channel, m.ReplyTo))).ToList();
        var chosen = answerable.FirstOrDefault(m => Out(m) == preferred) ?? answerable.FirstOrDefault();
        return chosen is null ? null : (chosen, Out(chosen));

        Channel Out(Message m) => channels.First(c => c.Answers(m.Channel, m.ReplyTo)).ReplyOn(m.Channel);
    }

    /// <summary>
    /// A message the organisation sends on its own account (a survey after a case), answering <paramref name="answering"/>
    /// exactly as an agent's reply would, through the same channel and outbox. It is not an update on the case.
    /// </summary>
    public async Task<Message> SendOnOwnAccountAsync(Message answering, string text, string fromName, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == answering.ConversationId, ct);
        var channel = channels.First(c => c.Answers(answering.Channel, answering.ReplyTo));
        return await QueueAsync(conversation, answering, channel, text, null, fromName, countsAsCaseUpdate: false, Guid.CreateVersion7(), [], ct);
    }

    /// <summary>After a switch of channel the customer has not answered elsewhere since, the reply goes where the conversation continues (C7).</summary>
    private async Task<Message?> SwitchedAsync(Conversation conversation, Message? answerable, CancellationToken ct) =>
        await ChannelSwitchRoute.InForceAsync(db, conversation.Id, answerable?.StoredAt, ct) is { } change
            ? await ChannelSwitchRoute.AnsweringAsync(db, conversation, change, ct) ?? answerable
            : answerable;

    private async Task<Message> QueueAsync(Conversation conversation, Message last, IReplyChannel channel, string text, Guid? authorId, string name,
        bool countsAsCaseUpdate, Guid id, IReadOnlyList<MessageAttachment> files, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var address = await channel.AddressAsync(new ReplyContext(conversation, last, id), ct);
        var reply = new Message
        {
            Id = id,
            ConversationId = conversation.Id,
            CustomerId = conversation.CustomerId,
            Direction = MessageDirection.Outbound,
            Channel = channel.ReplyOn(last.Channel),
            ProviderMessageId = address.ProviderMessageId,
            From = address.From,
            FromName = name,
            To = address.To,
            Subject = address.Subject,
            Text = CardNumbers.Mask(text.Trim())!,
            At = now,
            StoredAt = now,
            AuthorId = authorId,
            AuthorName = name,
            InReplyTo = address.InReplyTo,
            References = address.References,
        };
        // A draft that is not sent yet (a letter until it is posted) tells the customer nothing, so the case's clock runs on.
        if (countsAsCaseUpdate && !address.Unsent)
        {
            await Cases.CaseActivity.RecordAgentReplyAsync(db, conversation.Id, now, ct);
        }

        // Within the caller's transaction when there is one (a referral tells the customer as part of its own change).
        db.Attachments.AddRange(files);
        await OutboundMessages.QueueAsync(db, reply, address.OutboxKind, now, ct, address.SentWhenStored, address.Unsent);

        dispatcher.Nudge();
        events.Changed(conversation.Id);
        channel.Written(reply);
        return reply;
    }
}
