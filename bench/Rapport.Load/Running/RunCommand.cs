using System.CommandLine;
using System.Globalization;
using Rapport.Load.Samples;

namespace Rapport.Load.Running;

/// <summary><c>run</c>: drives a running Rapport node over HTTP for a fixed time and reports throughput and latency.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Base URL of the running node, e.g. http://127.0.0.1:5090.", Required = true };
        var token = new Option<string>("--token") { Description = "API token (rpt_…): an agent's; for ingest, an integration system's or an administrator's; for webhook, an administrator's (it connects the bench's Twilio account, then signs as Twilio and sends no token). Not sent to the yardstick.", Required = true };
        var scenario = new Option<string>("--scenario") { Description = "What to do.", Required = true };
        scenario.AcceptOnlyFromAmong(Workload.Scenarios);
        var duration = new Option<string>("--duration") { Description = "Measured time, e.g. 30s or 2m.", DefaultValueFactory = _ => "30s" };
        var warmup = new Option<string>("--warmup") { Description = "Unmeasured time first (JIT, caches, pools).", DefaultValueFactory = _ => "5s" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight (closed loop).", DefaultValueFactory = _ => 16 };
        var samples = new Option<string>("--samples") { Description = "Sample file written by generate.", DefaultValueFactory = _ => "rapport-samples.tsv" };
        var missRatio = new Option<double>("--miss-ratio") { Description = "Share of lookups for contact points nobody has.", DefaultValueFactory = _ => 0.2 };
        var withRelated = new Option<bool>("--with-related") { Description = "customer-page also reads notes and history, as the UI does." };
        var searchTerm = new Option<string?>("--search-term") { Description = "search: this term every time (default: a sampled customer's full name)." };
        var respondAsync = new Option<bool>("--respond-async") { Description = "ingest: ask to be answered once the message is durable (Prefer: respond-async, 202), not processed." };
        var serverPid = new Option<int?>("--server-pid") { Description = "Process id of the node under test (on this machine): report its CPU per request." };
        var benchConversations = new Option<int>("--bench-conversations") { Description = "message-search: how many conversations `dashboards` added (their numbers are the rare terms).", DefaultValueFactory = _ => 2_000_000 };
        var seed = new Option<int>("--seed") { Description = "Seed for picking samples.", DefaultValueFactory = _ => 1 };

        var command = new Command("run", "Drive a running node and report req/s and p50/p95/p99/max latency per operation.")
        {
            url, token, scenario, duration, warmup, concurrency, samples, missRatio, withRelated, searchTerm, seed, respondAsync, serverPid, benchConversations,
        };
        command.SetAction(async (pr, ct) =>
        {
            var options = new RunOptions(new Uri(pr.GetValue(url)!, UriKind.Absolute), pr.GetValue(token)!, pr.GetValue(scenario)!,
                ParseDuration(pr.GetValue(duration)!), ParseDuration(pr.GetValue(warmup)!), pr.GetValue(concurrency),
                pr.GetValue(samples)!, pr.GetValue(missRatio), pr.GetValue(withRelated), pr.GetValue(searchTerm), pr.GetValue(seed),
                pr.GetValue(respondAsync), pr.GetValue(serverPid), pr.GetValue(benchConversations));
            var loaded = File.Exists(options.SamplesPath) ? SampleFile.Read(options.SamplesPath) : [];
            var report = await LoadRunner.RunAsync(options, new Workload(options, loaded), ct);
            report.Print(Console.Out);
            return report.Errors == 0 ? 0 : 3;
        });
        return command;
    }

    /// <summary>"30s", "2m", "500ms", or a TimeSpan such as "00:00:30".</summary>
    public static TimeSpan ParseDuration(string text)
    {
        text = text.Trim();
        static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(Number(text[..^2])),
            _ when text.EndsWith('s') => TimeSpan.FromSeconds(Number(text[..^1])),
            _ when text.EndsWith('m') => TimeSpan.FromMinutes(Number(text[..^1])),
            _ => TimeSpan.Parse(text, CultureInfo.InvariantCulture),
        };
    }
}
