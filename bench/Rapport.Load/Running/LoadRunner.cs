using System.Diagnostics;
using System.Net.Http.Headers;

namespace Rapport.Load.Running;

/// <summary>
/// A closed loop: each worker sends its next request when the previous one answers. Requests started during the
/// warm-up are not measured. Closed loops under-report latency when the server stalls (coordinated omission):
/// read max alongside p99.
/// </summary>
internal static class LoadRunner
{
    public static async Task<LoadReport> RunAsync(RunOptions options, Workload workload, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = options.Url,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (!Workload.IsYardstick(options.Scenario))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        }

        await CheckReachableAsync(http, options.Scenario, ct);
        if (options.Scenario == "webhook")
        {
            // Connected with the administrator's token; the webhooks themselves carry only the provider's signature.
            await TwilioWebhookMix.ConnectAsync(http, ct);
            http.DefaultRequestHeaders.Authorization = null;
        }

        var measureFrom = Stopwatch.GetTimestamp() + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        TimeSpan? cpuAtStart = null;
        var cpuStart = Task.Run(async () =>
        {
            await Task.Delay(options.Warmup, ct);
            cpuAtStart = ServerCpu.Read(options.ServerPid);
        }, ct);
        var recorders = Enumerable.Range(0, options.Concurrency).Select(_ => new LatencyRecorder()).ToArray();
        var workers = recorders.Select((recorder, worker) => Task.Run(async () =>
        {
            var random = new Random(options.Seed * 10_007 + worker);
            for (long n = 0; Stopwatch.GetTimestamp() < stopAt && !ct.IsCancellationRequested; n++)
            {
                var started = Stopwatch.GetTimestamp();
                Outcome outcome;
                try
                {
                    outcome = await workload.NextAsync(http, random, worker, n, ct);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    outcome = Outcome.Unexpected(options.Scenario, e.GetType().Name);
                }

                if (started >= measureFrom)
                {
                    recorder.Record(outcome, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(workers);
        var measured = Stopwatch.GetElapsedTime(measureFrom);
        await cpuStart;
        var cpu = ServerCpu.Read(options.ServerPid) - cpuAtStart;
        return new LoadReport(options, LatencyRecorder.Merge(recorders), measured, cpu);
    }

    private static async Task CheckReachableAsync(HttpClient http, string scenario, CancellationToken ct)
    {
        using var health = await http.GetAsync("/health", ct);
        if (Workload.IsYardstick(scenario))
        {
            if (!health.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The yardstick is not ready: /health answered {(int)health.StatusCode}.");
            }

            return;
        }

        using var authorised = await http.GetAsync("/api/v1/customers?limit=1", ct);
        if (!health.IsSuccessStatusCode || !authorised.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"The node is not ready: /health answered {(int)health.StatusCode}, an authorised list answered {(int)authorised.StatusCode}.");
        }
    }
}
