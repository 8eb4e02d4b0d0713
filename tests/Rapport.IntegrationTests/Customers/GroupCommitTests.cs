using System.Data.Common;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rapport.Features.Audit;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Customers;

/// <summary>
/// Creates that queue for the chain's lock are committed together (<see cref="InsertGroup"/>): SQLite's write lock,
/// PostgreSQL's chain lock. The tests hold the lock so that the creates queue behind it, as they do under load.
/// </summary>
public abstract class GroupCommitTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    protected TFactory App => app;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Creates_queued_behind_the_write_lock_commit_in_one_transaction_each_audited_as_its_own_actor()
    {
        await using var holder = app.Services.CreateAsyncScope();
        var holdingDb = holder.ServiceProvider.GetRequiredService<RapportDbContext>();
        var group = InsertGroup.For(holdingDb);
        var batchesBefore = group.Batches;

        Task<Guid>[] creates;
        await using (await HoldChainLockAsync(holdingDb))
        {
            creates = Enumerable.Range(0, 12).Select(i => CreateAsync($"Grouped {i}", $"Clerk {i}")).ToArray();
            await EventuallyAsync(() => group.Queued == 12);
        }

        var ids = await Task.WhenAll(creates);

        Assert.Equal(1, group.Batches - batchesBefore);
        for (var i = 0; i < ids.Length; i++)
        {
            var added = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.SubjectId == ids[i].ToString() && e.Action == "customer.added"));
            Assert.Equal($"Clerk {i}", added.ActorName);
            Assert.Contains($"Grouped {i}", added.Changes);
        }

        Assert.Equal(12, await app.WithDbAsync(db => db.Customers.CountAsync(c => ids.Contains(c.Id))));
        await ChainIntactAsync();
    }

    [Fact]
    public async Task A_create_that_breaks_a_constraint_fails_alone_and_the_others_of_its_batch_are_kept()
    {
        var existing = await CreateCustomerAsync("Already here", "Clerk");
        await using var holder = app.Services.CreateAsyncScope();
        var holdingDb = holder.ServiceProvider.GetRequiredService<RapportDbContext>();
        var group = InsertGroup.For(holdingDb);

        Task<Guid>[] creates;
        Task again;
        await using (await HoldChainLockAsync(holdingDb))
        {
            creates = [CreateAsync("Before the clash", "Clerk A")];
            await EventuallyAsync(() => group.Queued == 1);
            again = InsertAgainAsync(existing);
            await EventuallyAsync(() => group.Queued == 2);
            creates = [.. creates, CreateAsync("After the clash", "Clerk B")];
            await EventuallyAsync(() => group.Queued == 3);
        }

        var clash = await Assert.ThrowsAnyAsync<DbException>(() => again);
        Assert.True(IsDuplicateKey(clash), clash.ToString()); // the same customer id twice
        var ids = await Task.WhenAll(creates);
        Assert.Equal(2, await app.WithDbAsync(db => db.Customers.CountAsync(c => ids.Contains(c.Id))));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.SubjectId == existing.Id.ToString() && e.Action == "customer.added")));
        await ChainIntactAsync();
    }

    [Fact]
    public async Task A_create_whose_request_is_cancelled_while_queued_is_not_written()
    {
        await using var holder = app.Services.CreateAsyncScope();
        var holdingDb = holder.ServiceProvider.GetRequiredService<RapportDbContext>();
        var group = InsertGroup.For(holdingDb);
        using var cancel = new CancellationTokenSource();

        Task<Guid> kept, cancelled;
        await using (await HoldChainLockAsync(holdingDb))
        {
            kept = CreateAsync("Kept", "Clerk A");
            await EventuallyAsync(() => group.Queued == 1);
            cancelled = CreateAsync("Cancelled", "Clerk B", cancel.Token);
            await EventuallyAsync(() => group.Queued == 2);
            await cancel.CancelAsync();
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var id = await kept;
        Assert.True(await app.WithDbAsync(db => db.Customers.AnyAsync(c => c.Id == id)));
        Assert.False(await app.WithDbAsync(db => db.Customers.AnyAsync(c => c.Name == "Cancelled")));
        await ChainIntactAsync();
    }

    /// <summary>Holds the lock a batch of creates needs, until disposed.</summary>
    protected abstract Task<IAsyncDisposable> HoldChainLockAsync(RapportDbContext db);

    protected abstract bool IsDuplicateKey(DbException e);

    private async Task<Guid> CreateAsync(string name, string actor, CancellationToken ct = default) =>
        (await CreateCustomerAsync(name, actor, ct)).Id;

    private async Task<Customer> CreateCustomerAsync(string name, string actor, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor(actor);
        var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
        return await customers.CreateAsync(new CreateCustomerRequest(name,
            ContactPoints: [new ContactPointRequest(ContactPointType.Email, CustomerBuilder.UniqueEmail("group"))]), ct);
    }

    private async Task InsertAgainAsync(Customer customer)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        await db.InsertAuditedAsync([customer], [RowSet.Of([customer])], CancellationToken.None);
    }

    protected async Task ChainIntactAsync()
    {
        var result = await (await app.ClientAs(Roles.Auditor).GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(result["intact"]!.GetValue<bool>(), result.ToJsonString());
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the creates did not queue");
    }
}

