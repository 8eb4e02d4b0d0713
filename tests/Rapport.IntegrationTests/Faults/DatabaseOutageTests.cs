using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rapport.Features.Identity;
using Xunit.Abstractions;

namespace Rapport.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL unreachable for a while (the connection cut between the host and the server, as when the server stops and
/// starts again): requests answer 503 with Retry-After, an ingestion is refused with nothing written, /health says what
/// is wrong, and once the database is back the same node serves again without a restart, its background work resumed.
/// </summary>
public sealed class DatabaseOutageTests(PostgresBehindProxyFactory app, ITestOutputHelper output) : IClassFixture<PostgresBehindProxyFactory>
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient anonymous = app.ClientAs(null);

    [Fact]
    public Task Requests_answer_503_while_the_database_is_cut_and_succeed_again_once_it_is_back_without_a_restart() =>
        SayingWhatTheHostLoggedAsync(RequestsAnswer503ThenSucceedAsync);

    [Fact]
    public Task A_mailbox_fetches_what_arrived_during_the_outage_once_from_its_last_uid() =>
        SayingWhatTheHostLoggedAsync(MailboxFetchesWhatArrivedDuringTheOutageAsync);

    /// <summary>Runs the test; when it fails, prints the errors the host logged (an unexpected 500 says only "logged").</summary>
    private async Task SayingWhatTheHostLoggedAsync(Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            output.WriteLine("Warnings and errors the host logged:\n" + app.Errors.Describe());
            throw;
        }
    }

    private async Task RequestsAnswer503ThenSucceedAsync()
    {
        var customer = (await Build.ACustomer().CreateAsync(admin)).Id();
        await (await admin.GetAsync($"/api/v1/customers/{customer}")).ExpectAsync(HttpStatusCode.OK);
        await (await Inbound.AnEmail().PostAsync(admin)).ExpectAsync(HttpStatusCode.Created);
        var webhook = "telegram/update-private-message.case.json";
        await Channels.Messaging.CorpusAccounts.ConnectAsync(admin);
        var browser = CookieSession.For(app);
        var agent = await app.CreateStaffAsync(Roles.Agent);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(agent.Email!)).StatusCode);
        await app.ProcessedAsync();
        var footprint = await app.FootprintAsync();

        app.Proxy.Cut();
        try
        {
            await ExpectUnavailableAsync(await admin.GetAsync($"/api/v1/customers/{customer}"));
            var refused = Inbound.AnEmail().Text("Sent while the database was down");
            await ExpectUnavailableAsync(await refused.PostAsync(admin));
            await ExpectUnavailableAsync(await anonymous.SendAsync(ProviderWebhooks.Request(webhook)));

            app.Clock.Advance(TimeSpan.FromSeconds(2)); // past the health check's one-second reuse
            var health = await anonymous.GetAsync("/health");
            var body = await health.ExpectAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unhealthy", body.Str("status"));
            Assert.StartsWith("unreachable", body.Str("database"), StringComparison.Ordinal);

            // A page asked for by a signed-in person's browser says the database is unavailable and retries; it does not crash.
            var page = await browser.SendAsync(HttpMethod.Get, "/customers", headers: h => h.Accept.ParseAdd("text/html"));
            Assert.True(page.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.OK, $"The page answered {(int)page.StatusCode}");
            Assert.Contains("database is unavailable", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            app.Proxy.Restore();
            var recovery = Stopwatch.StartNew();
            await UntilOkAsync(() => admin.GetAsync($"/api/v1/customers/{customer}"));
            output.WriteLine($"First 200 after PostgreSQL came back: {recovery.Elapsed.TotalSeconds:0.00} s");

            // Nothing of the refused ingestion or webhook was written.
            Assert.Equal(0, await app.WithDbAsync(db => db.InboundJournal.CountAsync(j => j.ProviderMessageId == refused.ProviderMessageId)));
            Assert.Equal(0, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ProviderMessageId == refused.ProviderMessageId)));
            Assert.Equal(footprint, await app.FootprintAsync());

            // The same requests now succeed on the same host; 201 means the ingestion processor (a background service) is
            // running again: it stored the message and answered within the wait.
            await (await refused.PostAsync(admin)).ExpectAsync(HttpStatusCode.Created);
            var accepted = await anonymous.SendAsync(ProviderWebhooks.Request(webhook));
            Assert.True(accepted.IsSuccessStatusCode, $"The webhook answered {(int)accepted.StatusCode}");
            await app.ProcessedAsync();
            Assert.Equal(footprint.Messages + 2, (await app.FootprintAsync()).Messages);

            app.Clock.Advance(TimeSpan.FromSeconds(2));
            var healthy = await (await anonymous.GetAsync("/health")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("healthy", healthy.Str("status"));
        }
        finally
        {
            app.Proxy.Restore();
        }
    }

    private async Task MailboxFetchesWhatArrivedDuringTheOutageAsync()
    {
        var user = MailServers.UniqueUser();
        var before = $"<{Unique.Letters()}@customer.example>";
        await MailServers.AppendAsync(user, Mailboxes.Email(CustomerBuilder.UniqueEmail(), "help@rapport.test", "Before", before, "Before the outage"));
        var mailbox = Guid.Parse((await admin.CreateMailboxAsync(user)).Id());
        await UntilAsync(() => StoredAsync(before), "the mailbox's watcher fetched the first email");

        var during = $"<{Unique.Letters()}@customer.example>";
        app.Proxy.Cut();
        try
        {
            var failuresBefore = app.Errors.Count("IDLE for mailbox");
            await MailServers.AppendAsync(user, Mailboxes.Email(CustomerBuilder.UniqueEmail(), "help@rapport.test", "During", during, "During the outage"));
            // The watcher hears of the new mail, fails to store it and backs off; it must not skip its UID, and its back-off
            // must end once the database is back (it once waited on the app's clock, which stands still in tests).
            await UntilAsync(() => Task.FromResult(app.Errors.Count("IDLE for mailbox") > failuresBefore), "the mailbox's watcher failed and backed off");
        }
        finally
        {
            app.Proxy.Restore();
        }

        await UntilAsync(() => StoredAsync(during), "the mailbox's watcher fetched the email that arrived during the outage");
        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ProviderMessageId == before)));
        // The mailbox's last UID is written after the message is handed on, so it may follow a moment later (a full run once
        // read it between the two); it must reach the second email's UID and go no further.
        await UntilAsync(async () => await app.WithDbAsync(db => db.Mailboxes.Where(m => m.Id == mailbox).Select(m => m.LastUid).SingleAsync()) >= 2u,
            "the mailbox's last UID moved past the email that arrived during the outage");
        Assert.Equal(2u, await app.WithDbAsync(db => db.Mailboxes.Where(m => m.Id == mailbox).Select(m => m.LastUid).SingleAsync()));
    }

    private async Task<bool> StoredAsync(string messageId)
    {
        try
        {
            return await app.WithDbAsync(db => db.Messages.AnyAsync(m => m.ProviderMessageId == messageId));
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return false;
        }
    }

    internal static async Task ExpectUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("https://rapport.dev/problems/database-unavailable", problem.Str("type"));
        Assert.Contains("database", problem.Str("title"), StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "A 503 says when to retry (Retry-After in seconds).");
    }

    internal static async Task UntilOkAsync(Func<Task<HttpResponseMessage>> request)
    {
        var giveUp = Stopwatch.StartNew();
        while (true)
        {
            var response = await request();
            if (response.StatusCode is HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(giveUp.Elapsed < TimeSpan.FromSeconds(60), $"Still {(int)response.StatusCode} a minute after the database came back");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            await Task.Delay(50);
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var giveUp = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(giveUp.Elapsed < TimeSpan.FromSeconds(60), $"Not done within a minute: {what}");
            await Task.Delay(100);
        }
    }
}

