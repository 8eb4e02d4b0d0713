using Rapport.Features.Audit;
using Rapport.Features.Customers;
using Rapport.Features.Webhooks;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// What one ingestion batch writes, collected in memory and then stored in one transaction with plain SQL
/// (<see cref="RowWriter"/>), not through the change tracker: at thousands of messages a second its per-entity
/// bookkeeping costs more than the database does. The same transaction holds the audit entries of the customers it
/// creates and the webhook deliveries it raises, so they commit (or not) with the messages.
/// </summary>
internal sealed class IngestionRows
{
    private readonly HashSet<Customer> contacted = [];

    public List<Customer> NewCustomers { get; } = [];
    public List<Conversation> NewConversations { get; } = [];
    public List<Message> Messages { get; } = [];
    public List<MessageReference> References { get; } = [];
    public List<MessageAttachment> Attachments { get; } = [];
    /// <summary>Stored messages whose text an edit or a later part changed.</summary>
    public List<Message> Revised { get; } = [];
    public List<MessageRevision> Revisions { get; } = [];
    public List<SplitPart> Parts { get; } = [];

    public void Created(Customer customer) => NewCustomers.Add(customer);

    public void Started(Conversation conversation) => NewConversations.Add(conversation);

    public void Stored(Message message, Conversation conversation, Customer? customer, DateTime? contactBefore)
    {
        Messages.Add(message);
        if (customer is not null && customer.LastContactAt != contactBefore)
        {
            contacted.Add(customer);
        }
    }

    /// <summary>
    /// Writes everything in the caller's transaction if one is open, else in one of its own; <paramref name="beforeCommit"/>
    /// writes what must commit with the rows (the journal's outcomes).
    /// </summary>
    public async Task WriteAsync(RapportDbContext db, DateTime now, Func<Task>? beforeCommit, CancellationToken ct)
    {
        var drafts = AuditCollector.CollectAdded(db, db.Audit, NewCustomers);
        var customerCreated = await WebhookEvents.PrepareAsync(db, WebhookEvents.CustomerCreated,
            NewCustomers.Select(c => new { c.Id, c.Name, c.Kind }), now, ct);
        var messageReceived = await WebhookEvents.PrepareAsync(db, WebhookEvents.MessageReceived,
            Messages.Select(m => new { m.Id, m.ConversationId, m.CustomerId, m.Channel, m.At, m.Subject, m.Text, m.IsAutomatic }), now, ct);
        var newCustomers = NewCustomers.ToHashSet();

        // A message stored by this batch and edited later in it: a conversation it started shows the final text.
        var started = NewConversations.ToDictionary(c => c.Id);
        foreach (var message in Messages)
        {
            if (started.TryGetValue(message.ConversationId, out var conversation))
            {
                conversation.Revised(message);
            }
        }

        var rows = new RowWriter(db);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.BeginWriteTransactionAsync(ct) : null;
        var (auditSealed, auditPending) = drafts.Count == 0 ? ([], []) : await AuditChain.PrepareAsync(db, drafts, ct);
        await rows.InsertAsync(NewCustomers, ct);
        await rows.InsertAsync(NewCustomers.SelectMany(c => c.ContactPoints).ToList(), ct);
        await rows.InsertAsync(NewConversations, ct);
        await rows.InsertAsync(Messages, ct);
        await rows.InsertAsync(References, ct);
        await rows.InsertAsync(Attachments, ct);
        await rows.InsertAsync(Parts, ct);
        await rows.InsertAsync(Revisions, ct);
        await rows.UpdateAsync(Revised, [nameof(Message.Text), nameof(Message.EditedAt), nameof(Message.ParseWarning)], ct);
        // Stored conversations move by increments, not by writing back the copies read for threading: a reply or another
        // node's batch may have committed since they were read.
        var newConversationIds = NewConversations.Select(c => c.Id).ToHashSet();
        await ConversationCounters.AddAsync(db, Messages.Where(m => !newConversationIds.Contains(m.ConversationId)), ct);
        await ConversationCounters.RevisedAsync(db, Revised, ct);
        await rows.UpdateAsync(contacted.Where(c => !newCustomers.Contains(c)).ToList(), [nameof(Customer.LastContactAt)], ct);
        await rows.InsertAsync([.. customerCreated.Deliveries, .. messageReceived.Deliveries], ct);
        await rows.InsertAsync([.. customerCreated.Outbox, .. messageReceived.Outbox], ct);
        await rows.InsertAsync(auditSealed, ct);
        await rows.InsertAsync(auditPending, ct);
        if (beforeCommit is not null)
        {
            await beforeCommit();
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }
}
