using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Rapport.Features.Identity;

namespace Rapport.Load.Live;

/// <summary>
/// <c>live</c>: many agents' inboxes open while messages arrive. Starts a node in this process on a fresh SQLite database
/// (the demo organisation), opens N simulated inbox pages — each with its own DI scope and DbContext, its own serialised
/// dispatcher standing in for the circuit's, and the page's own live path (<see cref="SimulatedInbox"/>) — then posts
/// new customers' messages over HTTP at a fixed rate and measures the API's acknowledgement and when each new row is in
/// every page's list. Runs once with 0 agents and once with N, in one sitting.
/// </summary>
internal static class LiveCommand
{
    public static Command Create()
    {
        var agents = new Option<int>("--agents") { Description = "Simulated agents with the inbox open.", DefaultValueFactory = _ => 200 };
        var rate = new Option<int>("--rate") { Description = "Inbound messages per second.", DefaultValueFactory = _ => 20 };
        var seconds = new Option<int>("--seconds") { Description = "Measured seconds per phase.", DefaultValueFactory = _ => 30 };
        var dir = new Option<string>("--data") { Description = "Directory for the node's database (emptied first).", DefaultValueFactory = _ => "live-bench-data" };
        var command = new Command("live", "Measure ingestion acknowledgement and live inbox updates with 0 and N agents online.") { agents, rate, seconds, dir };
        command.SetAction(async (pr, ct) => await RunAsync(pr.GetValue(agents), pr.GetValue(rate), pr.GetValue(seconds), pr.GetValue(dir)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(int agents, int rate, int seconds, string dir, CancellationToken ct)
    {
        const string url = "http://127.0.0.1:5417";
        await using var app = await BenchNode.StartAsync(Path.GetFullPath(dir), url, [], ct);
        var token = await BenchNode.AdminTokenAsync(app.Services, "live-bench", ct);
        var viewers = await BenchNode.ViewersAsync(app.Services, ct);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Console.WriteLine($"live: {rate} new-customer messages/s for {seconds} s per phase; SQLite, demo data; load {BenchNode.LoadAverage()}");
        await PhaseAsync(app.Services, http, 0, viewers, rate, 5, "warm-up", ct);
        foreach (var n in new[] { 0, agents })
        {
            await PhaseAsync(app.Services, http, n, viewers, rate, seconds, $"{n} agents", ct);
        }

        await app.StopAsync(ct);
        return 0;
    }

    private static async Task PhaseAsync(IServiceProvider services, HttpClient http, int agents, IReadOnlyList<Viewer> viewers, int rate, int seconds,
        string label, CancellationToken ct)
    {
        var pages = new List<SimulatedInbox>();
        for (var i = 0; i < agents; i++)
        {
            pages.Add(await SimulatedInbox.OpenAsync(services, viewers[i % viewers.Count], ct));
        }

        var acks = new List<double>();
        var sent = new List<(Guid Conversation, long AckedAt)>();
        var failures = 0;
        var run = Guid.NewGuid().ToString("N")[..8];
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var started = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        for (var n = 0; n < rate * seconds; n++)
        {
            var due = started + (long)(interval.TotalSeconds * n * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            var i = n;
            inFlight.Add(Task.Run(async () =>
            {
                var body = new
                {
                    channel = "email",
                    providerMessageId = $"<live-{run}-{i}@bench.example>",
                    from = new { email = $"live-{run}-{i}@bench.example" },
                    text = "Hello, is my order on its way?",
                    subject = "Order",
                    sentAt = DateTime.UtcNow,
                };
                var t0 = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/api/v1/inbound-messages", body, ct);
                var acked = Stopwatch.GetTimestamp();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                    return;
                }

                var answer = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct);
                var conversation = answer.GetProperty("conversationId").GetGuid();
                lock (acks)
                {
                    acks.Add(Stopwatch.GetElapsedTime(t0, acked).TotalMilliseconds);
                    sent.Add((conversation, acked));
                }
            }, ct));
        }

        await Task.WhenAll(inFlight);
        // Let the last updates land, then count what every page saw.
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline && pages.Any(p => sent.Any(s => !p.Seen.ContainsKey(s.Conversation))))
        {
            await Task.Delay(100, ct);
        }

        var delays = new List<double>();
        var missed = 0;
        foreach (var page in pages)
        {
            foreach (var (conversation, ackedAt) in sent)
            {
                if (page.Seen.TryGetValue(conversation, out var seenAt))
                {
                    // A row can be in the list before the HTTP answer reached the client: that counts as 0.
                    delays.Add(Math.Max(0, Stopwatch.GetElapsedTime(ackedAt, seenAt).TotalMilliseconds));
                }
                else
                {
                    missed++;
                }
            }
        }

        var applies = pages.Sum(p => p.Applies);
        var pushed = pages.Sum(p => p.PushedBelow);
        foreach (var page in pages)
        {
            await page.DisposeAsync();
        }

        acks.Sort();
        delays.Sort();
        Console.WriteLine($"{label,-12} acks {acks.Count} (failed {failures}): ack p50 {BenchNode.Pct(acks, 50):F1} ms, p99 {BenchNode.Pct(acks, 99):F1} ms, max {acks.LastOrDefault():F1} ms" +
            (agents == 0 ? "" : $"; visible after ack p50 {BenchNode.Pct(delays, 50):F0} ms, p95 {BenchNode.Pct(delays, 95):F0} ms, p99 {BenchNode.Pct(delays, 99):F0} ms, max {delays.LastOrDefault():F0} ms;" +
                $" missed {missed} of {sent.Count * agents} (rows pushed off the first 50 by newer ones: {pushed}); {applies / (double)agents:F0} updates per page ({applies / (double)agents / seconds:F1}/s)") +
            $"; load {BenchNode.LoadAverage()}");
    }
}
