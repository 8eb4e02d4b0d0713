using System.Collections.Concurrent;
using System.Data.Common;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using Npgsql;
using Rapport.IntegrationTests.Cli;
using Xunit.Abstractions;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>
/// The rapport executable is killed (SIGKILL) in the middle of an ingestion load from several concurrent senders, then
/// restarted on the same data: every message it had acknowledged is stored exactly once, and sending every message
/// again — acknowledged or not — stores none twice. Half the senders ask to be answered as soon as their message is
/// durable (<c>Prefer: respond-async</c>, 202), so the kill also lands between journalling and processing: the restarted
/// processor must finish what the killed one had not.
/// </summary>
public abstract class CrashDurabilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Senders = 8;
    private const int AcknowledgedBeforeKill = 400;

    private readonly string run = $"@crash-{Unique.Letters()}.example>";
    private RapportProcess rapport = default!;

    protected abstract Task<RapportProcess> CreateAsync();

    protected abstract DbConnection Connect(string connectionString);

    protected virtual Task DropAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => rapport = await CreateAsync();

    public async Task DisposeAsync()
    {
        rapport.Dispose();
        await DropAsync();
    }

    [Fact]
    public async Task Every_message_acknowledged_before_a_kill_9_is_stored_exactly_once_after_restart()
    {
        var token = await PrepareAsync();
        var attempted = new ConcurrentDictionary<string, int>();
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var refused = new ConcurrentQueue<string>();

        await using (var server = await rapport.ServeAsync())
        {
            using var http = Client(server, token);
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
            {
                for (var i = 0; i < 100_000 && !stop.IsCancellationRequested; i++)
                {
                    var id = $"<{sender}-{i}{run}";
                    attempted[id] = i;
                    HttpResponseMessage response;
                    try
                    {
                        response = await SendAsync(http, id, i, respondAsync: sender % 2 == 0);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return; // the server is gone
                    }

                    using (response)
                    {
                        if (response.IsSuccessStatusCode)
                        {
                            acknowledged[id] = true;
                        }
                        else
                        {
                            refused.Enqueue($"{id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                }
            })).ToList();

            var giveUp = DateTime.UtcNow.AddMinutes(3); // protection against a stalled load, not a speed check
            while (acknowledged.Count < AcknowledgedBeforeKill && DateTime.UtcNow < giveUp && senders.Any(s => !s.IsCompleted))
            {
                await Task.Delay(5);
            }

            await server.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
            Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"Only {acknowledged.Count} messages were acknowledged before the kill.\n{server.Output}");
        }

        Assert.Empty(refused);
        await using (var restarted = await rapport.ServeAsync())
        {
            var stored = await StoredAsync();
            var drained = DateTime.UtcNow.AddMinutes(1);
            while (acknowledged.Keys.Any(id => !stored.ContainsKey(id)) && DateTime.UtcNow < drained)
            {
                await Task.Delay(100);
                stored = await StoredAsync();
            }

            Assert.All(acknowledged.Keys, id => Assert.True(stored.GetValueOrDefault(id) == 1, $"{id} was acknowledged but is stored {stored.GetValueOrDefault(id)} times."));
            Assert.All(stored, s => Assert.True(s.Value == 1, $"{s.Key} is stored {s.Value} times."));

            using var http = Client(restarted, token);
            var answers = new ConcurrentDictionary<string, HttpStatusCode>();
            await Parallel.ForEachAsync(attempted, new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (message, _) =>
            {
                using var response = await SendAsync(http, message.Key, message.Value);
                answers[message.Key] = response.StatusCode;
            });

            Assert.All(acknowledged.Keys, id => Assert.Equal(HttpStatusCode.OK, answers[id])); // already stored: a duplicate
            Assert.All(answers, a => Assert.True(a.Value is HttpStatusCode.OK or HttpStatusCode.Created, $"{a.Key} answered {a.Value}."));
            var after = await StoredAsync();
            output.WriteLine($"{acknowledged.Count} acknowledged before the kill, {attempted.Count - acknowledged.Count} sent but not acknowledged, " +
                $"{stored.Count} stored after the restart, {after.Count} after sending everything again.");
            Assert.Equal(attempted.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
            Assert.All(after, s => Assert.True(s.Value == 1, $"{s.Key} is stored {s.Value} times after sending everything again."));
        }
    }

    /// <summary>A fresh database with the demo staff, and an API token of the administrator (who may feed messages in).</summary>
    private async Task<string> PrepareAsync()
    {
        var seed = await rapport.RunAsync("seed-demo", "--customers", "3");
        Assert.True(seed.ExitCode == 0, seed.Out + seed.Error);
        var token = await rapport.RunAsync("token", "create", "--email", "admin@rapport.demo", "--name", "load");
        Assert.True(token.ExitCode == 0, token.Out + token.Error);
        return token.Out.Trim();
    }

    private static HttpClient Client(RapportServer server, string token)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromMinutes(1) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>New and returning customers alike: forty senders write in turn.</summary>
    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string id, int i, bool respondAsync = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/inbound-messages")
        {
            Content = Requests.JsonBody(new
            {
                channel = "email",
                providerMessageId = id,
                from = new { email = $"crash{i % 40}@customer.example" },
                subject = $"Booking {i}",
                text = $"Message {id}",
            }),
        };
        if (respondAsync)
        {
            request.Headers.Add("Prefer", "respond-async");
        }

        return http.SendAsync(request);
    }

    /// <summary>How many times each provider id of this run is stored.</summary>
    private async Task<Dictionary<string, long>> StoredAsync()
    {
        await using var connection = Connect(rapport.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "ProviderMessageId", COUNT(*) FROM messages WHERE "ProviderMessageId" LIKE @run GROUP BY "ProviderMessageId" """;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@run";
        parameter.Value = "%" + run;
        command.Parameters.Add(parameter);
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}

public sealed class CrashDurabilityTestsOnSqlite(ITestOutputHelper output) : CrashDurabilityTests(output)
{
    protected override Task<RapportProcess> CreateAsync() => Task.FromResult(new RapportProcess());

    protected override DbConnection Connect(string connectionString) => new SqliteConnection(connectionString + ";Pooling=False");
}

public sealed class CrashDurabilityTestsOnPostgres(ITestOutputHelper output) : CrashDurabilityTests(output)
{
    private readonly string database = $"rapport_crash_{Unique.Letters()}";
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
