using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>Read side of customer records: the paged, searchable list and the record's history.</summary>
public sealed class CustomerQueries(RapportDbContext db, ContactPointRules rules, CustomerListCache firstPages, SearchVectorStatistics statistics)
{
    /// <summary>
    /// The record as the API shows it, in one statement: its contact points and the labels of its confidential
    /// details come with it (a customer has a handful, so joining both costs less than two more round trips), and
    /// confidential values are never read. Compiled: this is the API's most frequent read.
    /// </summary>
    private static readonly CompiledForEachModel<Func<RapportDbContext, Guid, CancellationToken, Task<CustomerRow?>>> ById = new(() =>
        EF.CompileAsyncQuery((RapportDbContext db, Guid id, CancellationToken ct) => db.Customers.AsNoTracking().AsSingleQuery()
            .Where(c => c.Id == id)
            .Select(c => new CustomerRow(c.Id, c.Name, c.Type, c.Kind, c.Organisation, c.CustomerSince, c.LastContactAt, c.Profile,
                c.MergedIntoId, c.CreatedAt, c.UpdatedAt, c.Version,
                c.ContactPoints.Select(p => new ContactPointDto(p.Id, p.Type, p.Value, p.Normalized, p.Network, p.Label, p.FailingSince, p.FailureReason)).ToList(),
                c.ConfidentialDetails.Select(d => new ConfidentialFieldDto(d.Id, d.Label, d.Level)).ToList()))
            .FirstOrDefault()));

    public async Task<CustomerRead?> GetAsync(Guid id, CancellationToken ct)
    {
        var row = await ById.For(db)(db, id, ct);
        if (row is null)
        {
            return null;
        }

        // Ordered here, as CustomerMapping.ToDto orders them: a Guid sorts differently in SQL text than in .NET.
        var dto = new CustomerDto(row.Id, row.Name, row.Type, row.Kind, row.Organisation, row.CustomerSince, row.LastContactAt,
            row.Profile.ToDto(),
            row.Points.OrderBy(p => p.Type).ThenBy(p => p.Id)
                .Select(p => p.Type == ContactPointType.Phone ? p with { Warning = PhoneNumberRule.WarningFor(p.Normalized) } : p).ToList(), row.Fields.OrderBy(d => d.Id).ToList(),
            row.CreatedAt, row.UpdatedAt, row.Version.ToString("N"));
        return new CustomerRead(dto, row.MergedIntoId, row.Version);
    }

    /// <summary>Whether the record exists (merged-away ones included), without loading it.</summary>
    public Task<bool> ExistsAsync(Guid id, CancellationToken ct) => db.Customers.AnyAsync(c => c.Id == id, ct);

    // The plain list (no search, no kind), its first page and the pages after, compiled: an agent opens it all day.
    private static readonly CompiledForEachModel<Func<RapportDbContext, int, IAsyncEnumerable<SummaryRow>>> FirstPage = new(() =>
        EF.CompileAsyncQuery(Summarised<Func<RapportDbContext, int, IQueryable<Customer>>, Func<RapportDbContext, int, IQueryable<SummaryRow>>>(
            (db, take) => db.Customers.AsNoTracking().Where(c => c.MergedIntoId == null).OrderBy(c => c.NameNormalized).ThenBy(c => c.Id).Take(take))));

    private static readonly CompiledForEachModel<Func<RapportDbContext, string, Guid, int, IAsyncEnumerable<SummaryRow>>> NextPage = new(() =>
        EF.CompileAsyncQuery(Summarised<Func<RapportDbContext, string, Guid, int, IQueryable<Customer>>, Func<RapportDbContext, string, Guid, int, IQueryable<SummaryRow>>>(
            (db, key, id, take) => db.Customers.AsNoTracking().Where(c => c.MergedIntoId == null)
                .Where(c => string.Compare(c.NameNormalized, key) > 0 || (c.NameNormalized == key && c.Id.CompareTo(id) > 0))
                .OrderBy(c => c.NameNormalized).ThenBy(c => c.Id).Take(take))));

    internal static readonly Expression<Func<Customer, SummaryRow>> SummaryOf = c => new SummaryRow(c.NameNormalized,
        new CustomerSummaryDto(c.Id, c.Name, c.Type, c.Kind, c.Organisation,
            c.ContactPoints.Where(p => p.Type == ContactPointType.Email).OrderBy(p => p.Id).Select(p => p.Value).FirstOrDefault(),
            c.ContactPoints.Where(p => p.Type == ContactPointType.Phone).OrderBy(p => p.Id).Select(p => p.Value).FirstOrDefault(),
            c.CustomerSince, c.LastContactAt,
            c.Profile.NeedsRelayService || c.Profile.NeedsTranslator || c.Profile.NeedsLargePrint
                || c.Profile.NeedsExtraTime || c.Profile.OtherAccessibilityNeeds != null));

