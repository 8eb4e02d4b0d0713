using Microsoft.Extensions.Configuration;
using Rapport.Features.Audit;

namespace Rapport.UnitTests.Audit;

public sealed class AuditAnchorTests : IDisposable
{
    // 32 bytes 0x01..0x20: a fixed key, so the expected id and signature below can be computed independently.
    private const string FixedKey = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    private const string SomeHash = "750b93dcf4dbcdb2dfd0c404b63786eb23d906040c41831a09f6a84109ea0eee";
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string directory = Directory.CreateTempSubdirectory("rapport-anchor-unit-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static AuditAnchorKey Key(string base64 = FixedKey) => AuditAnchorKey.FromBase64(base64, "a test key", besideTheData: false, out _)!;

    private static AuditAnchor Anchor(AuditAnchorKey? key = null) => AuditAnchor.Sign(new AuditHead(42, SomeHash), At, key ?? Key());

    [Fact]
    public void The_signature_format_does_not_change_under_existing_anchor_files()
    {
        // HMAC-SHA256(key, "rapport-audit-anchor\n1\n42\n<hash>\n<UTC ticks>\n<key id>"); the key id is the first 16 hex
        // digits of HMAC-SHA256(key, "rapport-audit-anchor-key-id"). Changing either would make every stored anchor fail.
        var anchor = Anchor();

        Assert.Equal("f1df3da667304410", anchor.Key);
        Assert.Equal("4471d4dabd1064ce4955843c357f5b309359cc154db893214c9f80848288571b", anchor.Signature);
        Assert.Equal(
            """{"v":1,"sequence":42,"hash":"750b93dcf4dbcdb2dfd0c404b63786eb23d906040c41831a09f6a84109ea0eee","at":"2026-03-02T09:00:00+00:00","key":"f1df3da667304410","signature":"4471d4dabd1064ce4955843c357f5b309359cc154db893214c9f80848288571b"}""",
            anchor.ToJsonLine());
    }

    [Fact]
    public void A_line_reads_back_as_the_same_verifiable_anchor_whatever_the_time_zone_it_was_made_in()
    {
        var key = Key();
        var anchor = AuditAnchor.Sign(new AuditHead(7, SomeHash), new DateTimeOffset(2026, 3, 2, 10, 0, 0, 123, TimeSpan.FromHours(1)).AddTicks(4567), key);

        Assert.True(AuditAnchor.TryParse(anchor.ToJsonLine(), out var read, out var error), error);

        Assert.Equal(anchor, read);
        Assert.True(read.IsSignedBy(key));
        Assert.Equal(TimeSpan.Zero, read.At.Offset);
    }

    [Fact]
    public void Changing_any_field_breaks_the_signature()
    {
        var key = Key();
        var anchor = Anchor(key);

        Assert.True(anchor.IsSignedBy(key));
        Assert.False((anchor with { Sequence = 41 }).IsSignedBy(key));
        Assert.False((anchor with { Hash = new string('0', 64) }).IsSignedBy(key));
        Assert.False((anchor with { At = At.AddTicks(1) }).IsSignedBy(key));
        Assert.False((anchor with { Key = "0000000000000000" }).IsSignedBy(key));
        Assert.False((anchor with { Signature = new string('0', 64) }).IsSignedBy(key));
    }

    [Fact]
    public void Another_key_neither_verifies_nor_shares_the_key_id()
    {
        var other = Key(AuditAnchorKey.Generate());
        var anchor = Anchor();

        Assert.False(anchor.IsSignedBy(other));
        Assert.NotEqual(Key().Id, other.Id);
        Assert.False(AuditAnchor.Sign(new AuditHead(42, SomeHash), At, other).IsSignedBy(Key()));
    }

    [Theory]
    [InlineData("", "not a JSON anchor")]
    [InlineData("not json", "not a JSON anchor")]
    [InlineData("""{"v":2,"sequence":42,"hash":"750b93dcf4dbcdb2dfd0c404b63786eb23d906040c41831a09f6a84109ea0eee","at":"2026-03-02T09:00:00+00:00","key":"f1df3da667304410","signature":"4471d4dabd1064ce4955843c357f5b309359cc154db893214c9f80848288571b"}""", "format version")]
    [InlineData("""{"v":1,"sequence":0,"hash":"750b93dcf4dbcdb2dfd0c404b63786eb23d906040c41831a09f6a84109ea0eee","at":"2026-03-02T09:00:00+00:00","key":"f1df3da667304410","signature":"4471d4dabd1064ce4955843c357f5b309359cc154db893214c9f80848288571b"}""", "sequence")]
    [InlineData("""{"v":1,"sequence":42,"hash":"750B93DCF4DBCDB2DFD0C404B63786EB23D906040C41831A09F6A84109EA0EEE","at":"2026-03-02T09:00:00+00:00","key":"f1df3da667304410","signature":"4471d4dabd1064ce4955843c357f5b309359cc154db893214c9f80848288571b"}""", "hash")]
    [InlineData("""{"v":1,"sequence":42,"hash":"750b93dcf4dbcdb2dfd0c404b63786eb23d906040c41831a09f6a84109ea0eee","key":"f1df3da667304410","signature":"4471d4dabd1064ce4955843c357f5b309359cc154db893214c9f80848288571b"}""", "no time")]
    [InlineData("""{"v":1,"sequence":42,"hash":"750b93dcf4dbcdb2dfd0c404b63786eb23d906040c41831a09f6a84109ea0eee","at":"2026-03-02T09:00:00+00:00","key":"f1df","signature":"4471d4dabd1064ce4955843c357f5b309359cc154db893214c9f80848288571b"}""", "key id")]
    [InlineData("""{"v":1,"sequence":42,"hash":"750b93dcf4dbcdb2dfd0c404b63786eb23d906040c41831a09f6a84109ea0eee","at":"2026-03-02T09:00:00+00:00","key":"f1df3da667304410"}""", "signature")]
    [InlineData("""{"v":1,"sequence":42,"hash":"750b93dcf4dbcdb2dfd0c404b63786eb23d906040c41831a09f6a84109ea0eee","at":"2026-03-02T09:00:00+00:00","key":"f1df3da667304410","signature":"4471d4dabd1064ce4955843c357f5b309359cc154db893214c9f80848288571b","note":"unsigned"}""", "not a JSON anchor")]
    public void A_line_that_is_not_an_anchor_says_why(string line, string reason)
    {
        Assert.False(AuditAnchor.TryParse(line, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_must_be_base64_of_at_least_32_bytes_and_never_shows_itself()
    {
        Assert.Null(AuditAnchorKey.FromBase64("correct horse battery staple", "the setting", false, out var notBase64));
        Assert.Contains("not base64", notBase64, StringComparison.Ordinal);
        Assert.Null(AuditAnchorKey.FromBase64(Convert.ToBase64String(new byte[16]), "the setting", false, out var tooShort));
        Assert.Contains("at least 32", tooShort, StringComparison.Ordinal);

        var generated = AuditAnchorKey.Generate();
        var key = Key(generated);
        Assert.Equal(32, Convert.FromBase64String(generated).Length);
        Assert.DoesNotContain(generated, key.ToString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{16}$", key.Id);
    }

    private AuditAnchorSettings Settings(params (string Key, string Value)[] values) =>
        AuditAnchorSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void By_default_anchors_and_their_key_live_in_the_data_folder_and_are_written_daily()
    {
        var settings = Settings();

        Assert.Equal(Path.GetFullPath(Path.Combine("data", "audit-anchors.jsonl")), settings.Path);
        Assert.Equal(Path.GetFullPath(Path.Combine("data", "audit-anchor.key")), settings.KeyFile);
        Assert.False(settings.KeyFileChosen);
        Assert.Equal(TimeSpan.FromDays(1), settings.Interval);
        Assert.Null(Settings(("Rapport:Audit:AnchorMinutes", "0")).Interval);
    }

    [Fact]
    public void The_default_key_file_is_generated_only_for_signing_and_only_its_owner_can_read_it()
    {
        var keyFile = Path.Combine(directory, "data", "audit-anchor.key");
        var settings = new AuditAnchorSettings { Path = Path.Combine(directory, "anchors.jsonl"), KeyFile = keyFile };

        Assert.Null(settings.FindKey(out var problem));
        Assert.Contains("no anchor key is configured", problem, StringComparison.Ordinal);
        Assert.False(File.Exists(keyFile));

        var key = settings.KeyForSigning();

        Assert.True(key.BesideTheData);
        Assert.Equal(key.Id, settings.KeyForSigning().Id); // generated once, then read
        Assert.Equal(key.Id, settings.FindKey(out _)!.Id);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Fact]
    public void A_chosen_key_file_that_is_missing_is_an_error_not_a_new_key()
    {
        var keyFile = Path.Combine(directory, "elsewhere.key");
        var settings = Settings(("Rapport:Audit:AnchorKeyFile", keyFile));

        var error = Assert.Throws<InvalidOperationException>(() => settings.KeyForSigning());

        Assert.Contains(keyFile, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(keyFile));
    }

    [Fact]
    public void A_configured_key_wins_and_is_not_beside_the_data()
    {
        var settings = Settings(("Rapport:Audit:AnchorKey", FixedKey), ("Rapport:Audit:AnchorKeyFile", Path.Combine(directory, "unused.key")));

        var key = settings.KeyForSigning();

        Assert.Equal("f1df3da667304410", key.Id);
        Assert.False(key.BesideTheData);
        Assert.DoesNotContain(FixedKey, key.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Appending_starts_a_new_line_after_a_line_cut_short_and_lines_are_numbered()
    {
        var path = Path.Combine(directory, "sub", "anchors.jsonl");
        await AuditAnchorFile.AppendAsync(path, Anchor(), CancellationToken.None);
        await File.AppendAllTextAsync(path, "{\"v\":1,\"seq"); // a crash mid-write
        var later = AuditAnchor.Sign(new AuditHead(50, new string('a', 64)), At.AddDays(1), Key());
        await AuditAnchorFile.AppendAsync(path, later, CancellationToken.None);

        var lines = await AuditAnchorFile.ReadAsync(path, CancellationToken.None);

        Assert.Equal(new[] { 1, 2, 3 }, lines.Select(l => l.Number));
        Assert.Equal(Anchor(), lines[0].Anchor);
        Assert.NotNull(lines[1].Error);
        Assert.Equal(later, lines[2].Anchor);
        Assert.Equal(later, await AuditAnchorFile.LatestAsync(path, CancellationToken.None));
        Assert.Empty(await AuditAnchorFile.ReadAsync(Path.Combine(directory, "missing.jsonl"), CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_appends_each_land_whole_on_a_line_of_their_own()
    {
        var path = Path.Combine(directory, "anchors.jsonl");
        var anchors = Enumerable.Range(1, 40).Select(i => AuditAnchor.Sign(new AuditHead(i, SomeHash), At.AddMinutes(i), Key())).ToList();

        await Task.WhenAll(anchors.Select(a => Task.Run(() => AuditAnchorFile.AppendAsync(path, a, CancellationToken.None))));

        var lines = await AuditAnchorFile.ReadAsync(path, CancellationToken.None);
        Assert.All(lines, l => Assert.Null(l.Error));
        Assert.Equal(anchors.ToHashSet(), lines.Select(l => l.Anchor!).ToHashSet());
    }

    [Fact]
    public void A_broken_chain_keeps_its_own_problem_first_and_anchor_problems_fail_an_intact_chain()
    {
        var truncated = new AuditAnchorProblem(AuditAnchors.Truncated, 3, 41, "entries 41–50 were deleted");
        var anchors = new AuditAnchorCheck(1, 1, 50, At, "f1df3da667304410", [truncated], []);
        var intactChain = new AuditVerification(true, 40, null, null) { Head = new AuditHead(40, SomeHash) };
        var brokenChain = new AuditVerification(false, 9, 10, "its content does not match its hash (the row was altered)");

        var truncatedResult = intactChain.With(anchors);
        var brokenResult = brokenChain.With(anchors);
        var fine = intactChain.With(anchors with { Problems = [] });

        Assert.False(truncatedResult.Intact);
        Assert.Equal(41, truncatedResult.FirstBrokenSequence);
        Assert.Equal(truncated.Message, truncatedResult.Problem);
        Assert.Null(truncatedResult.Head);
        Assert.Equal(10, brokenResult.FirstBrokenSequence);
        Assert.Contains("altered", brokenResult.Problem, StringComparison.Ordinal);
        Assert.Same(anchors, brokenResult.Anchors);
        Assert.True(fine.Intact);
        Assert.Equal(new AuditHead(40, SomeHash), fine.Head);
    }
}
