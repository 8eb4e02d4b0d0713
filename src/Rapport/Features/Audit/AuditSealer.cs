using Rapport.Infrastructure.Data;

namespace Rapport.Features.Audit;

/// <summary>
/// Seals pending audit entries into the hash chain right after they commit (PostgreSQL), by group commit: one seal
/// runs at a time on a node, and every writer that committed while it ran is served by the next one, so a burst of
/// writers costs a few seals, not one lock-holding transaction each. A writer waits for a seal that began after its
/// commit, so its entries are in the chain (and on the record's history) when its request returns.
/// </summary>
public sealed class AuditSealer(IServiceScopeFactory scopes, ILogger<AuditSealer> log) : IDisposable
{
    private const int MaxPerSeal = 5_000;
    private readonly SemaphoreSlim gate = new(1, 1);
    private long started;
    private long completed;

    /// <summary>Waits until a seal that began after this call has finished (running it if none is due).</summary>
    public async Task SealAfterCommitAsync(CancellationToken ct)
    {
        var after = Interlocked.Read(ref started);
        await gate.WaitAsync(ct);
        try
        {
            if (completed > after)
            {
                return;
            }

            var generation = ++started;
            await SealAllAsync();
            completed = generation;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task SealAllAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            if (!db.IsPostgres)
            {
                return;
            }

            while (await AuditChain.SealPendingAsync(db, MaxPerSeal, CancellationToken.None) == MaxPerSeal)
            {
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The entries are committed and stay pending; the next seal (or the periodic one) takes them.
            log.LogWarning("Audit entries could not be sealed this time ({Error}); they stay pending and are sealed next time", e.Message);
        }
    }
}

/// <summary>Asks the sealer to seal after any commit that wrote pending audit entries, whoever began the transaction.</summary>
internal sealed class AuditSealingInterceptor(AuditSealer sealer) : Microsoft.EntityFrameworkCore.Diagnostics.DbTransactionInterceptor
{
    public override async Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction,
        Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is RapportDbContext { HasUnsealedAudit: true } db)
        {
            db.HasUnsealedAudit = false;
            await sealer.SealAfterCommitAsync(CancellationToken.None);
        }
    }

    public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction,
        Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is RapportDbContext db)
        {
            db.HasUnsealedAudit = false;
        }

        return Task.CompletedTask;
    }
}

/// <summary>Seals what a crashed node or a command-line run left pending, at start and then every few seconds.</summary>
internal sealed class AuditSealingSweep(AuditSealer sealer, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            do
            {
                await sealer.SealAfterCommitAsync(stoppingToken);
            }
            while (await WaitAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> WaitAsync(CancellationToken ct)
    {
        await Task.Delay(Every, time, ct);
        return true;
    }
}
