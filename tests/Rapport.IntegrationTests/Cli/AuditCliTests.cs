using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Rapport.Features.Audit;

namespace Rapport.IntegrationTests.Cli;

/// <summary>
/// <c>rapport audit verify</c>, <c>audit anchor</c> and <c>export</c> as an administrator runs them: read-only commands
/// never make a database, and anchors written outside the database reveal deleted or rewritten entries.
/// </summary>
public abstract class AuditCliTests : IAsyncLifetime
{
    protected RapportProcess Rapport { get; private set; } = default!;

    /// <summary>A process pointed at a database that does not exist yet (the first writing command makes it).</summary>
    protected abstract RapportProcess Create();

    /// <summary>How the missing database is named in messages (the SQLite file, the PostgreSQL database).</summary>
    protected abstract string DatabaseName { get; }

    protected abstract Task<bool> DatabaseExistsAsync();

    /// <summary>
    /// Makes the database as a copy of the one migrated once per test process, for a test about the trail rather than
    /// about making the database (the first import would otherwise run every migration in a cold process). Making it is
    /// tested by <see cref="Read_only_commands_on_a_missing_database_fail_clearly_and_create_nothing"/>, CliTests and,
    /// on PostgreSQL, <c>Migrate_still_creates_a_missing_database</c>.
    /// </summary>
    protected abstract Task CreateMigratedDatabaseAsync();

    protected abstract DbConnection Connect();

    protected virtual Task DropAsync() => Task.CompletedTask;

    public Task InitializeAsync()
    {
        Rapport = Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Rapport.Dispose();
        await DropAsync();
    }

