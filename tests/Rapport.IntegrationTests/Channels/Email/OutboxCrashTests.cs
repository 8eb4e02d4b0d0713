using System.Data.Common;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using Rapport.IntegrationTests.Cli;

namespace Rapport.IntegrationTests.Channels.Email;

/// <summary>
/// The rapport executable is killed (SIGKILL) in the middle of an SMTP send: the mail server has the whole message (the
/// final "." of DATA) but Rapport dies before the 250 comes back, so it cannot know whether the customer will get it. After
/// the restart, once the lease has run out, that reply is unconfirmed and not sent again; a second reply that was leased in
/// the same batch but not yet begun is simply sent, once. An agent's "Send again" sends the unconfirmed one once more
/// (deliberately), and "Mark as sent" on another marks it sent without sending.
/// </summary>
public abstract class OutboxCrashTests : IAsyncLifetime
{
    private RapportProcess rapport = default!;
    private RapportServer? server;

    protected abstract Task<RapportProcess> CreateAsync();

    protected abstract DbConnection Connect(string connectionString);

    /// <summary>A message's id as the outbox stores it (SQLite: upper-case text; PostgreSQL: uuid).</summary>
    protected abstract object Key(string id);

    protected virtual Task DropAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        rapport = await CreateAsync();
        rapport.Environment["Rapport__Outbox__LeaseSeconds"] = "3";
        rapport.Environment["Rapport__Email__PollSeconds"] = "2000000";
        rapport.Environment["Rapport__Email__Idle"] = "false";
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        rapport.Dispose();
        await DropAsync();
    }

    [Fact]
    public async Task A_kill_9_between_the_end_of_DATA_and_the_250_leaves_the_reply_unconfirmed_never_sent_twice_by_itself()
    {
        await using var smtp = new SmtpStandIn(SmtpMode.Refusing);
        var token = await PrepareAsync();
        server = await rapport.ServeAsync();
        var http = Client(token);
        var mailbox = await http.CreateMailboxAsync(MailServers.UniqueUser(), smtpPort: smtp.Port);
        var conversation = (await Inbound.AnEmail().To(mailbox.Str("address")).Subject("Where is my order?").ReceiveAsync(http)).ConversationId();
        var first = await ReplyAsync(http, conversation, "On its way");
        var second = await ReplyAsync(http, conversation, "And the invoice follows");
        await UntilAsync(http, conversation, (first, "retrying"), (second, "retrying"));
        var health = await HealthAsync(http, mailbox.Id());
        Assert.Equal("failing", health.Str("status"));
        Assert.Equal(2, health["outgoingWaiting"]!.GetValue<int>());

        // The server is back; it kills Rapport as soon as it holds the first whole message, before answering it.
        string? crashed = null;
        smtp.Mode = SmtpMode.Accepting;
        smtp.AfterData = async id =>
        {
            if (crashed is not null)
            {
                return false;
            }

            crashed = id;
            await server.KillAsync();
            return true;
        };
        await BringForwardAsync(first, second); // both due at once, so one lease takes both
        await UntilKilledAsync(() => crashed is not null);
        var (sending, leasedNotStarted) = await InFlightAsync(first, second);
        Assert.Equal((1, 1), (sending, leasedNotStarted));
        var (unconfirmed, other) = crashed!.StartsWith(Guid.Parse(first).ToString("N"), StringComparison.Ordinal) ? (first, second) : (second, first);

        await server.DisposeAsync();
        server = await rapport.ServeAsync();
        http = Client(token);
        await UntilAsync(http, conversation, (unconfirmed, "unconfirmed"), (other, "sent"));
        Assert.Equal(1, smtp.ReceivedReply(unconfirmed));
        Assert.Equal(1, smtp.ReceivedReply(other));
        Assert.Equal(1, (await HealthAsync(http, mailbox.Id()))["unconfirmed"]!.GetValue<int>());
        await Task.Delay(TimeSpan.FromSeconds(6)); // two more leases and dispatcher ticks: still not re-sent
        Assert.Equal(1, smtp.ReceivedReply(unconfirmed));

        await (await http.PostAsync($"/api/v1/messages/{unconfirmed}/send-again", null)).ExpectAsync(HttpStatusCode.OK);
        await UntilAsync(http, conversation, (unconfirmed, "sent"));
        Assert.Equal(2, smtp.ReceivedReply(unconfirmed)); // once more, as the agent asked
        Assert.Equal(1, smtp.ReceivedReply(other));

        // Again for "Mark as sent": killed mid-send, restarted, marked sent by the agent, never sent a second time.
        crashed = null;
        var third = await ReplyAsync(http, conversation, "One more thing");
        await UntilKilledAsync(() => crashed is not null);
        await server.DisposeAsync();
        server = await rapport.ServeAsync();
        http = Client(token);
        await UntilAsync(http, conversation, (third, "unconfirmed"));
        await (await http.PostAsync($"/api/v1/messages/{third}/mark-sent", null)).ExpectAsync(HttpStatusCode.OK);
        await Task.Delay(TimeSpan.FromSeconds(6));
        await UntilAsync(http, conversation, (third, "sent"));
        Assert.Equal(1, smtp.ReceivedReply(third));
        Assert.Equal(0, (await HealthAsync(http, mailbox.Id()))["unconfirmed"]!.GetValue<int>());
    }

    /// <summary>A fresh database with the demo staff, and an API token of the administrator.</summary>
    private async Task<string> PrepareAsync()
    {
        var seed = await rapport.RunAsync("seed-demo", "--customers", "3");
        Assert.True(seed.ExitCode == 0, seed.Out + seed.Error);
        var token = await rapport.RunAsync("token", "create", "--email", "admin@rapport.demo", "--name", "outbox");
        Assert.True(token.ExitCode == 0, token.Out + token.Error);
        return token.Out.Trim();
    }

    private HttpClient Client(string token)
    {
        var http = new HttpClient { BaseAddress = new Uri(server!.BaseUrl), Timeout = TimeSpan.FromMinutes(1) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<string> ReplyAsync(HttpClient http, string conversation, string text) =>
        (await (await http.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text }))).ExpectAsync(HttpStatusCode.Accepted)).Id();

    private static async Task<JsonNode> HealthAsync(HttpClient http, string mailboxId) =>
        (await (await http.GetAsync("/api/v1/channels/health")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(c => c!.Id() == mailboxId)!;

    /// <summary>Waits (real time: the process has its own clock) until every reply has its delivery state.</summary>
    private async Task UntilAsync(HttpClient http, string conversation, params (string Reply, string Delivery)[] expected)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(1); // protection against a stuck outbox, not a speed check
        while (true)
        {
            var messages = (await http.ConversationAsync(conversation))["messages"]!.AsArray();
            var states = expected.Select(e => messages.Single(m => m!.Id() == e.Reply)!.Str("delivery")).ToList();
            if (expected.Select(e => e.Delivery).SequenceEqual(states))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < giveUp, $"Expected {string.Join(", ", expected)}, found {string.Join(", ", states)}.\n{server?.Output}");
            await Task.Delay(200);
        }
    }

    private async Task UntilKilledAsync(Func<bool> killed)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(1);
        while (!killed())
        {
            Assert.True(DateTime.UtcNow < giveUp, $"The reply never reached the mail server.\n{server?.Output}");
            await Task.Delay(100);
        }

        await Task.Delay(200); // the stand-in's kill has returned: the process is gone
    }

    /// <summary>Makes both retrying replies due now, in one statement.</summary>
    private async Task BringForwardAsync(string first, string second)
    {
        await using var connection = Connect(rapport.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """UPDATE outbox SET "NextAttemptAt" = '2000-01-01 00:00:00' WHERE "SubjectId" IN (@a, @b)""";
        Add(command, "@a", Key(first));
        Add(command, "@b", Key(second));
        Assert.Equal(2, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Of the two replies: how many were marked as sending, how many leased but not begun when the process died.</summary>
    private async Task<(int Sending, int LeasedNotStarted)> InFlightAsync(string first, string second)
    {
        await using var connection = Connect(rapport.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(CASE WHEN "SendingSince" IS NOT NULL THEN 1 END), COUNT(CASE WHEN "SendingSince" IS NULL AND "LeasedUntil" IS NOT NULL THEN 1 END)
            FROM outbox WHERE "SubjectId" IN (@a, @b) AND "State" = 'Pending'
            """;
        Add(command, "@a", Key(first));
        Add(command, "@b", Key(second));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

public sealed class OutboxCrashTestsOnSqlite : OutboxCrashTests
{
    protected override Task<RapportProcess> CreateAsync() => Task.FromResult(new RapportProcess());

    protected override DbConnection Connect(string connectionString) => new SqliteConnection(connectionString + ";Pooling=False");

    protected override object Key(string id) => Guid.Parse(id).ToString().ToUpperInvariant();
}

public sealed class OutboxCrashTestsOnPostgres : OutboxCrashTests
{
    private readonly string database = $"rapport_outbox_{Unique.Letters()}";
    private bool created;

    private static string Admin => Environment.GetEnvironmentVariable(PostgresRapportFactory.Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{PostgresRapportFactory.Variable} is not set. Run scripts/test, which starts a PostgreSQL.");

    protected override async Task<RapportProcess> CreateAsync()
    {
        await using (var admin = new NpgsqlConnection(Admin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        created = true;
        return new RapportProcess
        {
            Provider = "PostgreSql",
            ConnectionString = new NpgsqlConnectionStringBuilder(Admin) { Database = database }.ConnectionString,
        };
    }

    protected override DbConnection Connect(string connectionString) => new NpgsqlConnection(connectionString);

    protected override object Key(string id) => Guid.Parse(id);

    protected override async Task DropAsync()
    {
        if (!created)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Admin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
