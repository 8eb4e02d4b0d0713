using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using Npgsql;
using Rapport.IntegrationTests.Cli;
using Xunit.Abstractions;

namespace Rapport.IntegrationTests.Faults;

/// <summary>
/// The rapport executable is killed (SIGKILL) at a seeded moment while it runs many writes of three kinds at once:
/// customer merges (of customers with conversations, cases and notes), case bulk actions and approvals of requests
/// beyond an agent's limit of authority. Restarted on the same data, every write it acknowledged is there whole, every
/// other one is there whole or not at all: no conversation, message or case points at a merged-away customer, no
/// customer has a contact point twice, each bulk request changed all its cases or none, each approval is pending or
/// approved with its outcome note and its audit entry; the audit chain verifies and the product answers.
/// </summary>
public abstract class WriteCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 1405;
    private const int Merges = 24;
    private const int BulkRequests = 24;
    private const int CasesPerBulk = 4;
    private const int Approvals = 24;

    private readonly string run = Unique.Letters();

    protected RapportProcess Rapport { get; private set; } = default!;

    protected abstract Task<RapportProcess> CreateAsync();

    protected abstract DbConnection Connect();

    protected virtual Task DropAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Rapport = await CreateAsync();

    public async Task DisposeAsync()
    {
        Rapport.Dispose();
        await DropAsync();
    }

    [Fact]
    public async Task Merges_bulk_actions_and_approvals_killed_mid_stream_are_each_whole_or_absent_after_restart()
    {
        var (admin, agent, supervisor) = (await TokenAsync("admin"), await TokenAsync("agent"), await TokenAsync("supervisor"));
        var random = new Random(Seed);
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var rowsBefore = new Dictionary<string, long>();
        var auditBefore = new Dictionary<string, string>();
        List<(string Survivor, string Duplicate)> pairs;
        List<List<string>> bulks;
        List<string> actions;
        await using (var server = await Rapport.ServeAsync())
        {
            using var asAdmin = Client(server, admin);
            using var asAgent = Client(server, agent);
            using var asSupervisor = Client(server, supervisor);
            (pairs, bulks, actions) = await PrepareAsync(asAdmin, asAgent);
            foreach (var (survivor, duplicate) in pairs)
            {
                rowsBefore[survivor] = await RowsAsync(survivor);
                rowsBefore[duplicate] = await RowsAsync(duplicate);
            }

            foreach (var action in actions)
            {
                auditBefore[action] = await ScalarAsync("""SELECT COUNT(*) FROM audit_entries WHERE LOWER("SubjectId") = @p0""", action);
            }

            var writes = new List<(string Key, Func<Task<HttpResponseMessage>> Send)>();
            writes.AddRange(pairs.Select((p, i) => ($"merge {i}", (Func<Task<HttpResponseMessage>>)(() =>
                asAdmin.PostAsync($"/api/v1/customers/{p.Survivor}/merge", Requests.JsonBody(new { duplicateId = p.Duplicate, reason = "same person" }))))));
            writes.AddRange(bulks.Select((ids, i) => ($"bulk {i}", (Func<Task<HttpResponseMessage>>)(() =>
                asAdmin.PostAsync("/api/v1/cases/bulk", Requests.JsonBody(new { ids, status = "Open", addTags = new[] { $"bulk-{run}-{i}" } }))))));
            writes.AddRange(actions.Select((id, i) => ($"approval {i}", (Func<Task<HttpResponseMessage>>)(() =>
                asSupervisor.PostAsync($"/api/v1/approvals/{id}/approve", Requests.JsonBody(new { reason = "agreed" }))))));
            var shuffled = writes.OrderBy(_ => random.Next()).ToList();
            var killAfter = random.Next(shuffled.Count / 5, shuffled.Count * 3 / 5);

            var queue = new ConcurrentQueue<(string Key, Func<Task<HttpResponseMessage>> Send)>(shuffled);
            var refused = new ConcurrentQueue<string>();
            var workers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            {
                while (queue.TryDequeue(out var write))
                {
                    try
                    {
                        using var response = await write.Send();
                        if (response.IsSuccessStatusCode)
                        {
                            acknowledged[write.Key] = true;
                        }
                        else
                        {
                            refused.Enqueue($"{write.Key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return; // the server is gone
                    }
                }
            })).ToList();

            var giveUp = DateTime.UtcNow.AddMinutes(1); // protection against a stalled load, not a speed check
            while (acknowledged.Count < killAfter && DateTime.UtcNow < giveUp && workers.Any(w => !w.IsCompleted))
            {
                await Task.Delay(1);
            }

            await server.KillAsync();
            await Task.WhenAll(workers);
            Assert.Empty(refused);
            output.WriteLine($"Killed after {acknowledged.Count} of {shuffled.Count} writes were acknowledged (aimed at {killAfter}).");
        }

        var recovery = Stopwatch.StartNew();
        await using (var restarted = await Rapport.ServeAsync())
        {
            output.WriteLine($"Restart to healthy: {recovery.Elapsed.TotalSeconds:0.00} s");
            using var asAdmin = Client(restarted, admin);
            await (await asAdmin.GetAsync($"/api/v1/customers/{pairs[0].Survivor}")).ExpectAsync(HttpStatusCode.OK);
            output.WriteLine($"First answer after restart: {recovery.Elapsed.TotalSeconds:0.00} s");

            var merged = 0;
            for (var i = 0; i < pairs.Count; i++)
            {
                var (survivor, duplicate) = pairs[i];
                var mergedInto = await ScalarAsync("""SELECT COALESCE(CAST("MergedIntoId" AS TEXT), '') FROM customers WHERE LOWER(CAST("Id" AS TEXT)) = @p0""", duplicate);
                var done = string.Equals(mergedInto, survivor, StringComparison.OrdinalIgnoreCase);
                Assert.True(done || mergedInto == "", $"merge {i}: the duplicate is merged into {mergedInto}");
                Assert.True(done || !acknowledged.ContainsKey($"merge {i}"), $"merge {i} was acknowledged but is not there");
                merged += done ? 1 : 0;
                // Whole: the duplicate's conversations, messages, cases, notes and contact points all moved, or none did.
                var (left, onSurvivor) = (await RowsAsync(duplicate), await RowsAsync(survivor));
                Assert.True(done ? left == 0 : left == rowsBefore[duplicate], $"merge {i} ({(done ? "done" : "not done")}) left {left} of {rowsBefore[duplicate]} rows on the duplicate");
                Assert.True(onSurvivor == rowsBefore[survivor] + (done ? rowsBefore[duplicate] : 0),
                    $"merge {i} ({(done ? "done" : "not done")}): the survivor holds {onSurvivor} rows, {rowsBefore[survivor]} before, the duplicate {rowsBefore[duplicate]}");
                var audited = await ScalarAsync("""SELECT COUNT(*) FROM audit_entries WHERE "Action" = 'customer.mergedInto' AND LOWER("SubjectId") = @p0""", duplicate);
                Assert.True(audited == (done ? "1" : "0"), $"merge {i} ({(done ? "done" : "not done")}) has {audited} audit entries");
            }

            Assert.Equal("0", await ScalarAsync("""
                SELECT COUNT(*) FROM (SELECT "CustomerId", "Type", "Normalized" FROM contact_points GROUP BY "CustomerId", "Type", "Normalized" HAVING COUNT(*) > 1) AS twice
                """));

            var bulked = 0;
            for (var i = 0; i < bulks.Count; i++)
            {
                var tagged = await ScalarAsync("""SELECT COUNT(*) FROM case_tags WHERE "Tag" = @p0""", $"bulk-{run}-{i}");
                var moved = await ScalarAsync($"""SELECT COUNT(*) FROM cases WHERE LOWER("Status") = 'open' AND LOWER(CAST("Id" AS TEXT)) IN ({string.Join(", ", bulks[i].Select(id => $"'{id}'"))})""");
                Assert.True((tagged, moved) is ("0", "0") or ("4", "4"), $"bulk {i}: {tagged} of its cases tagged, {moved} moved");
                Assert.True(tagged == "4" || !acknowledged.ContainsKey($"bulk {i}"), $"bulk {i} was acknowledged but is not there");
                bulked += tagged == "4" ? 1 : 0;
            }

            var approved = 0;
            for (var i = 0; i < actions.Count; i++)
            {
                var status = await ScalarAsync("""SELECT "Status" FROM case_actions WHERE LOWER(CAST("Id" AS TEXT)) = @p0""", actions[i]);
                var audited = await ScalarAsync("""SELECT COUNT(*) FROM audit_entries WHERE LOWER("SubjectId") = @p0""", actions[i]);
                var outcome = await ScalarAsync("""
                    SELECT COUNT(*) FROM case_notes n JOIN case_actions a ON a."CaseId" = n."CaseId"
                    WHERE LOWER(CAST(a."Id" AS TEXT)) = @p0 AND n."Text" LIKE 'Customer outcome:%'
                    """, actions[i]);
                var completed = string.Equals(status, "Completed", StringComparison.OrdinalIgnoreCase);
                Assert.True(completed || string.Equals(status, "Pending", StringComparison.OrdinalIgnoreCase), $"approval {i} is {status}");
                Assert.True(completed ? outcome == "1" : outcome == "0",
                    $"approval {i}: {status} with {audited} audit entries ({auditBefore[actions[i]]} before) and {outcome} outcome notes");
                Assert.True(completed || !acknowledged.ContainsKey($"approval {i}"), $"approval {i} was acknowledged but is {status}");
                approved += completed ? 1 : 0;
            }

            output.WriteLine($"After the restart: {merged}/{pairs.Count} merges, {bulked}/{bulks.Count} bulk actions, {approved}/{actions.Count} approvals applied.");
        }

        var verify = await Rapport.RunAsync("audit", "verify");
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
    }

    /// <summary>
    /// Customer pairs (each with a conversation, a case and a note), cases for the bulk actions, and refunds an agent asked
    /// for beyond their limit, waiting for a supervisor.
    /// </summary>
    private async Task<(List<(string, string)>, List<List<string>>, List<string>)> PrepareAsync(HttpClient admin, HttpClient agent)
    {
        var pairs = new (string, string)[Merges];
        await Parallel.ForAsync(0, Merges, new ParallelOptions { MaxDegreeOfParallelism = 1 }, async (i, _) =>
        {
            var survivor = await CustomerAsync(admin, $"s{i}");
            var duplicate = await CustomerAsync(admin, $"d{i}");
            pairs[i] = (survivor, duplicate);
        });

        var customerId = (await Inbound.AnEmail($"cases-{run}@crash.example").ReceiveAsync(admin)).CustomerId();
        var cases = new string[BulkRequests * CasesPerBulk + Approvals];
        await Parallel.ForAsync(0, cases.Length, new ParallelOptions { MaxDegreeOfParallelism = 1 }, async (i, ct) =>
            cases[i] = (await (await admin.PostAsync("/api/v1/cases", Requests.JsonBody(new { title = $"Crash case {i}", customerId }), ct)).ExpectAsync(HttpStatusCode.Created))["case"]!.Id());

        var actions = new string[Approvals];
        await Parallel.ForAsync(0, Approvals, new ParallelOptions { MaxDegreeOfParallelism = 1 }, async (i, ct) =>
        {
            var action = await (await agent.PostAsync($"/api/v1/cases/{cases[BulkRequests * CasesPerBulk + i]}/actions",
                Requests.JsonBody(new { type = "Refund", amount = 200, currency = "GBP", reason = "Cancelled trip" }), ct)).ExpectAsync(HttpStatusCode.Created);
            Assert.Equal("pending", action.Str("status"), ignoreCase: true);
            actions[i] = action.Id();
        });

        var bulks = Enumerable.Range(0, BulkRequests).Select(i => cases.Skip(i * CasesPerBulk).Take(CasesPerBulk).ToList()).ToList();
        return ([.. pairs], bulks, [.. actions]);
    }

    /// <summary>A customer with a conversation (from their email), a case and a note: five rows a merge must move.</summary>
    private async Task<string> CustomerAsync(HttpClient admin, string who)
    {
        var received = await Inbound.AnEmail($"{who}-{run}@crash.example").Subject($"Trip {who}").ReceiveAsync(admin);
        var customer = received.CustomerId();
        await (await admin.PostAsync($"/api/v1/customers/{customer}/notes", Requests.JsonBody(new { body = $"Note on {who}" }))).ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostAsync("/api/v1/cases", Requests.JsonBody(new { title = $"Case of {who}", customerId = customer }))).ExpectAsync(HttpStatusCode.Created);
        return customer.ToLowerInvariant();
    }

    private async Task<string> TokenAsync(string who)
    {
        if (who == "admin")
        {
            var seed = await Rapport.RunAsync("seed-demo", "--customers", "3");
            Assert.True(seed.ExitCode == 0, seed.Out + seed.Error);
        }

        var token = await Rapport.RunAsync("token", "create", "--email", $"{who}@rapport.demo", "--name", "crash");
        Assert.True(token.ExitCode == 0, token.Out + token.Error);
        return token.Out.Trim();
    }

    private static HttpClient Client(RapportServer server, string token)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromMinutes(1) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The conversations, cases, notes and contact points a merge moves from a customer (messages follow their conversations).</summary>
    private async Task<long> RowsAsync(string customer) => long.Parse(await ScalarAsync("""
        SELECT (SELECT COUNT(*) FROM conversations WHERE LOWER(CAST("CustomerId" AS TEXT)) = @p0)
          + (SELECT COUNT(*) FROM messages WHERE LOWER(CAST("CustomerId" AS TEXT)) = @p0)
          + (SELECT COUNT(*) FROM cases WHERE LOWER(CAST("CustomerId" AS TEXT)) = @p0)
          + (SELECT COUNT(*) FROM customer_notes WHERE LOWER(CAST("CustomerId" AS TEXT)) = @p0)
          + (SELECT COUNT(*) FROM contact_points WHERE LOWER(CAST("CustomerId" AS TEXT)) = @p0)
        """, customer), CultureInfo.InvariantCulture);

    private async Task<string> ScalarAsync(string sql, string? p0 = null)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (p0 is not null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p0";
            parameter.Value = p0;
            command.Parameters.Add(parameter);
        }

        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}

public sealed class WriteCrashTestsOnSqlite(ITestOutputHelper output) : WriteCrashTests(output)
{
    protected override Task<RapportProcess> CreateAsync() => Task.FromResult(new RapportProcess());

    protected override DbConnection Connect() => new SqliteConnection(Rapport.ConnectionString + ";Pooling=False");
}

public sealed class WriteCrashTestsOnPostgres(ITestOutputHelper output) : WriteCrashTests(output)
{
    private readonly ProcessDatabase database = new("rapport_writecrash");

    protected override async Task<RapportProcess> CreateAsync() =>
        new() { Provider = "PostgreSql", ConnectionString = await database.CreateAsync() };

    protected override DbConnection Connect() => new NpgsqlConnection(Rapport.ConnectionString);

    protected override Task DropAsync() => database.DropAsync();
}
