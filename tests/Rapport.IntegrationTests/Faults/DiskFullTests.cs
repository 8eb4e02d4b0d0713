using System.Data.Common;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Faults;

/// <summary>
/// The storage full, on SQLite: the database file may grow no more (a real <c>SQLITE_FULL</c>, from
/// <c>PRAGMA max_page_count</c> on every connection), or the disk of the blob files refuses a write as the kernel does
/// when full (ENOSPC). A request that cannot store answers 507 with <c>Retry-After</c> and a <c>storage-full</c>
/// problem, nothing of it is kept (no row, no blob file, not even a half-written one), <c>/health</c> says the storage
/// is full, a mailbox does not skip the email it could not store, and once space returns the same request succeeds on
/// the same host without a restart. (PostgreSQL's disk full cannot be produced in a test; its <c>53100</c> is
/// classified the same way, see the last test.)
/// </summary>
public sealed class DiskFullTests(FullDiskSqliteFactory app) : IClassFixture<FullDiskSqliteFactory>
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient anonymous = app.ClientAs(null);

    [Fact]
    public async Task A_message_that_cannot_be_stored_on_a_full_database_is_refused_with_507_and_accepted_once_space_returns()
    {
        await (await Inbound.AnEmail().PostAsync(admin)).ExpectAsync(HttpStatusCode.Created);
        var footprint = await app.FootprintAsync();
        var message = Inbound.AnEmail().Text(string.Concat(Enumerable.Repeat("A long complaint about a cancelled trip. ", 2400)));

        app.Disk.DatabaseFull = true;
        try
        {
            await ExpectFullAsync(await message.PostAsync(admin));
            Assert.Equal(0, await app.WithDbAsync(db => db.InboundJournal.CountAsync(j => j.ProviderMessageId == message.ProviderMessageId)));
            Assert.Equal(0, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ProviderMessageId == message.ProviderMessageId)));
            Assert.Equal(footprint, await app.FootprintAsync());
            await ExpectHealthSaysFullAsync();
        }
        finally
        {
            app.Disk.DatabaseFull = false;
        }

        await (await message.PostAsync(admin)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ProviderMessageId == message.ProviderMessageId)));
        app.Clock.Advance(DatabaseOutages.Window + TimeSpan.FromSeconds(1));
        await (await anonymous.GetAsync("/health")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_file_that_cannot_be_stored_on_a_full_disk_is_refused_with_507_leaves_no_file_and_is_accepted_once_space_returns()
    {
        var before = BlobFiles();
        var uploadsBefore = await app.WithDbAsync(db => db.ReplyUploads.CountAsync());
        app.Disk.BlobsFull = true;
        try
        {
            await ExpectFullAsync(await UploadAsync("invoice.pdf", "%PDF-1.4 the invoice"u8.ToArray()));
            Assert.Equal(before, BlobFiles());
            Assert.Equal(uploadsBefore, await app.WithDbAsync(db => db.ReplyUploads.CountAsync()));
            await ExpectHealthSaysFullAsync();
        }
        finally
        {
            app.Disk.BlobsFull = false;
        }

        await (await UploadAsync("invoice.pdf", "%PDF-1.4 the invoice"u8.ToArray())).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(uploadsBefore + 1, await app.WithDbAsync(db => db.ReplyUploads.CountAsync()));
        Assert.Single(BlobFiles().Except(before));
    }

    [Fact]
    public async Task A_mailbox_does_not_skip_the_email_it_could_not_store_and_fetches_it_once_space_returns()
    {
        var user = MailServers.UniqueUser();
        var mailbox = (await admin.CreateMailboxAsync(user)).Id();
        var id = $"<{Unique.Letters()}@customer.example>";
        await MailServers.AppendAsync(user, Mailboxes.Email(CustomerBuilder.UniqueEmail(), "help@rapport.test", "Full disk", id, "Sent while the disk was full"));

        app.Disk.BlobsFull = true;
        try
        {
            var refused = await (await admin.PostAsync($"/api/v1/mailboxes/{mailbox}/receive", null)).ReadJsonAsync();
            Assert.Equal(0, refused["fetched"]!.GetValue<int>());
            Assert.Contains("No space left", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(0, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ProviderMessageId == id)));
            Assert.Equal(0u, await app.WithDbAsync(db => db.Mailboxes.Where(m => m.Id == Guid.Parse(mailbox)).Select(m => m.LastUid).SingleAsync()));
            await ExpectHealthSaysFullAsync();
        }
        finally
        {
            app.Disk.BlobsFull = false;
        }

        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox));
        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ProviderMessageId == id)));
        Assert.Equal(1u, await app.WithDbAsync(db => db.Mailboxes.Where(m => m.Id == Guid.Parse(mailbox)).Select(m => m.LastUid).SingleAsync()));
    }

    [Fact]
    public void Disk_full_is_told_apart_on_every_store_and_a_full_postgres_counts_too()
    {
        Assert.True(StorageFull.Is(new DbUpdateException("wrapped", new SqliteException("database or disk is full", 13))));
        Assert.True(StorageFull.Is(new PostgresException("could not extend file", "ERROR", "ERROR", PostgresErrorCodes.DiskFull)));
        Assert.True(StorageFull.Is(new IOException("No space left on device", 28)));
        Assert.True(StorageFull.Is(new IOException("There is not enough space on the disk.", unchecked((int)0x80070070))));
        Assert.False(StorageFull.Is(new SqliteException("database is locked", 5)));
        Assert.False(StorageFull.Is(new IOException("Permission denied", 13)));
        Assert.False(StorageFull.Is(new PostgresException("too many connections", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections)));
        // Background work backs off from a full storage as from an outage, and does not count it against a message.
        Assert.True(DatabaseUnavailable.Is(new SqliteException("database or disk is full", 13)));
        Assert.StartsWith("storage full", DatabaseUnavailable.Describe(new PostgresException("could not extend file", "ERROR", "ERROR", PostgresErrorCodes.DiskFull)),
            StringComparison.Ordinal);
    }

    private static async Task ExpectFullAsync(HttpResponseMessage response)
    {
        var problem = await response.ExpectAsync((HttpStatusCode)507);
        Assert.Equal("https://rapport.dev/problems/storage-full", problem.Str("type"));
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private async Task ExpectHealthSaysFullAsync()
    {
        app.Clock.Advance(TimeSpan.FromSeconds(2)); // past the health check's one-second reuse
        var health = await (await anonymous.GetAsync("/health")).ExpectAsync(HttpStatusCode.ServiceUnavailable);
        Assert.StartsWith("storage full", health.Str("database"), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> UploadAsync(string name, byte[] content)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);
        return admin.PostAsync("/api/v1/uploads", form);
    }

    private HashSet<string> BlobFiles() => Directory.Exists(app.BlobsDirectory)
        ? [.. Directory.EnumerateFiles(app.BlobsDirectory, "*", SearchOption.AllDirectories)]
        : [];
}