public sealed class GroupCommitTestsOnSqlite(SqliteRapportFactory app) : GroupCommitTests<SqliteRapportFactory>(app)
{
    protected override async Task<IAsyncDisposable> HoldChainLockAsync(RapportDbContext db) =>
        await db.BeginWriteTransactionAsync(CancellationToken.None);

    protected override bool IsDuplicateKey(DbException e) => e is SqliteException { SqliteErrorCode: 19 }; // SQLITE_CONSTRAINT
}

public sealed class GroupCommitTestsOnPostgres(PostgresRapportFactory app) : GroupCommitTests<PostgresRapportFactory>(app)
{
    private const long ChainLock = 72657301; // AuditChain's

    protected override async Task<IAsyncDisposable> HoldChainLockAsync(RapportDbContext db)
    {
        var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({ChainLock})", connection);
        await take.ExecuteNonQueryAsync();
        return new Held(connection);
    }

    protected override bool IsDuplicateKey(DbException e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    [Fact]
    public async Task Three_nodes_creating_and_noting_at_once_keep_one_intact_chain_with_every_entry()
    {
        // Three hosts on one database, as three nodes: each groups its own creates and seals its own notes' entries.
        var nodes = Enumerable.Range(1, 2)
            .Select(n => App.WithWebHostBuilder(b => b.UseSetting("Rapport:Database:ConnectionString", $"{App.ConnectionString};Application Name=node{n}")))
            .Prepend<WebApplicationFactory<Program>>(App).ToList();
        var work = nodes.SelectMany((node, n) => Enumerable.Range(0, 20).Select(async i =>
        {
            await using var scope = node.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor($"Node {n} clerk {i}");
            var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
            var customer = await customers.CreateAsync(new CreateCustomerRequest($"Node {n} guest {i}",
                ContactPoints: [new ContactPointRequest(ContactPointType.Email, CustomerBuilder.UniqueEmail("nodes"))]), CancellationToken.None);
            await customers.AddNoteAsync(customer.Id, $"Called back, node {n}", CancellationToken.None);
            return customer.Id;
        })).ToList();

        List<string> ids;
        try
        {
            ids = (await Task.WhenAll(work)).Select(id => id.ToString()).ToList();
        }
        finally
        {
            foreach (var other in nodes.Skip(1))
            {
                await other.DisposeAsync();
            }
        }

        Assert.Equal(60, await App.WithDbAsync(db => db.AuditEntries.CountAsync(e => ids.Contains(e.SubjectId) && e.Action == "customer.added")));
        // Every note's entry is sealed into the chain by the time its request returns (nothing left pending).
        Assert.Equal(0, await App.WithDbAsync(db => db.AuditPending.CountAsync()));
        var sequences = await App.WithDbAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        await ChainIntactAsync();
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({ChainLock})", connection))
            {
                await release.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
