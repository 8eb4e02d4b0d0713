namespace Rapport.Infrastructure.Outbox;

/// <summary>Sends one kind of outbox item (one implementation per channel or webhook).</summary>
public interface IOutboxSender
{
    string Kind { get; }

    /// <summary>Sends the item. Throw <see cref="PermanentDeliveryException"/> when retrying cannot help.</summary>
    Task SendAsync(OutboxItem item, CancellationToken ct);

    /// <summary>Records the outcome on the thing sent (e.g. the message's delivery state), in the dispatcher's transaction.</summary>
    Task RecordOutcomeAsync(OutboxItem item, bool sent, bool willRetry, string? error, CancellationToken ct);

    /// <summary>Called once the outcome is committed: the place to tell open screens.</summary>
    void OutcomeCommitted(OutboxItem item)
    {
    }
}

/// <summary>A failure that retrying will not fix (no recipient address, a rejected mailbox).</summary>
public sealed class PermanentDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
