using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Audit;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Audit;

/// <summary>
/// Anchors kept outside the database catch what the hash chain alone cannot: the last entries deleted, or the chain
/// rewritten consistently up to its end. Each test leaves the trail and the anchor file as it found them.
/// </summary>
public abstract class AuditAnchorTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private async Task<AuditVerification> VerifyAsync() =>
        (await (await app.ClientAs(Roles.Auditor).GetAsync("/api/v1/audit/verify")).Content.ReadFromJsonAsync<AuditVerification>(Requests.Json))!;

    private Task<AnchorResult> AnchorAsync() => app.Services.GetRequiredService<AuditAnchoring>().AnchorNowAsync(evenIfUnchanged: true, CancellationToken.None);

    private async Task SomeActivityAsync(int customers = 2)
    {
        var agent = app.ClientAs(Roles.Agent);
        for (var i = 0; i < customers; i++)
        {
            await Build.ACustomer().WithEmail(CustomerBuilder.UniqueEmail()).CreateAsync(agent);
        }
    }

    private Task<List<AuditEntry>> LastEntriesAsync(int count) =>
        app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Take(count).OrderBy(e => e.Sequence).ToListAsync());

    /// <summary>Runs <paramref name="test"/> and puts the anchor file back as it was, whatever the test did to it.</summary>
    private async Task KeepingTheAnchorFileAsync(Func<Task> test)
    {
        var before = File.Exists(app.AnchorPath) ? await File.ReadAllTextAsync(app.AnchorPath) : null;
        try
        {
            await test();
        }
        finally
        {
            if (before is null)
            {
                File.Delete(app.AnchorPath);
            }
            else
            {
                await File.WriteAllTextAsync(app.AnchorPath, before);
            }
        }
    }

    [Fact]
    public async Task Deleting_the_last_entries_after_an_anchor_is_reported_as_truncation_naming_the_missing_range()
    {
        await SomeActivityAsync();
        var anchored = await AnchorAsync();
        Assert.Equal(AnchorOutcome.Written, anchored.Outcome);
        var removed = await LastEntriesAsync(3);
        var (first, last) = (removed[0].Sequence, removed[^1].Sequence);
        Assert.Equal(anchored.Anchor!.Sequence, last);
        try
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM audit_entries WHERE "Sequence" >= {0}""", first));

            var result = await VerifyAsync();

            Assert.False(result.Intact);
            Assert.Equal(first, result.FirstBrokenSequence);
            Assert.Equal(first - 1, result.EntriesChecked);
            Assert.Contains($"entries {first}–{last} were deleted from the end of the trail", result.Problem, StringComparison.Ordinal);
            Assert.Equal(AuditAnchors.Truncated, result.Anchors!.Problems[0].Kind);
            Assert.Null(result.Head); // the chain that is left is consistent, but not the whole trail: no head to vouch for
        }
        finally
        {
            await app.WithDbAsync(async db =>
            {
                db.AuditEntries.AddRange(removed);
                await db.SaveChangesAsync();
            });
        }

        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task An_anchor_is_never_written_for_a_trail_that_does_not_verify()
    {
        await SomeActivityAsync();
        Assert.Equal(AnchorOutcome.Written, (await AnchorAsync()).Outcome);
        var removed = await LastEntriesAsync(1);
        var lines = File.ReadAllLines(app.AnchorPath).Length;
        try
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM audit_entries WHERE "Sequence" = {0}""", removed[0].Sequence));

            var refused = await AnchorAsync();

            Assert.Equal(AnchorOutcome.Refused, refused.Outcome);
            Assert.Null(refused.Anchor);
            Assert.Equal(lines, File.ReadAllLines(app.AnchorPath).Length);
        }
        finally
        {
            await app.WithDbAsync(async db =>
            {
                db.AuditEntries.AddRange(removed);
                await db.SaveChangesAsync();
            });
        }
    }

    [Fact]
    public async Task Rewriting_the_last_entry_with_a_fresh_hash_passes_the_chain_but_not_the_anchor()
    {
        await SomeActivityAsync();
        Assert.Equal(AnchorOutcome.Written, (await AnchorAsync()).Outcome);
        var target = (await LastEntriesAsync(1))[0];
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
            Assert.Equal(target.Sequence, result.FirstBrokenSequence);
            Assert.Contains($"the trail up to entry {target.Sequence} was rewritten", result.Problem, StringComparison.Ordinal);
            Assert.Contains(result.Anchors!.Problems, p => p.Kind == AuditAnchors.Rewritten && p.Sequence == target.Sequence);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
                """UPDATE audit_entries SET "ActorName" = {0}, "Hash" = {1} WHERE "Sequence" = {2}""", target.ActorName, target.Hash, target.Sequence));
        }

        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public Task An_anchor_edited_to_claim_a_shorter_trail_has_a_bad_signature() => KeepingTheAnchorFileAsync(async () =>
    {
        await SomeActivityAsync();
        var anchor = (await AnchorAsync()).Anchor!;
        var lines = await File.ReadAllLinesAsync(app.AnchorPath);
        var edited = lines[^1].Replace($"\"sequence\":{anchor.Sequence},", $"\"sequence\":{anchor.Sequence - 2},", StringComparison.Ordinal);
        Assert.NotEqual(lines[^1], edited);
        await File.WriteAllLinesAsync(app.AnchorPath, [.. lines[..^1], edited]);

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Null(result.FirstBrokenSequence); // the entries are all there; the anchor is what was tampered with
        var problem = Assert.Single(result.Anchors!.Problems);
        Assert.Equal(AuditAnchors.BadSignature, problem.Kind);
        Assert.Equal(lines.Length, problem.Line);
        Assert.Contains($"line {lines.Length} of the anchor file has a bad signature", result.Problem, StringComparison.Ordinal);
    });

    [Fact]
    public Task An_anchor_with_its_hash_changed_has_a_bad_signature() => KeepingTheAnchorFileAsync(async () =>
    {
        await SomeActivityAsync();
        var anchor = (await AnchorAsync()).Anchor!;
        var lines = await File.ReadAllLinesAsync(app.AnchorPath);
        var otherHash = (await LastEntriesAsync(2))[0].Hash;
        await File.WriteAllLinesAsync(app.AnchorPath, [.. lines[..^1], lines[^1].Replace(anchor.Hash, otherHash, StringComparison.Ordinal)]);

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(AuditAnchors.BadSignature, Assert.Single(result.Anchors!.Problems).Kind);
    });

    [Fact]
    public Task Anchors_signed_with_another_key_are_reported_and_not_trusted() => KeepingTheAnchorFileAsync(async () =>
    {
        await SomeActivityAsync();
        var head = (await VerifyAsync()).Head!;
        var otherKey = AuditAnchorKey.FromBase64(AuditAnchorKey.Generate(), "a test key", besideTheData: false, out _)!;
        // Someone who deleted entries and signed a shorter anchor with a key of their own gains nothing.
        var forged = AuditAnchor.Sign(head with { Sequence = head.Sequence + 5 }, app.Clock.GetUtcNow(), otherKey);
        await AuditAnchorFile.AppendAsync(app.AnchorPath, forged, CancellationToken.None);

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        var problem = Assert.Single(result.Anchors!.Problems);
        Assert.Equal(AuditAnchors.OtherKey, problem.Kind);
        Assert.Contains($"signed with another key ({otherKey.Id}", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Anchors.Problems, p => p.Kind == AuditAnchors.Truncated); // an untrusted anchor proves nothing
    });

    [Fact]
    public Task A_line_that_is_not_an_anchor_is_reported() => KeepingTheAnchorFileAsync(async () =>
    {
        await SomeActivityAsync(1);
        await AnchorAsync();
        await File.AppendAllTextAsync(app.AnchorPath, "{\"v\":1,\"sequence\":\n");

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(AuditAnchors.Unreadable, Assert.Single(result.Anchors!.Problems).Kind);
    });

    [Fact]
    public async Task The_trail_growing_after_an_anchor_stays_intact_and_duplicate_anchors_are_accepted()
    {
        await SomeActivityAsync();
        var first = (await AnchorAsync()).Anchor!;
        await AuditAnchorFile.AppendAsync(app.AnchorPath, first, CancellationToken.None); // another node wrote the very same anchor
        await AnchorAsync(); // and another anchored the same head a moment later
        await SomeActivityAsync(3);

        var result = await VerifyAsync();

        Assert.True(result.Intact, result.Problem);
        Assert.Empty(result.Anchors!.Problems);
        Assert.True(result.Anchors.Verified >= 3);
        Assert.True(result.EntriesChecked > first.Sequence);
        Assert.Equal(result.EntriesChecked, result.Head!.Sequence);
    }

    [Fact]
    public async Task Verify_says_when_there_are_no_anchors_and_writes_nothing()
    {
        var before = File.Exists(app.AnchorPath) ? await File.ReadAllTextAsync(app.AnchorPath) : null;
        File.Delete(app.AnchorPath);
        try
        {
            await SomeActivityAsync(1);

            var result = await VerifyAsync();

            Assert.True(result.Intact, result.Problem);
            Assert.Contains(result.Anchors!.Warnings, w => w.Contains("no anchors", StringComparison.Ordinal));
            Assert.False(File.Exists(app.AnchorPath));
        }
        finally
        {
            if (before is not null)
            {
                await File.WriteAllTextAsync(app.AnchorPath, before);
            }
        }
    }
}

