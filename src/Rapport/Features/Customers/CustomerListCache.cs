using System.Collections.Concurrent;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>
/// The first page of the plain customer list (no search, no kind), kept in memory for as long as the database says
/// nothing on it can have changed. On SQLite, triggers give <c>customer_list_version</c> a new random value on every
/// insert, update or delete of a customer or a contact point, whoever writes — this node, the CLI, an import, a
/// restore — so a kept page is served only while that value is the one it was read at (migration
/// <c>CustomerListVersion</c>). Checking costs one single-row read; reading the page costs 51 rows with a lookup of
/// the first email and phone each.
/// On PostgreSQL nothing is kept: one row that every writer updates would make concurrent writers queue on its lock
/// until they commit — the global lock issue 11 §1 removed — and several nodes share that database.
/// </summary>
public sealed class CustomerListCache(bool enabled)
{
    /// <summary>At most one kept page per page size: the API's limits run from 1 to 100.</summary>
    private readonly ConcurrentDictionary<int, Kept> pages = new();

    public bool Enabled => enabled;

    public static CustomerListCache For(DatabaseOptions options) => new(options.Provider == DatabaseProvider.Sqlite);

    public Page<CustomerSummaryDto>? Find(int take, long version) =>
        pages.TryGetValue(take, out var kept) && kept.Version == version ? kept.Page : null;

    public void Keep(int take, long version, Page<CustomerSummaryDto> page) => pages[take] = new Kept(version, page);

    private sealed record Kept(long Version, Page<CustomerSummaryDto> Page);
}
