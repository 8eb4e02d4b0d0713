using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Conversations;
using Rapport.Load.Live;

namespace Rapport.Load.Chat;

/// <summary>
/// <c>chat</c>: N web-chat visitors connected at once, each with the widget's WebSocket open and sending a message every
/// few seconds over the visitor API, while an agent answers every message through the REST API. Starts a node in this
/// process (SQLite, demo data, real Kestrel on loopback) and measures, per phase:
/// <list type="bullet">
/// <item>visitor → agent: from the visitor's POST until the chat's open conversation page is told of the message
/// (<see cref="LiveFeed.ForConversation"/>; its query and render after that are not counted; the inbox list hears it
/// within <see cref="ConversationEvents.Window"/>);</item>
/// <item>agent → visitor: from the agent's reply POST until the visitor's socket receives it;</item>
/// <item>memory per connected visitor: the managed heap after a full collection with N idle visitors connected, minus
/// before, over N. Both ends live in this process, so it includes the client's socket: an upper bound for the node.</item>
/// </list>
/// </summary>
internal static class ChatCommand
{
    private const string Origin = "https://bench.example";

    public static Command Create()
    {
        var visitors = new Option<int[]>("--visitors") { Description = "Connected visitors, one phase each.", DefaultValueFactory = _ => [1000, 2000], AllowMultipleArgumentsPerToken = true };
        var interval = new Option<double>("--interval") { Description = "Seconds between one visitor's messages.", DefaultValueFactory = _ => 10 };
        var seconds = new Option<int>("--seconds") { Description = "Measured seconds per phase.", DefaultValueFactory = _ => 30 };
        var dir = new Option<string>("--data") { Description = "Directory for the node's database (emptied first).", DefaultValueFactory = _ => "chat-bench-data" };
        var postgres = new Option<string?>("--postgres") { Description = "A connection string to an empty PostgreSQL database to use instead of SQLite." };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of warm-up at the first phase's number of visitors (tiered JIT settles after about a minute of load).", DefaultValueFactory = _ => 60 };
        var inProcess = new Option<bool>("--in-process") { Description = "Run the visitors' sockets in the node's process (as before 6 Dec 2026) instead of a process of their own." };
        var command = new Command("chat", "Measure web-chat delivery both ways and memory per visitor with N visitors connected.") { visitors, interval, seconds, dir, postgres, inProcess, warmup };
        command.SetAction(async (pr, ct) => await RunAsync(pr.GetValue(visitors)!, pr.GetValue(interval), pr.GetValue(seconds), pr.GetValue(dir)!, pr.GetValue(postgres), pr.GetValue(inProcess), pr.GetValue(warmup), ct));
        return command;
    }

