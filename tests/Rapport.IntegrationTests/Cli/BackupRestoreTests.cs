using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rapport.Features.Audit;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Demo;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Blobs;

namespace Rapport.IntegrationTests.Cli;

/// <summary>
/// `rapport backup` of a running host's data and `rapport restore` of it into an empty place give back every row of every
/// table and every file, byte for byte, with an audit trail that verifies — also when the backup is taken during writes.
/// </summary>
public abstract class BackupRestoreTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IAsyncLifetime where TFactory : RapportFactory
{
    private readonly List<RapportProcess> processes = [];

    protected abstract RapportProcess RestoreTarget();

    /// <summary>The connection string of the database <paramref name="target"/> restores into.</summary>
    protected abstract string DatabaseOf(RapportProcess target);

    protected virtual Task DropAsync(RapportProcess target) => Task.CompletedTask;

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var process in processes)
        {
            await DropAsync(process);
            process.Dispose();
        }
    }

    private string Provider => app.Provider.ToString();

    /// <summary>The CLI pointed at the host's own database, blobs, keys and anchors, as an administrator on its machine would run it.</summary>
    private RapportProcess OnTheHost()
    {
        var process = new RapportProcess { Provider = Provider, ConnectionString = app.ConnectionString };
        process.Environment["Rapport__BlobsDirectory"] = app.BlobsDirectory;
        process.Environment["Rapport__KeysDirectory"] = app.KeysDirectory;
        process.Environment["Rapport__Audit__AnchorPath"] = app.AnchorPath;
        process.Environment["Rapport__Audit__AnchorKey"] = app.AnchorKey;
        processes.Add(process);
        return process;
    }

    private RapportProcess Fresh()
    {
        var process = RestoreTarget();
        process.Environment["Rapport__Audit__AnchorKey"] = app.AnchorKey; // a configured key is kept outside backups
        processes.Add(process);
        return process;
    }

    private static void Succeeded((int ExitCode, string Out, string Error) run) =>
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Out}{run.Error}");

    [Fact]
    public async Task A_restored_backup_has_every_row_and_file_of_the_original_and_its_audit_trail_verifies()
    {
        var (pdf, raw) = await SeedEverythingAsync();
        await app.Services.GetRequiredService<AuditAnchoring>().AnchorNowAsync(evenIfUnchanged: true, default);
        var before = await SettledContentsAsync();
        var host = OnTheHost();
        var archive = host.PathOf("rapport-backup.zip");

        var backup = await host.RunAsync("backup", archive);
        var target = Fresh();
        var restore = await target.RunAsync("restore", archive);

        Succeeded(backup);
        Succeeded(restore);
        Assert.Contains("no migration was needed", restore.Out, StringComparison.Ordinal);
        var restored = await TableContents.ReadAsync(app.Provider, DatabaseOf(target));
        Assert.Equal(before.Keys, restored.Keys);
        foreach (var (table, rows) in before)
        {
            Assert.True(rows.SequenceEqual(restored[table]), $"{table}: {rows.Count} rows before, {restored[table].Count} restored, or a row differs");
        }

        foreach (var table in new[] { "customers", "conversations", "messages", "attachments", "audit_entries", "AspNetUsers", "api_tokens", "cases" })
        {
            Assert.NotEmpty(before[table]);
        }

        Assert.Equal(TableContents.Files(app.BlobsDirectory), TableContents.Files(target.PathOf("blobs")));
        Assert.NotEmpty(TableContents.Files(app.BlobsDirectory));
        Assert.Equal(TableContents.Files(app.KeysDirectory), TableContents.Files(target.PathOf("keys")));
        Assert.NotEmpty(TableContents.Files(app.KeysDirectory));
        Assert.Equal(await File.ReadAllBytesAsync(app.AnchorPath), await File.ReadAllBytesAsync(target.PathOf(Path.Combine("data", "audit-anchors.jsonl"))));

        var verify = await target.RunAsync("audit", "verify");
        Succeeded(verify);
        Assert.Contains("Audit trail intact", verify.Out, StringComparison.Ordinal);
        Assert.Contains("Anchors: 1 verified", verify.Out, StringComparison.Ordinal);

        // The restored node serves what was stored: the attachment and raw email come back byte for byte.
        await using var served = await target.ServeAsync();
        var token = (await target.RunAsync("token", "create", "--email", "admin@rapport.demo", "--name", "restore check")).Out.Trim();
        using var client = new HttpClient { BaseAddress = new Uri(served.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(pdf.Content, await client.GetByteArrayAsync($"/api/v1/messages/{pdf.MessageId}/attachments/{pdf.AttachmentId}"));
        Assert.Equal(raw, await client.GetByteArrayAsync($"/api/v1/messages/{pdf.MessageId}/raw"));
    }

    [Fact]
    public async Task A_backup_taken_during_writes_restores_to_a_consistent_database_whose_audit_trail_verifies()
    {
        var admin = app.ClientAs(Roles.Administrator);
        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Build.ACustomer().WithEmail(CustomerBuilder.UniqueEmail()).CreateAsync(admin);
                await Inbound.AnEmail().Subject($"During the backup {Unique.Letters()}").ReceiveAsync(admin);
                Interlocked.Increment(ref written);
            }
        });
        while (Volatile.Read(ref written) < 3)
        {
            await Task.Delay(50);
        }

        var host = OnTheHost();
        var archive = host.PathOf("during-writes.zip");
        var writtenBefore = Volatile.Read(ref written);
        var backup = await host.RunAsync("backup", archive);
        var writtenDuring = Volatile.Read(ref written) - writtenBefore;
        await stop.CancelAsync();
        await writer;

        Succeeded(backup);
        Assert.True(writtenDuring > 0, "nothing was written while the backup ran");
        var target = Fresh();
        var restore = await target.RunAsync("restore", archive);
        Succeeded(restore); // restore checks every table's count against the manifest taken in the same snapshot
        var verify = await target.RunAsync("audit", "verify");
        Succeeded(verify);
        Assert.Contains("Audit trail intact", verify.Out, StringComparison.Ordinal);
        var restored = await TableContents.ReadAsync(app.Provider, DatabaseOf(target));
        var original = await TableContents.ReadAsync(app.Provider, app.ConnectionString);
        Assert.InRange(restored["customers"].Count, 1, original["customers"].Count);
        // Consistent: every message's conversation and customer came with it.
        var conversations = restored["conversations"].Select(IdOf).ToHashSet();
        Assert.All(restored["messages"], m => Assert.Contains(ColumnOf(m, "ConversationId"), conversations));
    }

    [Fact]
    public async Task Restore_refuses_a_place_that_holds_data_unless_forced_and_a_backup_from_a_newer_schema()
    {
        var host = OnTheHost();
        var archive = host.PathOf("refusals.zip");
        Succeeded(await host.RunAsync("backup", archive));
        var target = Fresh();
        Succeeded(await target.RunAsync("restore", archive));

        var again = await target.RunAsync("restore", archive);
        var forced = await target.RunAsync("restore", archive, "--force");
        var overwrite = await host.RunAsync("backup", archive);
        var newer = host.PathOf("newer.zip");
        await RewriteManifestAsync(archive, newer, m => m["migration"] = "29991231000000_FromTheFuture");
        var fromTheFuture = await Fresh().RunAsync("restore", newer);

        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("there is data already at", again.Error, StringComparison.Ordinal);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        Succeeded(forced);
        Assert.NotEqual(0, overwrite.ExitCode);
        Assert.Contains("already exists", overwrite.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, fromTheFuture.ExitCode);
        Assert.Contains("the backup's schema (29991231000000_FromTheFuture) is newer than this version of Rapport knows", fromTheFuture.Error, StringComparison.Ordinal);
    }

    private static async Task RewriteManifestAsync(string from, string to, Action<System.Text.Json.Nodes.JsonNode> change)
    {
        File.Copy(from, to);
        await using var zip = new System.IO.Compression.ZipArchive(File.Open(to, FileMode.Open), System.IO.Compression.ZipArchiveMode.Update);
        var entry = zip.GetEntry("manifest.json")!;
        System.Text.Json.Nodes.JsonNode manifest;
        await using (var stream = await entry.OpenAsync())
        {
            manifest = (await System.Text.Json.Nodes.JsonNode.ParseAsync(stream))!;
        }

        change(manifest);
        entry.Delete();
        await using var writer = new StreamWriter(await zip.CreateEntry("manifest.json").OpenAsync());
        await writer.WriteAsync(manifest.ToJsonString());
    }

    private static string IdOf(string row) => ColumnOf(row, "Id");

    private static string ColumnOf(string row, string column) =>
        row.Split(" | ").Single(c => c.StartsWith(column + "=", StringComparison.Ordinal))[(column.Length + 1)..];

    /// <summary>The host's tables once background work (sealing, ingestion) has stopped changing them.</summary>
    private async Task<SortedDictionary<string, List<string>>> SettledContentsAsync()
    {
        var previous = await TableContents.ReadAsync(app.Provider, app.ConnectionString);
        for (var i = 0; i < 40; i++)
        {
            await Task.Delay(250);
            var now = await TableContents.ReadAsync(app.Provider, app.ConnectionString);
            if (now.Count == previous.Count && now.All(t => previous.TryGetValue(t.Key, out var rows) && rows.SequenceEqual(t.Value)))
            {
                return now;
            }

            previous = now;
        }

        throw new InvalidOperationException("The host's database kept changing for 10 s.");
    }

    /// <summary>The demo organisation, an email with an attachment and its raw source, a blob kept as a file, and a data-protection key.</summary>
    private async Task<((byte[] Content, Guid MessageId, Guid AttachmentId), byte[] Raw)> SeedEverythingAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("tests");
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync("rapport-demo", 20, default);
        var pdf = RandomNumberGenerator.GetBytes(200_000);
        var raw = Encoding.ASCII.GetBytes($"From: ann@example.com\r\nSubject: Invoice\r\nMessage-ID: <{Unique.Letters()}@example.com>\r\n\r\nSee attached\r\n");
        var rawRef = await scope.ServiceProvider.GetRequiredService<BlobStore>().SaveAsync(raw, ".eml", default);
        var (attachments, _) = await scope.ServiceProvider.GetRequiredService<AttachmentStore>()
            .StoreAsync([new AttachmentCandidate("invoice.pdf", "application/pdf", pdf, null, false)], default);
        var attachment = Assert.Single(attachments);
        var stored = (await scope.ServiceProvider.GetRequiredService<IngestionPipeline>().IngestAsync(new InboundMessage(Channel.Email,
            $"<{Unique.Letters()}@example.com>", new InboundSender(Email: CustomerBuilder.UniqueEmail()), "See attached", RawRef: rawRef,
            Attachments: attachments), TimeSpan.FromSeconds(30), default)).Result ?? throw new InvalidOperationException("Not processed in 30 s.");

        // A blob kept as a file (on PostgreSQL, from before blobs moved into the database) goes with the backup too.
        var old = RandomNumberGenerator.GetBytes(1000);
        var hash = Convert.ToHexStringLower(SHA256.HashData(old));
        Directory.CreateDirectory(Path.Combine(app.BlobsDirectory, hash[..2]));
        await File.WriteAllBytesAsync(Path.Combine(app.BlobsDirectory, hash[..2], $"{hash}.bin"), old);
        scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("backup tests").Protect("a secret");
        return ((pdf, stored.MessageId, attachment.Id), raw);
    }
}

public sealed class BackupRestoreTestsOnSqlite(SqliteRapportFactory app) : BackupRestoreTests<SqliteRapportFactory>(app)
{
    protected override RapportProcess RestoreTarget() => new();

    protected override string DatabaseOf(RapportProcess target) => target.ConnectionString;
}

public sealed class BackupRestoreTestsOnPostgres(PostgresRapportFactory app) : BackupRestoreTests<PostgresRapportFactory>(app)
{
    private static string Admin => Environment.GetEnvironmentVariable(PostgresRapportFactory.Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{PostgresRapportFactory.Variable} is not set. Run scripts/test, which starts a PostgreSQL.");

    protected override RapportProcess RestoreTarget() => new()
    {
        Provider = "PostgreSql",
        ConnectionString = new NpgsqlConnectionStringBuilder(Admin) { Database = $"rapport_restore_{Unique.Letters()}" }.ConnectionString,
    };

    protected override string DatabaseOf(RapportProcess target) => target.ConnectionString;

    protected override async Task DropAsync(RapportProcess target)
    {
        if (target.Provider != "PostgreSql" || target.ConnectionString == "" || !target.ConnectionString.Contains("rapport_restore_", StringComparison.Ordinal))
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Admin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(target.ConnectionString).Database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
