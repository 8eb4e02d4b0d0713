namespace Rapport.Load.Generation;

/// <summary>The fastest way a provider offers to append generated customers to a migrated Rapport database.</summary>
internal interface IBulkLoad : IAsyncDisposable
{
    Task<long> CountCustomersAsync(CancellationToken ct);

    /// <summary>Writes the batch in one transaction.</summary>
    Task WriteAsync(IReadOnlyList<SyntheticCustomer> batch, CancellationToken ct);

    /// <summary>Leaves the database as the app expects to find it (statistics, checkpoint).</summary>
    Task FinishAsync(CancellationToken ct);
}
