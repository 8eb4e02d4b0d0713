using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// Stores a batch of prepared inbound messages in one transaction: deduplicate on the provider's id, match the sender
/// to a customer (or create one), thread into a conversation, store. Every lookup is one set-based query per batch
/// (read without tracking); the rows are written by <see cref="IngestionRows"/>.
/// </summary>
internal static class IngestionBatch
{
    /// <summary>Non-email channels continue the customer's open conversation on that channel if it moved this recently.</summary>
    public static readonly TimeSpan ContinueWithin = TimeSpan.FromHours(72);

    /// <summary>Stores the batch; <paramref name="beforeCommit"/> gets the results to write in the same transaction.</summary>
    public static async Task<IngestResult[]> StoreAsync(RapportDbContext db, IReadOnlyList<PreparedMessage> items, DateTime now,
        Func<IngestResult[], Task>? beforeCommit, CancellationToken ct)
    {
        var results = new IngestResult[items.Count];
        var providerIds = items.Select(i => i.StoredAs).Distinct().ToList();
        var stored = await db.Messages.AsNoTracking()
            .Where(m => m.ProviderMessageId != null && providerIds.Contains(m.ProviderMessageId))
            .Select(m => new { m.Channel, m.ProviderMessageId, m.Id, m.ConversationId, m.CustomerId })
            .ToListAsync(ct);
        var known = stored.ToDictionary(s => (s.Channel, s.ProviderMessageId!), s => new IngestResult(s.Id, s.ConversationId, s.CustomerId, true, false, false));

        var revisions = await IngestionRevisions.LoadAsync(db, items, ct);
        var customers = await MatchCustomersAsync(db, items, ct);
        var conversations = await RelatedConversationsAsync(db, items, customers.Values.Select(c => c.Id).ToList(), now, ct);
        var storedThisBatch = new Dictionary<string, Guid>();
        var rows = new IngestionRows();

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if ((item.Edits is not null || item.Part is not null) && revisions.TryApply(item, rows, now, out var revised))
            {
                results[i] = revised;
                continue;
            }

            if (known.TryGetValue((item.Channel, item.StoredAs), out var duplicate))
            {
                results[i] = duplicate with { Duplicate = true, NewCustomer = false, NewConversation = false };
                continue;
            }

            if (item.ThreadOnly)
            {
                var thread = conversations.FindByReference(item, storedThisBatch);
                if (thread is null)
                {
                    results[i] = new IngestResult(Guid.Empty, Guid.Empty, Guid.Empty, false, false, false, Ignored: true);
                    continue;
                }

                customers.TryGetValue((item.SenderType, item.SenderKey), out var known2);
                var note = NewMessage(item, thread.Id, known2?.Id ?? thread.CustomerId, now);
                thread.Count(note);
                rows.Stored(note, thread, null, null);
                Remember(rows, item, note, storedThisBatch);
                AddAttachments(rows, item, note);
                known[(item.Channel, item.StoredAs)] = new IngestResult(note.Id, thread.Id, note.CustomerId, true, false, false);
                results[i] = new IngestResult(note.Id, thread.Id, note.CustomerId, false, false, false);
                continue;
            }

            var newCustomer = false;
            if (!customers.TryGetValue((item.SenderType, item.SenderKey), out var customer))
            {
                // A number is kept as people write it (+44 7700 900123), as a phone entered by hand is; providers send E.164.
                var shown = item.SenderType == ContactPointType.Phone ? PhoneNumberRule.DisplayIfNumber(item.SenderKey) : item.SenderDisplay;
                customer = Customer.Create(item.SenderName ?? shown, PartyType.Person, CustomerKind.External, null, now);
                customer.AddContactPoint(new ContactPoint
                {
                    Type = item.SenderType,
                    Value = shown,
                    Normalized = item.SenderKey,
                    Network = item.SenderNetwork,
                }, now);
                rows.Created(customer);
                customers[(item.SenderType, item.SenderKey)] = customer;
                newCustomer = true;
            }

            var conversation = conversations.Find(item, customer.Id, storedThisBatch, now);
            var newConversation = conversation is null;
            if (conversation is null)
            {
                conversation = Conversation.Start(customer.Id, item.Subject, item.Channel, now);
                if (item.Team is { } team)
                {
                    conversation.AssignTo(null, team);
                }

                rows.Started(conversation);
                conversations.Track(conversation);
            }

            var message = NewMessage(item, conversation.Id, customer.Id, now);
            revisions.StoredFrom(item, message, rows, now);
            conversation.Add(message);
            var contactBefore = customer.LastContactAt;
            customer.RecordContact(item.At);
            rows.Stored(message, conversation, customer, contactBefore);
            Remember(rows, item, message, storedThisBatch);
            AddAttachments(rows, item, message);
            known[(item.Channel, item.StoredAs)] = new IngestResult(message.Id, conversation.Id, customer.Id, true, false, false);
            results[i] = new IngestResult(message.Id, conversation.Id, customer.Id, false, newCustomer, newConversation);
        }

