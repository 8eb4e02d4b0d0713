using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Rapport.Load.Chat;

/// <summary>
/// <c>chat-visitors</c>: the visitors' side of <c>chat</c> in a process of its own, so that the node's process holds
/// only the node (and the agent answering). Per phase: N visitors connect, say <c>connected</c> on stdout, wait for a line
/// on stdin, send for the given seconds, wait for the answers (at most 10 s), write one line per message sent
/// (<c>message id, sent at, answer received at or -</c>, Stopwatch timestamps, which are CLOCK_MONOTONIC on Linux and so
/// comparable across processes) to <c>--out</c>, say <c>done sent refused cpu-ms</c> and leave. The process then reads
/// the next phase from stdin (<c>next count seconds out</c>) until stdin ends: one process serves every phase, so the
/// measured phases do not pay for a cold process JIT-compiling its code (58 % of its CPU in its first 10 s, on the two
/// cores the node needs, when it was started anew per phase).
/// </summary>
internal static class ChatVisitorsCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Required = true };
        var site = new Option<string>("--site") { Required = true };
        var origin = new Option<string>("--origin") { Required = true };
        var count = new Option<int>("--count") { Required = true };
        var interval = new Option<double>("--interval") { DefaultValueFactory = _ => 10 };
        var seconds = new Option<int>("--seconds") { DefaultValueFactory = _ => 30 };
        var output = new Option<string>("--out") { Required = true };
        var command = new Command("chat-visitors", "The visitors of the chat benchmark in their own process (started by `chat`).") { url, site, origin, count, interval, seconds, output };
        command.Hidden = true;
        command.SetAction(async (pr, ct) => await RunAsync(pr.GetValue(url)!, pr.GetValue(site)!, pr.GetValue(origin)!, pr.GetValue(count),
            pr.GetValue(interval), pr.GetValue(seconds), pr.GetValue(output)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(string url, string siteId, string origin, int count, double interval, int seconds, string output, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Add("Origin", origin);
        while (true)
        {
            await PhaseAsync(http, url, siteId, origin, count, interval, seconds, output, ct);
            if (await Console.In.ReadLineAsync(ct) is not { } next || next.Split(' ') is not ["next", var c, var s, var o])
            {
                return 0;
            }

            (count, seconds, output) = (int.Parse(c, CultureInfo.InvariantCulture), int.Parse(s, CultureInfo.InvariantCulture), o);
        }
    }

    private static async Task PhaseAsync(HttpClient http, string url, string siteId, string origin, int count, double interval, int seconds, string output, CancellationToken ct)
    {
        var visitors = new List<BenchVisitor>();
        for (var i = 0; i < count; i += 50)
        {
            visitors.AddRange(await Task.WhenAll(Enumerable.Range(i, Math.Min(50, count - i)).Select(_ => BenchVisitor.ConnectAsync(http, siteId, url, origin, ct))));
        }

        Console.WriteLine("connected");
        await Console.In.ReadLineAsync(ct);

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var gcBefore = GC.GetTotalPauseDuration();
        var sends = new List<(BenchVisitor Visitor, Guid MessageId, long At)>();
        var refused = 0;
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        await Task.WhenAll(visitors.Select((v, i) => SendLoopAsync(v, TimeSpan.FromSeconds(interval * i / count), TimeSpan.FromSeconds(interval), until, ct)));

        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline && sends.Any(s => s.MessageId != Guid.Empty && !s.Visitor.Received.ContainsKey(ChatRun.AnswerTo(s.MessageId))))
        {
            await Task.Delay(100, ct);
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
        var gcPaused = (GC.GetTotalPauseDuration() - gcBefore).TotalMilliseconds;
        // Where answers did not arrive: on which visitors, whether their socket is still open, whether it was their first message.
        var unanswered = sends.Where(s => s.MessageId != Guid.Empty && !s.Visitor.Received.ContainsKey(ChatRun.AnswerTo(s.MessageId))).ToList();
        var firsts = sends.GroupBy(s => s.Visitor).Select(g => g.MinBy(s => s.At).MessageId).ToHashSet();
        // Each unanswered reply as the visitor's REST feed has it now: stored or not, and in which state the node put it.
        var states = new List<string>();
        foreach (var (visitor, messageId, _) in unanswered.Take(20))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/chat/v1/messages");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", visitor.Token);
            using var response = await http.SendAsync(request, ct);
            var feed = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var reply = feed.GetProperty("messages").EnumerateArray().FirstOrDefault(m => m.GetProperty("text").GetString() == ChatRun.AnswerTo(messageId));
            states.Add(reply.ValueKind == JsonValueKind.Undefined ? "absent" : reply.GetProperty("state").GetString() ?? "?");
        }

        Console.WriteLine(FormattableString.Invariant(
            $"note states [{string.Join(',', states)}] unanswered {unanswered.Count} on {unanswered.Select(s => s.Visitor).Distinct().Count()} visitors, first messages {unanswered.Count(s => firsts.Contains(s.MessageId))}, sockets not open {visitors.Count(v => !v.Open)}"));
        await File.WriteAllLinesAsync(output, sends.Select(s => string.Join('\t', s.MessageId.ToString("N"), s.At.ToString(CultureInfo.InvariantCulture),
            s.Visitor.Received.TryGetValue(ChatRun.AnswerTo(s.MessageId), out var at) ? at.ToString(CultureInfo.InvariantCulture) : "-")), ct);
        Console.WriteLine(FormattableString.Invariant($"done {sends.Count} {refused} {cpu:F0} {gcPaused:F0}"));
        await Task.WhenAll(visitors.Select(v => v.DisposeAsync().AsTask()));

        async Task SendLoopAsync(BenchVisitor visitor, TimeSpan offset, TimeSpan every, long stopAt, CancellationToken token)
        {
            await Task.Delay(offset, token);
            var next = Stopwatch.GetTimestamp();
            while (next < stopAt)
            {
                var at = Stopwatch.GetTimestamp();
                using (var response = await http.SendAsync(visitor.Message(Guid.NewGuid().ToString("N"), "Is there a table for two at eight tonight?"), token))
                {
                    var messageId = response.IsSuccessStatusCode
                        ? (await response.Content.ReadFromJsonAsync<JsonElement>(token)).TryGetProperty("messageId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetGuid() : (Guid?)null
                        : null;
                    lock (sends)
                    {
                        if (response.IsSuccessStatusCode)
                        {
                            // No id: not processed within the send's short wait; counted as not told.
                            sends.Add((visitor, messageId ?? Guid.Empty, at));
                        }
                        else
                        {
                            refused++;
                        }
                    }
                }

                next += (long)(every.TotalSeconds * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, token);
                }
            }
        }
    }
}
