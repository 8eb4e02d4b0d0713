using System.CommandLine;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Conversations;
using Rapport.Load.Running;
using Rapport.Load.Samples;

namespace Rapport.Load.Live;

/// <summary>
/// <c>live</c>: many agents' inboxes open while messages arrive. Starts a node in this process on SQLite (a fresh demo
/// database, or a copy of a generated one) or on a PostgreSQL database as found, opens N simulated inbox pages — each with
/// its own DI scope and DbContext, its own serialised dispatcher standing in for the circuit's, and the page's own live path
/// (<see cref="SimulatedInbox"/>) — then posts messages over HTTP at a fixed rate and measures the API's acknowledgement and
/// when each message is visible on every page. Runs once with 0 agents and once per N given, in one sitting.
/// </summary>
internal static class LiveCommand
{
    public static Command Create()
    {
        var agents = new Option<int[]>("--agents")
        {
            Description = "Simulated agents with the inbox open; several values run one phase each (after one with none).",
            DefaultValueFactory = _ => [200],
            AllowMultipleArgumentsPerToken = true,
        };
        var rate = new Option<int>("--rate") { Description = "Inbound messages per second.", DefaultValueFactory = _ => 20 };
        var seconds = new Option<int>("--seconds") { Description = "Measured seconds per phase.", DefaultValueFactory = _ => 30 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of the same load before the first phase (JIT, caches).", DefaultValueFactory = _ => 5 };
        var dir = new Option<string>("--data") { Description = "Directory for the node's database (emptied first).", DefaultValueFactory = _ => "live-bench-data" };
        var from = new Option<string?>("--from")
        {
            Description = "A SQLite database to copy into --data and start from (e.g. generated customers with staff users); default: a fresh demo database.",
        };
        var samples = new Option<string?>("--samples")
        {
            Description = "The generator's sample file: messages then come from returning customers, new senders and replies (the ingest scenario's mix); without it, only new senders.",
        };
        var respondAsync = new Option<bool>("--respond-async")
        {
            Description = "Send Prefer: respond-async, so the acknowledgement is the journal's durable 202, not the processed 201.",
        };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Run the node on this PostgreSQL database instead of SQLite (used as it is: generate customers and seed-demo into it first).",
        };
        var command = new Command("live", "Measure ingestion acknowledgement and live inbox updates with 0 and N agents online.")
        {
            agents, rate, seconds, warmup, dir, from, samples, respondAsync, postgres,
        };
        command.SetAction(async (pr, ct) => await RunAsync(new LiveOptions(pr.GetValue(agents)!, pr.GetValue(rate), pr.GetValue(seconds),
            pr.GetValue(warmup), pr.GetValue(dir)!, pr.GetValue(from), pr.GetValue(samples), pr.GetValue(respondAsync), pr.GetValue(postgres)), ct));
        return command;
    }

    private static async Task<int> RunAsync(LiveOptions o, CancellationToken ct)
    {
        const string url = "http://127.0.0.1:57417";
        string[] database = o.Postgres is null ? [] : ["--Rapport:Database:Provider=PostgreSql", $"--Rapport:Database:ConnectionString={o.Postgres}"];
        await using var app = await BenchNode.StartAsync(Path.GetFullPath(o.Dir), url, database, o.Postgres is null ? o.From : null, ct);
        var token = await BenchNode.AdminTokenAsync(app.Services, "live-bench", ct);
        var viewers = await BenchNode.ViewersAsync(app.Services, ct);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (o.RespondAsync)
        {
            http.DefaultRequestHeaders.Add("Prefer", "respond-async");
        }

        var runId = Guid.NewGuid().ToString("N")[..8];
        var mix = o.Samples is null ? null : new InboundMix(SampleFile.Read(o.Samples), runId, workers: 1);
        var customers = await BenchNode.CountCustomersAsync(app.Services, ct);
        Console.WriteLine($"live: {o.Rate} messages/s ({(mix is null ? "new senders only" : $"{InboundMix.ReturningPercent} % returning customers, {InboundMix.NewPercent} % new, the rest replies")}), " +
            $"{(o.RespondAsync ? "acknowledged once journalled (202)" : "acknowledged once processed (201)")}, {o.Seconds} s per phase; " +
            $"{(o.Postgres is null ? "SQLite" : "PostgreSQL")}, {customers:N0} customers ({(o.Postgres is null ? o.From ?? "demo data" : "as found")}); load {BenchNode.LoadAverage()}");
        using var stored = new StoredMessages(app.Services.GetRequiredService<ConversationEvents>());
        var sender = new LiveSender(http, mix, runId);
        await LivePhase.RunAsync(app.Services, sender, stored, 0, viewers, o.Rate, o.Warmup, "warm-up", ct);
        foreach (var n in o.Agents.Prepend(0).Distinct())
        {
            await LivePhase.RunAsync(app.Services, sender, stored, n, viewers, o.Rate, o.Seconds, $"{n} agents", ct);
        }

        await app.StopAsync(ct);
        return 0;
    }

    private sealed record LiveOptions(int[] Agents, int Rate, int Seconds, int Warmup, string Dir, string? From, string? Samples, bool RespondAsync,
        string? Postgres);
}