    /// <summary>A page of customers, as the query that selects its summaries (a compiled query cannot call a method).</summary>
    private static Expression<TSummaries> Summarised<TPage, TSummaries>(Expression<TPage> page) =>
        Expression.Lambda<TSummaries>(Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(Customer), typeof(SummaryRow)],
            page.Body, Expression.Quote(SummaryOf)), page.Parameters);

    public async Task<Page<CustomerSummaryDto>> ListAsync(string? search, CustomerKind? kind, int take, Cursor? after, CancellationToken ct)
    {
        var plain = string.IsNullOrWhiteSpace(search) && kind is null;
        if (plain && after is null && firstPages.Enabled)
        {
            return await FirstPageAsync(take, ct);
        }

        var query = db.Customers.AsNoTracking().Where(c => c.MergedIntoId == null);
        if (kind is { } k)
        {
            query = query.Where(c => c.Kind == k);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            var key = ContactKeyFor(term);
            var words = CustomerNameSearch.Words(term);
            // Through the full-text index when it narrows the search to a few candidates; otherwise (a word found in
            // thousands of names) walking the name index in list order finds a page of them soonest.
            var named = await CustomerNameSearch.CandidatesAsync(db, statistics, term, ct) is { } candidates
                ? query.Where(c => candidates.Contains(c.Id))
                : query;
            foreach (var word in words)
            {
                named = named.Where(c => c.NameNormalized.Contains(word));
            }

            if (key is null)
            {
                query = named;
            }
            else
            {
                var matches = named.Select(c => c.Id).Union(db.ContactPoints.Where(p => p.Normalized == key).Select(p => p.CustomerId));
                query = query.Where(c => matches.Contains(c.Id));
            }
        }

        if (after is not null)
        {
            query = query.Where(c => string.Compare(c.NameNormalized, after.Key) > 0
                || (c.NameNormalized == after.Key && c.Id.CompareTo(after.Id) > 0));
        }

        var rows = plain
            ? after is null ? await FirstPage.For(db)(db, take + 1).ToListAsync(ct) : await NextPage.For(db)(db, after.Key, after.Id, take + 1).ToListAsync(ct)
            : await query.OrderBy(c => c.NameNormalized).ThenBy(c => c.Id).Take(take + 1).Select(SummaryOf).ToListAsync(ct);
        return PageOf(rows, take);
    }

    private static Page<CustomerSummaryDto> PageOf(List<SummaryRow> rows, int take)
    {
        var next = rows.Count > take ? new Cursor(rows[take - 1].NameNormalized, rows[take - 1].Dto.Id).Encode() : null;
        return new Page<CustomerSummaryDto>(rows.Take(take).Select(r => r.Dto).ToList(), next);
    }

    /// <summary>
    /// The first page as kept by <see cref="CustomerListCache"/> while the list's version stands. A page read afresh is
    /// kept only when the version is the same after reading it as before: every write to the list changes the version,
    /// so then no write committed in between and the page is the list as of that version.
    /// </summary>
    private async Task<Page<CustomerSummaryDto>> FirstPageAsync(int take, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var version = await ListVersionAsync(ct);
            if (firstPages.Find(take, version) is { } kept)
            {
                return kept;
            }

            var page = PageOf(await FirstPage.For(db)(db, take + 1).ToListAsync(ct), take);
            if (await ListVersionAsync(ct) == version)
            {
                firstPages.Keep(take, version, page);
            }

            return page;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<long> ListVersionAsync(CancellationToken ct)
    {
        // Through the connection's own command: on SQLite it stays prepared for the next request.
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT value FROM customer_list_version";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<Page<AuditEntryDto>> HistoryAsync(IReadOnlyCollection<string> subjectIds, int take, Cursor? after, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking().Where(e => e.SubjectType == "customer" && subjectIds.Contains(e.SubjectId));
        if (after is not null && long.TryParse(after.Key, out var before))
        {
            query = query.Where(e => e.Sequence < before);
        }

        var rows = await query.OrderByDescending(e => e.Sequence).Take(take + 1).ToListAsync(ct);
        var next = rows.Count > take ? new Cursor(rows[take - 1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Guid.Empty).Encode() : null;
        return new Page<AuditEntryDto>(rows.Take(take).Select(e => e.ToDto()).ToList(), next);
    }

    private string? ContactKeyFor(string term)
    {
        if (term.Contains('@', StringComparison.Ordinal))
        {
            return term;
        }

        return term.Any(char.IsDigit) && rules.TryNormalizePhone(term, out var e164) ? e164 : null;
    }
}

/// <summary>A customer as read for display: the DTO, where it was merged to, and its version for the ETag.</summary>
public sealed record CustomerRead(CustomerDto Dto, Guid? MergedIntoId, Guid Version);

/// <summary>A row of the customer list: the summary and the name key its cursor continues from.</summary>
internal sealed record SummaryRow(string NameNormalized, CustomerSummaryDto Dto);

/// <summary>What the compiled customer read selects.</summary>
internal sealed record CustomerRow(Guid Id, string Name, PartyType Type, CustomerKind Kind, string? Organisation, DateTime CustomerSince,
    DateTime? LastContactAt, CommunicationProfile Profile, Guid? MergedIntoId, DateTime CreatedAt, DateTime UpdatedAt, Guid Version,
    List<ContactPointDto> Points, List<ConfidentialFieldDto> Fields);