/// <summary>
/// A SQLite file locked by another process (<c>BEGIN EXCLUSIVE</c>) for longer than the busy timeout: writes answer 503,
/// not 500, with nothing written; reads go on (WAL); /health says writes fail; all resumes when the lock is released.
/// </summary>
public sealed class SqliteLockOutageTests(SqliteBusyFactory app, ITestOutputHelper output) : IClassFixture<SqliteBusyFactory>
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient anonymous = app.ClientAs(null);

    [Fact]
    public async Task Writes_answer_503_while_another_process_holds_the_file_and_succeed_once_it_lets_go()
    {
        var customer = (await Build.ACustomer().CreateAsync(admin)).Id();
        await (await Inbound.AnEmail().PostAsync(admin)).ExpectAsync(HttpStatusCode.Created);
        var refused = Inbound.AnEmail().Text("Sent while the file was locked");

        var holder = new SqliteConnection(new SqliteConnectionStringBuilder(app.ConnectionString) { Pooling = false }.ToString());
        await holder.OpenAsync();
        try
        {
            await using (var exclusive = holder.CreateCommand())
            {
                exclusive.CommandText = "BEGIN EXCLUSIVE";
                await exclusive.ExecuteNonQueryAsync();
            }

            await DatabaseOutageTests.ExpectUnavailableAsync(await refused.PostAsync(admin));
            await DatabaseOutageTests.ExpectUnavailableAsync(await admin.PostAsync("/api/v1/customers", Requests.JsonBody(Build.ACustomer().ToString())));
            await (await admin.GetAsync($"/api/v1/customers/{customer}")).ExpectAsync(HttpStatusCode.OK);

            app.Clock.Advance(TimeSpan.FromSeconds(2));
            var health = await (await anonymous.GetAsync("/health")).ExpectAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unhealthy", health.Str("status"));
            Assert.StartsWith("locked: SQLITE_BUSY", health.Str("database"), StringComparison.Ordinal);
        }
        finally
        {
            await holder.DisposeAsync();
        }

        var recovery = Stopwatch.StartNew();
        Assert.Equal(0, await app.WithDbAsync(db => db.InboundJournal.CountAsync(j => j.ProviderMessageId == refused.ProviderMessageId)));
        await (await refused.PostAsync(admin)).ExpectAsync(HttpStatusCode.Created);
        output.WriteLine($"First 201 after the lock was released: {recovery.Elapsed.TotalSeconds:0.00} s");

        app.Clock.Advance(Rapport.Infrastructure.Data.DatabaseOutages.Window);
        var healthy = await (await anonymous.GetAsync("/health")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("healthy", healthy.Str("status"));
    }
}

