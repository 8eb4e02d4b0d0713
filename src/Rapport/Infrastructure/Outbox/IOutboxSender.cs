namespace Rapport.Infrastructure.Outbox;

/// <summary>Sends one kind of outbox item (one implementation per channel or webhook).</summary>
public interface IOutboxSender
{
    string Kind { get; }

    /// <summary>Sends the item. Throw <see cref="PermanentDeliveryException"/> when retrying cannot help.</summary>
    Task SendAsync(OutboxItem item, CancellationToken ct);

    /// <summary>Records the outcome on the thing sent (e.g. the message's delivery state), in the dispatcher's transaction.</summary>
    Task RecordOutcomeAsync(OutboxItem item, bool sent, bool willRetry, string? error, CancellationToken ct);

    /// <summary>
    /// Whether an item found mid-send after its node stopped (leased, <see cref="OutboxItem.SendingSince"/> set, lease run
    /// out) is simply sent again. True for webhooks (at least once; receivers dedupe on the delivery id); false for what a
    /// customer reads (an email, an SMS): a second copy cannot be taken back, so it becomes
    /// <see cref="OutboxState.Unconfirmed"/> for a person to decide.
    /// </summary>
    bool ResendAfterCrash => true;

    /// <summary>Records on the thing sent that its delivery is unconfirmed, in the dispatcher's transaction.</summary>
    Task RecordUnconfirmedAsync(OutboxItem item, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Called once the outcome is committed: the place to tell open screens.</summary>
    void OutcomeCommitted(OutboxItem item)
    {
    }
}

/// <summary>A failure that retrying will not fix (no recipient address, a rejected mailbox).</summary>
public sealed class PermanentDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
