using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// The single writer behind the pipeline: takes whatever is queued (up to a batch), stores it in one transaction,
/// then completes every waiting caller. A failing batch is retried message by message so one bad message cannot
/// hold back the others.
/// </summary>
internal sealed class IngestionWriter(IngestionPipeline pipeline, IServiceScopeFactory scopes, ILogger<IngestionWriter> log) : BackgroundService
{
    public const int MaxBatch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = pipeline.Reader;
        var batch = new List<PendingMessage>(MaxBatch);
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await StoreAsync(batch, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && batch.Count > 1)
            {
                log.LogWarning(e, "A batch of {Count} inbound messages failed; storing them one by one", batch.Count);
                foreach (var single in batch)
                {
                    try
                    {
                        await StoreAsync([single], stoppingToken);
                    }
                    catch (Exception inner) when (inner is not OperationCanceledException)
                    {
                        log.LogError(inner, "Inbound message {Channel}/{ProviderId} could not be stored", single.Message.Channel, single.Message.ProviderMessageId);
                        single.Completion.TrySetException(inner);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Inbound message {Channel}/{ProviderId} could not be stored", batch[0].Message.Channel, batch[0].Message.ProviderMessageId);
                batch[0].Completion.TrySetException(e);
            }
        }
    }

    private async Task StoreAsync(List<PendingMessage> batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("ingestion");
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var results = await IngestionBatch.StoreAsync(db, batch.Select(b => b.Message).ToList(), time.GetUtcNow().UtcDateTime, ct);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }

        scope.ServiceProvider.GetRequiredService<ConversationEvents>().Published(results.Where(r => !r.Duplicate).ToList());
    }
}
