using System.Threading.Channels;

namespace Rapport.Features.Conversations;

/// <summary>
/// The front door of ingestion. Validates a message, queues it for the writer (which stores many messages per
/// transaction: group commit) and completes only when the message is durable, so callers acknowledge only then.
/// </summary>
public sealed class IngestionPipeline(InboundPreparationFactory preparation)
{
    private readonly Channel<PendingMessage> queue = Channel.CreateBounded<PendingMessage>(
        new BoundedChannelOptions(20_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    internal ChannelReader<PendingMessage> Reader => queue.Reader;

    /// <summary>Stores the message (or finds it already stored) and says where it went. Throws InvalidInputException for bad input.</summary>
    public async Task<IngestResult> IngestAsync(InboundMessage message, CancellationToken ct)
    {
        var prepared = preparation.Create().Prepare(message);
        var pending = new PendingMessage(prepared, new TaskCompletionSource<IngestResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        await queue.Writer.WriteAsync(pending, ct);
        // Once queued the message is stored even if this caller goes away; a retry finds it as a duplicate.
        return await pending.Completion.Task.WaitAsync(ct);
    }
}

/// <summary>Makes the stateless preparation step with the singleton rules and clock.</summary>
public sealed class InboundPreparationFactory(Customers.ContactPointRules rules, TimeProvider time)
{
    internal InboundPreparation Create() => new(rules, time);
}