    private static async Task<int> RunAsync(int[] phases, double interval, int seconds, string dir, string? postgres, bool inProcess, int warmup, CancellationToken ct)
    {
        const string url = "http://127.0.0.1:5418";
        // Every visitor comes from 127.0.0.1 here, as behind a proxy: the per-address limits are raised as such a site would.
        string[] database = postgres is null ? [] : ["--Rapport:Database:Provider=PostgreSql", $"--Rapport:Database:ConnectionString={postgres}"];
        await using var app = await BenchNode.StartAsync(Path.GetFullPath(dir), url, [
            "--Rapport:WebChat:NewVisitorsPerMinutePerAddress=1000000",
            "--Rapport:WebChat:RequestsPerMinutePerAddress=10000000",
            .. database,
        ], null, ct);
        var token = await BenchNode.AdminTokenAsync(app.Services, "chat-bench", ct);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var agent = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(url) };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var visitorHttp = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(url) };
        visitorHttp.DefaultRequestHeaders.Add("Origin", Origin);

        var site = await agent.PostAsJsonAsync("/api/v1/chat-sites", new { name = "Bench", allowedOrigins = new[] { Origin }, offlineWhenNobodyAvailable = false }, ct);
        site.EnsureSuccessStatusCode();
        var siteId = (await site.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("id").GetString()!;

        Console.WriteLine($"chat: each visitor sends every {interval} s, an agent answers each message; {warmup} s of warm-up, then {seconds} s per phase; {(postgres is null ? "SQLite" : "PostgreSQL")}, demo data; load {BenchNode.LoadAverage()}");
        var events = app.Services.GetRequiredService<ConversationEvents>();
        Console.WriteLine(inProcess
            ? "visitors' sockets in the node's process: CPU is both ends"
            : "visitors' sockets in a process of their own: CPU is the node's (with the agent's HTTP client) and, apart, the visitors'");
        ChatVisitorsProcess? visitors = null;
        try
        {
            foreach (var (n, phaseSeconds, label) in phases.Select(n => (n, seconds, $"{n} visitors")).Prepend((phases.FirstOrDefault(50), warmup, "warm-up")))
            {
                if (inProcess)
                {
                    await InProcessPhaseAsync(events, agent, visitorHttp, siteId, url, n, interval, phaseSeconds, label, ct);
                }
                else
                {
                    visitors = await SeparatePhaseAsync(visitors, app.Services, events, agent, siteId, url, n, interval, phaseSeconds, label, ct);
                }
            }
        }
        finally
        {
            if (visitors is not null)
            {
                await visitors.DisposeAsync();
            }
        }

        await app.StopAsync(ct);
        return 0;
    }

    /// <summary>One phase in the visitors' own process (started by the first phase, kept warm for the next); returns it.</summary>
    private static async Task<ChatVisitorsProcess> SeparatePhaseAsync(ChatVisitorsProcess? visitors, IServiceProvider services, ConversationEvents events,
        HttpClient agent, string siteId, string url, int count, double interval, int seconds, string label, CancellationToken ct)
    {
        var output = Path.GetTempFileName();
        var heapBefore = Heap();
        var connecting = Stopwatch.StartNew();
        if (visitors is null)
        {
            visitors = ChatVisitorsProcess.Start(url, siteId, Origin, count, interval, seconds, output);
        }
        else
        {
            await visitors.NextAsync(count, seconds, output, ct);
        }

        await visitors.WaitForAsync("connected", ct);
        connecting.Stop();
        var perVisitor = (Heap() - heapBefore) / (double)count;

        var run = new ChatRun(agent, visitorHttp: null, ct);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var gcBefore = GC.GetTotalPauseDuration();
        events.MessagesStored += run.Told;
        events.MessagesStored += run.Stored;
        IReadOnlyList<SentMessage> sent;
        string[] done;
        try
        {
            await visitors.SayAsync("go", ct);
            Console.WriteLine($"{"",-14} {await visitors.WaitForAsync("note", ct)}");
            done = (await visitors.WaitForAsync("done", ct)).Split(' ');
            sent = ChatVisitorsProcess.Read(output);
            var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
            while (Stopwatch.GetTimestamp() < deadline && !run.Settled(sent))
            {
                await Task.Delay(100, ct);
            }
        }
        finally
        {
            events.MessagesStored -= run.Told;
            events.MessagesStored -= run.Stored;
            File.Delete(output);
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, sent.Count);
        var visitorsCpu = double.Parse(done[3], System.Globalization.CultureInfo.InvariantCulture) / Math.Max(1, sent.Count);
        var gcPaused = (GC.GetTotalPauseDuration() - gcBefore).TotalMilliseconds;
        Report(label, connecting.Elapsed, perVisitor, "managed heap per visitor (node only)", sent.Count, int.Parse(done[2], System.Globalization.CultureInfo.InvariantCulture), run,
            $"node CPU {cpu:F2} ms per round trip, visitors' process {visitorsCpu:F2} ms; paused by GC: node {gcPaused:F0} ms, visitors' process {done[4]} ms", sent);
        await UnansweredDiagnosis.PrintAsync(services, sent, ct);
        return visitors;
    }

    private static async Task InProcessPhaseAsync(ConversationEvents events, HttpClient agent, HttpClient visitorHttp, string siteId, string url, int count,
        double interval, int seconds, string label, CancellationToken ct)
    {
        var heapBefore = Heap();
        var visitors = new List<BenchVisitor>();
        var connecting = Stopwatch.StartNew();
        for (var i = 0; i < count; i += 50)
        {
            var batch = Enumerable.Range(i, Math.Min(50, count - i)).Select(_ => BenchVisitor.ConnectAsync(visitorHttp, siteId, url, Origin, ct));
            visitors.AddRange(await Task.WhenAll(batch));
        }

        connecting.Stop();
        var perVisitor = (Heap() - heapBefore) / (double)count;

        var run = new ChatRun(agent, visitorHttp, ct);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        events.MessagesStored += run.Told;
        events.MessagesStored += run.Stored;
        try
        {
            var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            var senders = visitors.Select((v, i) => SendLoopAsync(v, run, TimeSpan.FromSeconds(interval * i / count), TimeSpan.FromSeconds(interval), until, ct)).ToList();
            await Task.WhenAll(senders);
            // Let the last replies and notices land.
            var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
            while (Stopwatch.GetTimestamp() < deadline && !run.Settled(run.SentHere()))
            {
                await Task.Delay(100, ct);
            }
        }
        finally
        {
            events.MessagesStored -= run.Told;
            events.MessagesStored -= run.Stored;
        }

        // Node and visitors share this process: CPU per round trip (a visitor's message and its answer) of both, for comparing builds.
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, run.Sent);
        Report(label, connecting.Elapsed, perVisitor, "managed heap per visitor (both ends)", run.Sent, run.Refused, run, $"process CPU {cpu:F2} ms per round trip", run.SentHere());
        await Task.WhenAll(visitors.Select(v => v.DisposeAsync().AsTask()));
    }

    private static void Report(string label, TimeSpan connecting, double perVisitor, string heap, int sent, int refused, ChatRun run, string cpu, IReadOnlyList<SentMessage> messages)
    {
        var (toAgent, toAgentMissed) = run.VisitorToAgent(messages);
        var (toVisitor, toVisitorMissed) = run.AgentToVisitor(messages);
        Console.WriteLine($"{label,-14} connected in {connecting.TotalSeconds:F1} s, {perVisitor / 1024:F1} KB {heap}; " +
            $"sent {sent} (refused {refused}), replies {run.Replies} (failed {run.ReplyFailures}); {cpu}");
        Console.WriteLine($"{"",-14} visitor→agent p50 {BenchNode.Pct(toAgent, 50):F0} ms, p99 {BenchNode.Pct(toAgent, 99):F0} ms, max {toAgent.LastOrDefault():F0} ms, not told {toAgentMissed}; " +
            $"agent→visitor p50 {BenchNode.Pct(toVisitor, 50):F0} ms, p99 {BenchNode.Pct(toVisitor, 99):F0} ms, max {toVisitor.LastOrDefault():F0} ms, not received {toVisitorMissed}; " +
            $"load {BenchNode.LoadAverage()}");
        if (Environment.GetEnvironmentVariable("RAPPORT_CHAT_TIMELINE") == "1")
        {
            foreach (var line in run.Timeline(messages))
            {
                Console.WriteLine($"{"",-14} {line}");
            }
        }
    }

    private static async Task SendLoopAsync(BenchVisitor visitor, ChatRun run, TimeSpan offset, TimeSpan every, long until, CancellationToken ct)
    {
        await Task.Delay(offset, ct);
        var next = Stopwatch.GetTimestamp();
        while (next < until)
        {
            await run.SayAsync(visitor, ct);
            next += (long)(every.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
        }
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