/// <summary>What is full just now; read by the connection interceptor and the blob files of <see cref="FullDiskSqliteFactory"/>.</summary>
public sealed class FullDisk
{
    public bool DatabaseFull { get; set; }

    public bool BlobsFull { get; set; }
}

/// <summary>A SQLite host whose database and blob disk a test can fill.</summary>
public sealed class FullDiskSqliteFactory : SqliteRapportFactory
{
    public FullDisk Disk { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IInterceptor>(new PageLimit(Disk));
            services.AddSingleton<BlobFiles>(new FullBlobFiles(Disk));
        });
    }

    /// <summary>
    /// SQLite's own limit on the file's size, set on a connection when it opens and again before each write transaction
    /// (connections stay open for their context's life): at the current size when full, none otherwise.
    /// </summary>
    private sealed class PageLimit(FullDisk disk) : DbConnectionInterceptor, IDbTransactionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        InterceptionResult<DbTransaction> IDbTransactionInterceptor.TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
        {
            Apply(connection);
            return result;
        }

        ValueTask<InterceptionResult<DbTransaction>> IDbTransactionInterceptor.TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
            InterceptionResult<DbTransaction> result, CancellationToken cancellationToken)
        {
            Apply(connection);
            return ValueTask.FromResult(result);
        }

        private void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            // A limit below the file's size is raised to its size: no new page can be added.
            command.CommandText = $"PRAGMA max_page_count = {(disk.DatabaseFull ? 1 : 1073741823)}";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Refuses to write as a full disk does: part of the file written, then ENOSPC.</summary>
    private sealed class FullBlobFiles(FullDisk disk) : BlobFiles
    {
        public override async Task WriteAsync(string path, byte[] content, CancellationToken ct)
        {
            if (!disk.BlobsFull)
            {
                await base.WriteAsync(path, content, ct);
                return;
            }

            await File.WriteAllBytesAsync(path, content[..(content.Length / 2)], ct);
            throw new IOException($"No space left on device : '{path}'", 28);
        }
    }
}