    protected async Task ExecuteAsync(string sql)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected static void Succeeded((int ExitCode, string Out, string Error) run) =>
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Out}{run.Error}");

    protected static void Failed((int ExitCode, string Out, string Error) run, string expected)
    {
        Assert.True(run.ExitCode != 0, $"expected a failure, got exit 0: {run.Out}");
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    protected async Task ImportAsync(params string[] names)
    {
        var file = Rapport.PathOf($"customers-{Unique.Letters()}.csv");
        await File.WriteAllTextAsync(file, "name,emails\n" + string.Concat(names.Select(n => $"{n},{n.Replace(' ', '.').ToLowerInvariant()}.{Unique.Letters()}@example.com\n")));
        Succeeded(await Rapport.RunAsync("import", "customers", file));
        File.Delete(file);
    }

    private string AnchorFile => Rapport.PathOf(Path.Combine("data", "audit-anchors.jsonl"));

    private string KeyFile => Rapport.PathOf(Path.Combine("data", "audit-anchor.key"));

    [Fact]
    public async Task Read_only_commands_on_a_missing_database_fail_clearly_and_create_nothing()
    {
        var verify = await Rapport.RunAsync("audit", "verify");
        var export = await Rapport.RunAsync("export", "customers");
        var exportToFile = await Rapport.RunAsync("export", "customers", "--output", Rapport.PathOf("customers.csv"));
        var anchor = await Rapport.RunAsync("audit", "anchor");

        foreach (var run in new[] { verify, export, exportToFile, anchor })
        {
            Failed(run, DatabaseName);
            Assert.Contains("(nothing was created)", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("intact", run.Out, StringComparison.Ordinal);
        }

        Assert.False(await DatabaseExistsAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Rapport.Directory)); // no database, folder, key, anchors or output file
    }

    [Fact]
    public async Task Deleting_the_last_entries_after_an_anchor_fails_verify_naming_the_missing_entries()
    {
        await CreateMigratedDatabaseAsync();
        await ImportAsync("Ada Lovelace", "Grace Hopper");
        var anchored = await Rapport.RunAsync("audit", "anchor");
        Succeeded(anchored);
        var intact = await Rapport.RunAsync("audit", "verify");
        Succeeded(intact);
        var head = long.Parse(intact.Out.Split("intact: ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"Anchored entry {head} ", anchored.Out, StringComparison.Ordinal);

        await ExecuteAsync($"""DELETE FROM audit_entries WHERE "Sequence" > {head - 2}""");
        var truncated = await Rapport.RunAsync("audit", "verify");

        Failed(truncated, $"Audit trail broken at entry {head - 1}: entries {head - 1}–{head} were deleted from the end of the trail");
        Assert.Contains($"it ends at entry {head - 2}", truncated.Error, StringComparison.Ordinal);
        Failed(await Rapport.RunAsync("audit", "anchor"), "no anchor was written");
        Assert.Single(File.ReadAllLines(AnchorFile));
    }

    [Fact]
    public async Task An_edited_anchor_fails_verify_with_a_bad_signature()
    {
        await CreateMigratedDatabaseAsync();
        await ImportAsync("Ada Lovelace", "Grace Hopper");
        Succeeded(await Rapport.RunAsync("audit", "anchor"));
        var line = Assert.Single(File.ReadAllLines(AnchorFile));
        Assert.True(AuditAnchor.TryParse(line, out var anchor, out _));

        // Hiding a deletion means claiming fewer entries: the signature no longer matches.
        await File.WriteAllTextAsync(AnchorFile, line.Replace($"\"sequence\":{anchor.Sequence},", $"\"sequence\":{anchor.Sequence - 1},", StringComparison.Ordinal) + "\n");
        var shorter = await Rapport.RunAsync("audit", "verify");
        await File.WriteAllTextAsync(AnchorFile, line.Replace(anchor.Hash, new string('0', 64), StringComparison.Ordinal) + "\n");
        var otherHash = await Rapport.RunAsync("audit", "verify");

        Failed(shorter, "Audit trail not verified: the anchor on line 1 of the anchor file has a bad signature: it was altered or forged");
        Failed(otherHash, "bad signature");
    }

    [Fact]
    public async Task Anchors_checked_with_another_key_are_reported()
    {
        await CreateMigratedDatabaseAsync();
        await ImportAsync("Ada Lovelace");
        Succeeded(await Rapport.RunAsync("audit", "anchor"));
        Rapport.Environment["Rapport__Audit__AnchorKey"] = AuditAnchorKey.Generate();

        var run = await Rapport.RunAsync("audit", "verify");

        Failed(run, "was signed with another key");
    }

    [Fact]
    public async Task The_trail_growing_after_an_anchor_stays_intact()
    {
        await CreateMigratedDatabaseAsync();
        await ImportAsync("Ada Lovelace");
        Succeeded(await Rapport.RunAsync("audit", "anchor"));
        await ImportAsync("Grace Hopper", "Katherine Johnson");

        var run = await Rapport.RunAsync("audit", "verify");

        Succeeded(run);
        Assert.Contains("Audit trail intact", run.Out, StringComparison.Ordinal);
        Assert.Contains("Anchors: 1 verified", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_configured_key_the_generated_key_file_is_private_and_verify_says_where_it_is()
    {
        await CreateMigratedDatabaseAsync();
        await ImportAsync("Ada Lovelace");
        var none = await Rapport.RunAsync("audit", "verify");
        Succeeded(none);
        Assert.Contains("There are no anchors", none.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyFile)); // verify only reads: no key, no anchor file
        Assert.False(File.Exists(AnchorFile));

        Succeeded(await Rapport.RunAsync("audit", "anchor"));
        var run = await Rapport.RunAsync("audit", "verify");

        Succeeded(run);
        Assert.Contains("No anchor key is configured", run.Out, StringComparison.Ordinal);
        Assert.Contains(KeyFile, run.Out, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        }

        var key = await File.ReadAllTextAsync(KeyFile);
        Assert.DoesNotContain(key.Trim(), run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_key_and_anchor_path_are_used_and_an_off_site_copy_can_be_checked()
    {
        await CreateMigratedDatabaseAsync();
        var elsewhere = Rapport.PathOf(Path.Combine("offsite", "anchors.jsonl"));
        Rapport.Environment["Rapport__Audit__AnchorKey"] = AuditAnchorKey.Generate();
        Rapport.Environment["Rapport__Audit__AnchorPath"] = elsewhere;
        await ImportAsync("Ada Lovelace", "Grace Hopper");
        Succeeded(await Rapport.RunAsync("audit", "anchor"));
        var copy = Rapport.PathOf("copy.jsonl");
        File.Copy(elsewhere, copy);

        var run = await Rapport.RunAsync("audit", "verify");
        Succeeded(run);
        Assert.DoesNotContain("No anchor key is configured", run.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyFile));
        Assert.False(File.Exists(AnchorFile));

        // Whoever deletes entries may delete the anchor file too; the copy kept elsewhere still shows it.
        await ExecuteAsync("""DELETE FROM audit_entries WHERE "Sequence" = (SELECT MAX("Sequence") FROM audit_entries)""");
        File.Delete(elsewhere);
        var withoutAnchors = await Rapport.RunAsync("audit", "verify");
        var withTheCopy = await Rapport.RunAsync("audit", "verify", "--anchors", copy);

        Succeeded(withoutAnchors);
        Assert.Contains("There are no anchors", withoutAnchors.Out, StringComparison.Ordinal);
        Failed(withTheCopy, "was deleted from the end of the trail");
    }
}

public sealed class AuditCliTestsOnSqlite : AuditCliTests
{
    protected override RapportProcess Create() => new();

    protected override string DatabaseName => "rapport.db";

    protected override Task<bool> DatabaseExistsAsync() => Task.FromResult(File.Exists(Rapport.DatabaseFile));

    protected override Task CreateMigratedDatabaseAsync() => MigratedTemplate.CopySqliteToAsync(Rapport.DatabaseFile);

    protected override DbConnection Connect() => new SqliteConnection(Rapport.ConnectionString + ";Pooling=False");

    [Fact]
    public async Task With_no_connection_string_a_read_only_command_names_the_default_file_and_creates_no_data_folder()
    {
        using var rapport = new RapportProcess { ConnectionString = "" };

        var run = await rapport.RunAsync("audit", "verify");

        Failed(run, $"there is no database at '{Path.Combine(rapport.Directory, "data", "rapport.db")}'");
        Assert.Empty(Directory.EnumerateFileSystemEntries(rapport.Directory));
    }

    [Fact]
    public async Task A_file_that_is_not_a_rapport_database_is_refused_and_left_alone()
    {
        await File.WriteAllBytesAsync(Rapport.DatabaseFile, []);

        var verify = await Rapport.RunAsync("audit", "verify");
        var export = await Rapport.RunAsync("export", "customers");

        Failed(verify, "is not a Rapport database");
        Failed(export, "is not a Rapport database");
        Assert.Equal(0, new FileInfo(Rapport.DatabaseFile).Length);
    }

    [Fact]
    public async Task Anchor_and_verify_take_another_anchor_file_on_the_command_line()
    {
        await CreateMigratedDatabaseAsync();
        await ImportAsync("Ada Lovelace");
        var other = Rapport.PathOf("other-anchors.jsonl");

        var anchor = await Rapport.RunAsync("audit", "anchor", "--anchors", other);
        var verify = await Rapport.RunAsync("audit", "verify", "--anchors", other);

        Succeeded(anchor);
        Assert.Contains(other, anchor.Out, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(other));
        Assert.False(File.Exists(Rapport.PathOf(Path.Combine("data", "audit-anchors.jsonl"))));
        Succeeded(verify);
        Assert.Contains("Anchors: 1 verified", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_only_commands_do_not_migrate_an_out_of_date_database()
    {
        Succeeded(await Rapport.RunAsync("migrate"));
        await ExecuteAsync("""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = (SELECT MAX("MigrationId") FROM "__EFMigrationsHistory")""");
        var before = await File.ReadAllBytesAsync(Rapport.DatabaseFile);

        var verify = await Rapport.RunAsync("audit", "verify");
        var export = await Rapport.RunAsync("export", "customers");

        Failed(verify, "is not up to date: it needs 1 migration(s)");
        Failed(export, "Run `rapport migrate` first");
        Assert.Equal(before, await File.ReadAllBytesAsync(Rapport.DatabaseFile));
    }
}

public sealed class AuditCliTestsOnPostgres : AuditCliTests
{
    private readonly string database = $"rapport_cli_{Unique.Letters()}";

    private static string Admin => Environment.GetEnvironmentVariable(PostgresRapportFactory.Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{PostgresRapportFactory.Variable} is not set. Run scripts/test, which starts a PostgreSQL.");

    private string ConnectionString => new NpgsqlConnectionStringBuilder(Admin) { Database = database }.ConnectionString;

    protected override RapportProcess Create() => new() { Provider = "PostgreSql", ConnectionString = ConnectionString };

    protected override string DatabaseName => $"the PostgreSQL database '{database}' on";

    protected override async Task<bool> DatabaseExistsAsync()
    {
        await using var admin = new NpgsqlConnection(Admin);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = @name", admin);
        command.Parameters.AddWithValue("name", database);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    protected override Task CreateMigratedDatabaseAsync() => MigratedTemplate.CreatePostgresAsync(database);

    protected override DbConnection Connect() => new NpgsqlConnection(ConnectionString);

    protected override async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Admin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Migrate_still_creates_a_missing_database()
    {
        Succeeded(await Rapport.RunAsync("migrate"));

        Assert.True(await DatabaseExistsAsync());
        Succeeded(await Rapport.RunAsync("audit", "verify"));
    }
}