/// <summary>The host on PostgreSQL through a <see cref="DatabaseProxy"/>, with its mailboxes watched (IMAP IDLE) as in production.</summary>
public sealed class PostgresBehindProxyFactory : PostgresRapportFactory
{
    private DatabaseProxy? proxy;

    public DatabaseProxy Proxy => proxy ?? throw new InvalidOperationException("The database is not created yet.");

    protected override async Task CreateDatabaseAsync()
    {
        await base.CreateDatabaseAsync();
        var direct = new NpgsqlConnectionStringBuilder(ConnectionString);
        proxy = new DatabaseProxy(direct.Host!, direct.Port);
        ConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 5 }.ConnectionString;
    }

    /// <summary>The host's errors, with their exceptions, so a failing test can say what the node logged.</summary>
    public HostErrors Errors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rapport:Email:Idle", "true");
        builder.UseSetting("Rapport:Email:PollSeconds", "5");
        builder.ConfigureLogging(logging => logging.AddProvider(Errors));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (proxy is not null)
        {
            await proxy.DisposeAsync();
        }
    }
}

/// <summary>The host on SQLite with a one-second busy timeout, so a locked file fails a write quickly.</summary>
public sealed class SqliteBusyFactory : SqliteRapportFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rapport:Database:BusyTimeoutSeconds", "1");
    }
}

/// <summary>Keeps the last warnings and errors a host logged, when (seconds since the first), errors with their exceptions.</summary>
public sealed class HostErrors : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> errors = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> messages = new();
    private readonly Stopwatch since = Stopwatch.StartNew();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>How many of the messages logged so far (all of them, not only the last 40) mention <paramref name="text"/>.</summary>
    public int Count(string text) => messages.Count(m => m.Contains(text, StringComparison.Ordinal));

    /// <summary>What was logged, oldest first (at most the last 40).</summary>
    public string Describe() => errors.IsEmpty ? "(the host logged no warning or error)" : string.Join("\n\n", errors);

    private void Add(string entry)
    {
        errors.Enqueue(entry);
        while (errors.Count > 40 && errors.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(HostErrors owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var at = owner.since.Elapsed.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
                var message = formatter(state, exception);
                owner.messages.Enqueue(message);
                owner.Add($"{at} s {logLevel} {category}: {message}" + (logLevel >= LogLevel.Error ? $"\n{exception}" : ""));
            }
        }
    }
}
