using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Audit;

/// <summary>
/// Someone with database access alters or removes a row; the chain check names the first broken link. Each test puts
/// the row back afterwards, so the chain is intact again for the next.
/// </summary>
public abstract class AuditTamperingTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private async Task<AuditVerification> VerifyAsync() =>
        (await (await app.ClientAs(Roles.Auditor).GetAsync("/api/v1/audit/verify")).Content.ReadFromJsonAsync<AuditVerification>(Requests.Json))!;

    private async Task<AuditEntry> SomeEntryInTheMiddleAsync()
    {
        var agent = app.ClientAs(Roles.Agent);
        var id = (await Build.ACustomer("Tamper Target").WithEmail(CustomerBuilder.UniqueEmail()).CreateAsync(agent)).Id();
        await Build.ACustomer().CreateAsync(agent); // entries after the target, so it is not the last link
        return await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.SubjectId == id && e.Action == "customer.added").SingleAsync());
    }

    [Fact]
    public async Task Altering_a_row_is_reported_at_that_sequence()
    {
        var target = await SomeEntryInTheMiddleAsync();
        Assert.True((await VerifyAsync()).Intact);
        try
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
                """UPDATE audit_entries SET "Changes" = {0} WHERE "Sequence" = {1}""", """{"name":{"before":null,"after":"Someone Else"}}""", target.Sequence));

            var result = await VerifyAsync();

            Assert.False(result.Intact);
            Assert.Equal(target.Sequence, result.FirstBrokenSequence);
            Assert.Equal(target.Sequence - 1, result.EntriesChecked);
            Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
                """UPDATE audit_entries SET "Changes" = {0} WHERE "Sequence" = {1}""", target.Changes, target.Sequence));
        }

        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Rewriting_a_row_with_a_fresh_hash_breaks_the_next_link()
    {
        var target = await SomeEntryInTheMiddleAsync();
        var forged = AuditChain.ComputeHash(new AuditEntry
        {
            Sequence = target.Sequence,
            At = target.At,
            ActorId = target.ActorId,
            ActorName = "Someone Else",
            Action = target.Action,
            SubjectType = target.SubjectType,
            SubjectId = target.SubjectId,
            Changes = target.Changes,
            ChangesDigest = target.ChangesDigest,
            Reason = target.Reason,
            PreviousHash = target.PreviousHash,
            Hash = "",
        });
        try
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
                """UPDATE audit_entries SET "ActorName" = 'Someone Else', "Hash" = {0} WHERE "Sequence" = {1}""", forged, target.Sequence));

            var result = await VerifyAsync();

            Assert.False(result.Intact);
            Assert.Equal(target.Sequence + 1, result.FirstBrokenSequence);
            Assert.Contains("previous-hash", result.Problem, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
                """UPDATE audit_entries SET "ActorName" = {0}, "Hash" = {1} WHERE "Sequence" = {2}""", target.ActorName, target.Hash, target.Sequence));
        }

        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Deleting_a_row_is_detected()
    {
        var target = await SomeEntryInTheMiddleAsync();
        try
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM audit_entries WHERE "Sequence" = {0}""", target.Sequence));

            var result = await VerifyAsync();

            Assert.False(result.Intact);
            Assert.Equal(target.Sequence + 1, result.FirstBrokenSequence);
            Assert.Contains($"entry {target.Sequence} is missing", result.Problem, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(async db =>
            {
                db.AuditEntries.Add(target); // the very same row: an audit entry is not itself audited
                await db.SaveChangesAsync();
            });
        }

        Assert.True((await VerifyAsync()).Intact);
    }
}

public sealed class AuditTamperingTestsOnSqlite(SqliteRapportFactory app) : AuditTamperingTests<SqliteRapportFactory>(app);

public sealed class AuditTamperingTestsOnPostgres(PostgresRapportFactory app) : AuditTamperingTests<PostgresRapportFactory>(app);
