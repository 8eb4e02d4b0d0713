using System.Threading.Channels;

namespace Rapport.Features.Conversations;

/// <summary>
/// The front door of ingestion, for every channel. A message is validated, queued for the journal writer (which
/// journals many messages per transaction: group commit) and acknowledged once journalled, i.e. durable; the
/// <see cref="IngestionProcessor"/> then matches, threads and stores it. A caller may wait a while for that outcome.
/// </summary>
public sealed class IngestionPipeline(InboundPreparationFactory preparation, IngestionOutcomes outcomes)
{
    private readonly Channel<PendingMessage> queue = Channel.CreateBounded<PendingMessage>(
        new BoundedChannelOptions(20_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    internal ChannelReader<PendingMessage> Reader => queue.Reader;

    /// <summary>Journals the message (or finds it journalled before) and returns its receipt. Throws InvalidInputException for bad input.</summary>
    public Task<IngestReceipt> AcceptAsync(InboundMessage message, CancellationToken ct) => JournalAsync(message, waitsForProcessing: false, ct);

    private async Task<IngestReceipt> JournalAsync(InboundMessage message, bool waitsForProcessing, CancellationToken ct)
    {
        var prepared = preparation.Create().Prepare(message);
        var pending = new PendingMessage(prepared, new TaskCompletionSource<IngestReceipt>(TaskCreationOptions.RunContinuationsAsynchronously),
            waitsForProcessing);
        await queue.Writer.WriteAsync(pending, ct);
        // Once queued the message is journalled even if this caller goes away; a retry finds it as a duplicate.
        return await pending.Journalled.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Journals the message, then waits up to <paramref name="wait"/> for it to be processed. The receipt says what became
    /// of it; without a <see cref="IngestReceipt.Result"/> it is durable and still being processed.
    /// </summary>
    public async Task<IngestReceipt> IngestAsync(InboundMessage message, TimeSpan wait, CancellationToken ct)
    {
        var receipt = await JournalAsync(message, wait > TimeSpan.Zero, ct);
        return receipt.Result is not null || wait <= TimeSpan.Zero ? receipt : await outcomes.WaitAsync(receipt, wait, ct);
    }
}

/// <summary>
/// A journalled message: <see cref="Id"/> to ask about it later; <see cref="Duplicate"/> when the same channel and
/// provider id was accepted before; <see cref="Result"/> once processing has stored (or ignored) it.
/// </summary>
public sealed record IngestReceipt(Guid Id, bool Duplicate, IngestResult? Result, bool Failed = false);

/// <summary>Makes the stateless preparation step with the singleton rules and clock.</summary>
public sealed class InboundPreparationFactory(Customers.ContactPointRules rules, TimeProvider time)
{
    internal InboundPreparation Create() => new(rules, time);
}