        rows.Revised.AddRange(revisions.Changed);
        await rows.WriteAsync(db, now, beforeCommit is null ? null : () => beforeCommit(results), ct);
        return results;
    }

    /// <summary>Records the ids a stored message names, so messages of its thread find its conversation in any arrival order.</summary>
    private static void Remember(IngestionRows rows, PreparedMessage item, Message message, Dictionary<string, Guid> storedThisBatch)
    {
        storedThisBatch.TryAdd(item.StoredAs, message.ConversationId);
        foreach (var reference in item.ThreadReferences)
        {
            rows.References.Add(new MessageReference { MessageId = message.Id, Reference = reference, ConversationId = message.ConversationId });
            storedThisBatch.TryAdd(reference, message.ConversationId);
        }
    }

    /// <summary>The attachments' bytes are already in the blob store; only their rows are written with the message.</summary>
    private static void AddAttachments(IngestionRows rows, PreparedMessage item, Message message)
    {
        foreach (var attachment in item.Attachments ?? [])
        {
            rows.Attachments.Add(attachment.ToEntity(message.Id));
        }
    }

    private static Message NewMessage(PreparedMessage item, Guid conversationId, Guid customerId, DateTime now) => new()
    {
        ConversationId = conversationId,
        CustomerId = customerId,
        Direction = MessageDirection.Inbound,
        Channel = item.Channel,
        ProviderMessageId = item.StoredAs,
        From = item.SenderKey,
        FromName = item.SenderName,
        To = item.To,
        Subject = item.Subject,
        Text = item.Text,
        Html = item.Html,
        At = item.At,
        StoredAt = now,
        InReplyTo = item.InReplyTo,
        References = item.References.Count == 0 ? null : string.Join(' ', item.References),
        ParseWarning = item.ParseWarning,
        RawRef = item.RawRef,
        IsAutomatic = item.ThreadOnly,
        Classification = item.Classification,
        ReplyTo = item.ReplyTo,
    };

    private static async Task<Dictionary<(ContactPointType, string), Customer>> MatchCustomersAsync(
        RapportDbContext db, IReadOnlyList<PreparedMessage> items, CancellationToken ct)
    {
        var keys = items.Select(i => i.SenderKey).Distinct().ToList();
        var matches = await db.ContactPoints.AsNoTracking()
            .Where(p => keys.Contains(p.Normalized))
            .Select(p => new { p.Type, p.Normalized, p.CustomerId })
            .ToListAsync(ct);
        var ids = matches.Select(m => m.CustomerId).Distinct().ToList();
        var live = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id) && c.MergedIntoId == null).ToDictionaryAsync(c => c.Id, ct);
        // Several records can share a contact point (a household phone): the one contacted most recently wins.
        return matches.Where(m => live.ContainsKey(m.CustomerId))
            .GroupBy(m => (m.Type, m.Normalized))
            .ToDictionary(g => g.Key, g => g.Select(m => live[m.CustomerId]).OrderByDescending(c => c.LastContactAt ?? c.CustomerSince).First());
    }

    private static async Task<ConversationIndex> RelatedConversationsAsync(RapportDbContext db, IReadOnlyList<PreparedMessage> items,
        List<Guid> customerIds, DateTime now, CancellationToken ct)
    {
        // Parents: stored messages this batch names. Children and siblings: stored messages naming what this batch names
        // or is, for a message that arrives after its replies.
        var references = items.SelectMany(i => i.ThreadReferences).Distinct().ToList();
        var threadIds = references.Concat(items.Select(i => i.ProviderMessageId)).Distinct().ToList();
        var referenced = references.Count == 0
            ? []
            : await db.Messages.AsNoTracking().Where(m => m.ProviderMessageId != null && references.Contains(m.ProviderMessageId))
                .Select(m => new { Id = m.ProviderMessageId!, m.ConversationId }).ToListAsync(ct);
        var naming = await db.MessageReferences.AsNoTracking().Where(r => threadIds.Contains(r.Reference))
            .Select(r => new { Id = r.Reference, r.ConversationId }).Distinct().ToListAsync(ct);
        var threads = referenced.Concat(naming).ToList();
        var hints = items.Where(i => i.ConversationHint is not null).Select(i => i.ConversationHint!.Value).Distinct().ToList();
        var since = now - ContinueWithin;
        var wanted = threads.Select(r => r.ConversationId).Concat(hints).Distinct().ToList();
        var tracked = await db.Conversations.AsNoTracking()
            .Where(c => wanted.Contains(c.Id)
                || (customerIds.Contains(c.CustomerId) && c.Status != ConversationStatus.Closed && c.LastMessageAt >= since))
            .ToListAsync(ct);
        return new ConversationIndex(tracked, threads.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First().ConversationId), since);
    }

    /// <summary>
    /// The conversations a batch may thread into, and the rules that pick one. <c>byThreadId</c> gives the conversation of
    /// each Message-ID that is stored or named by a stored message.
    /// </summary>
    private sealed class ConversationIndex(List<Conversation> conversations, Dictionary<string, Guid> byThreadId, DateTime since)
    {
        private readonly Dictionary<Guid, Conversation> byId = conversations.ToDictionary(c => c.Id);

        public void Track(Conversation c) => byId[c.Id] = c;

        /// <summary>The conversation of the nearest message this one names, else of a message that names this one.</summary>
        public Conversation? FindByReference(PreparedMessage item, Dictionary<string, Guid> storedThisBatch)
        {
            foreach (var reference in item.ThreadReferences.Append(item.ProviderMessageId))
            {
                if ((byThreadId.TryGetValue(reference, out var id) || storedThisBatch.TryGetValue(reference, out id)) && byId.TryGetValue(id, out var threaded))
                {
                    return threaded;
                }
            }

            return null;
        }

        public Conversation? Find(PreparedMessage item, Guid customerId, Dictionary<string, Guid> storedThisBatch, DateTime now)
        {
            if (item.ConversationHint is { } hint && byId.TryGetValue(hint, out var hinted) && hinted.CustomerId == customerId)
            {
                return hinted;
            }

            if (FindByReference(item, storedThisBatch) is { } threaded)
            {
                return threaded;
            }

            // A new email without references starts a new conversation (as mail clients thread); chat, SMS and
            // social messages continue the customer's recent open conversation on that channel.
            if (item.Channel == Channel.Email)
            {
                return null;
            }

            return byId.Values
                .Where(c => c.CustomerId == customerId && c.LastChannel == item.Channel && c.Status != ConversationStatus.Closed && c.LastMessageAt >= since)
                .OrderByDescending(c => c.LastMessageAt)
                .FirstOrDefault();
        }
    }
}