public sealed class AuditAnchorTestsOnSqlite(SqliteRapportFactory app) : AuditAnchorTests<SqliteRapportFactory>(app);

public sealed class AuditAnchorTestsOnPostgres(PostgresRapportFactory app) : AuditAnchorTests<PostgresRapportFactory>(app);

/// <summary>The server anchors on its own, every <c>Rapport:Audit:AnchorMinutes</c>, and only when the trail has grown.</summary>
public abstract class AuditAnchorScheduleTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    public const int Minutes = 60;

    private async Task<List<AuditAnchor>> AnchorsAsync() =>
        (await AuditAnchorFile.ReadAsync(app.AnchorPath, CancellationToken.None)).Select(l => l.Anchor!).ToList();

    /// <summary>Moves the clock an interval at a time until the anchor file holds an anchor of <paramref name="head"/>.</summary>
    private async Task<List<AuditAnchor>> AdvanceUntilAnchoredAsync(AuditHead head)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(30); // protection against a job that never runs, not a speed check
        while (DateTime.UtcNow < giveUp)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(Minutes));
            await Task.Delay(200);
            var anchors = await AnchorsAsync();
            if (anchors.Any(a => a.Sequence == head.Sequence && a.Hash == head.Hash))
            {
                return anchors;
            }
        }

        throw new TimeoutException($"No anchor of entry {head.Sequence} was written.");
    }

    private Task<AuditHead> HeadAsync() => app.WithDbAsync(async db => (await AuditChain.VerifyAsync(db, CancellationToken.None)).Head!);

    [Fact]
    public async Task The_server_anchors_the_head_on_its_schedule_and_skips_a_head_already_anchored()
    {
        var agent = app.ClientAs(Roles.Agent);
        await Build.ACustomer().CreateAsync(agent);
        var head = await HeadAsync();

        var anchors = await AdvanceUntilAnchoredAsync(head);

        var anchor = Assert.Single(anchors, a => a.Sequence == head.Sequence);
        Assert.True(anchor.At >= RapportFactory.Start && anchor.At <= app.Clock.GetUtcNow(), $"anchored at {anchor.At}");
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(Minutes));
            await Task.Delay(200);
        }

        Assert.Equal(anchors.Count, (await AnchorsAsync()).Count); // nothing new to vouch for

        await Build.ACustomer().CreateAsync(agent);
        var grown = await AdvanceUntilAnchoredAsync(await HeadAsync());

        Assert.True(grown[^1].Sequence > head.Sequence);
        var verification = await (await app.ClientAs(Roles.Auditor).GetAsync("/api/v1/audit/verify")).Content.ReadFromJsonAsync<AuditVerification>(Requests.Json);
        Assert.True(verification!.Intact, verification.Problem);
        Assert.Equal(grown.Count, verification.Anchors!.Verified);
    }
}

public sealed class AnchoringOnSqlite : SqliteRapportFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rapport:Audit:AnchorMinutes", AuditAnchorScheduleTests<AnchoringOnSqlite>.Minutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class AnchoringOnPostgres : PostgresRapportFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rapport:Audit:AnchorMinutes", AuditAnchorScheduleTests<AnchoringOnPostgres>.Minutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class AuditAnchorScheduleTestsOnSqlite(AnchoringOnSqlite app) : AuditAnchorScheduleTests<AnchoringOnSqlite>(app);

public sealed class AuditAnchorScheduleTestsOnPostgres(AnchoringOnPostgres app) : AuditAnchorScheduleTests<AnchoringOnPostgres>(app);
