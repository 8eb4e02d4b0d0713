using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Audit;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Customers;

/// <summary>
/// SQLite: creates that queue for the write lock are committed together (<see cref="SqliteInsertGroup"/>). The tests
/// hold the lock so that the creates queue behind it, as they do under load.
/// </summary>
public sealed class GroupCommitTests(SqliteRapportFactory app) : IClassFixture<SqliteRapportFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Creates_queued_behind_the_write_lock_commit_in_one_transaction_each_audited_as_its_own_actor()
    {
        await using var holder = app.Services.CreateAsyncScope();
        var holdingDb = holder.ServiceProvider.GetRequiredService<RapportDbContext>();
        var group = SqliteInsertGroup.For(holdingDb);
        var batchesBefore = group.Batches;

        Task<Guid>[] creates;
        await using (await holdingDb.BeginWriteTransactionAsync(CancellationToken.None))
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
        var group = SqliteInsertGroup.For(holdingDb);

        Task<Guid>[] creates;
        Task again;
        await using (await holdingDb.BeginWriteTransactionAsync(CancellationToken.None))
        {
            creates = [CreateAsync("Before the clash", "Clerk A")];
            await EventuallyAsync(() => group.Queued == 1);
            again = InsertAgainAsync(existing);
            await EventuallyAsync(() => group.Queued == 2);
            creates = [.. creates, CreateAsync("After the clash", "Clerk B")];
            await EventuallyAsync(() => group.Queued == 3);
        }

        var clash = await Assert.ThrowsAsync<SqliteException>(() => again);
        Assert.Equal(19, clash.SqliteErrorCode); // SQLITE_CONSTRAINT: the same customer id twice
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
        var group = SqliteInsertGroup.For(holdingDb);
        using var cancel = new CancellationTokenSource();

        Task<Guid> kept, cancelled;
        await using (await holdingDb.BeginWriteTransactionAsync(CancellationToken.None))
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

    private async Task ChainIntactAsync()
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
