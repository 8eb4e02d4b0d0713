using Rapport.Load.Samples;

namespace Rapport.Load.Running;

/// <summary>What one request of a scenario is: which call, with which sample. Shared by all workers; read-only.</summary>
internal sealed class Workload
{
    public static readonly string[] Scenarios =
        ["create", "lookup", "customer-page", "search", "message-search", "list", "health", "mixed", "ingest", "webhook", "yardstick", "yardstick-json"];

    /// <summary>Scenarios that drive bench/Yardstick rather than Rapport: no token, no API behind them.</summary>
    public static bool IsYardstick(string scenario) => scenario.StartsWith("yardstick", StringComparison.Ordinal);

    private readonly RunOptions options;
    private readonly Sample[] hits;
    private readonly Sample[] misses;
    private readonly Guid[] customers;
    private readonly string[] names;
    private readonly string runId = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
    private readonly InboundMix? inbound;
    private readonly TwilioWebhookMix? webhooks;
    private readonly MessageSearchTerms? messageSearch;

    public Workload(RunOptions options, IReadOnlyList<Sample> samples)
    {
        this.options = options;
        hits = samples.Where(s => s.IsLookup && s.Expect == "hit").ToArray();
        misses = samples.Where(s => s.IsLookup && s.Expect == "miss").ToArray();
        customers = samples.Where(s => s.Kind == "customer").Select(s => s.CustomerId!.Value).ToArray();
        names = samples.Where(s => s.Kind == "name").Select(s => s.Value).ToArray();
        inbound = options.Scenario == "ingest" ? new InboundMix(samples, runId, options.Concurrency) : null;
        webhooks = options.Scenario == "webhook" ? new TwilioWebhookMix(options.Url, runId) : null;
        messageSearch = options.Scenario == "message-search" ? new MessageSearchTerms(options.BenchConversations) : null;
        if (options.Scenario is not ("create" or "list" or "health" or "webhook" or "message-search" or "yardstick-json") && (hits.Length == 0 || customers.Length == 0))
        {
            throw new InvalidOperationException("The sample file has no customers; run generate first.");
        }
    }

    public Task<Outcome> NextAsync(HttpClient http, Random random, int worker, long n, CancellationToken ct) => options.Scenario switch
    {
        "create" => ApiCalls.CreateAsync(http, runId, worker, n, ct),
        "lookup" => Lookup(http, random, ct),
        "customer-page" => ApiCalls.CustomerPageAsync(http, random.GetItems(customers, 1)[0], options.WithRelated, ct),
        "search" => ApiCalls.SearchAsync(http, options.SearchTerm ?? random.GetItems(names, 1)[0], ct),
        "message-search" => ApiCalls.MessageSearchAsync(http, messageSearch!.Next(random), ct),
        "list" => ApiCalls.SearchAsync(http, "", ct),
        "health" => ApiCalls.GetAsync(http, "health", "/health", ct),
        "yardstick" => ApiCalls.GetAsync(http, "yardstick", $"/customers/{random.GetItems(customers, 1)[0]}", ct),
        "yardstick-json" => ApiCalls.GetAsync(http, "yardstick-json", "/json", ct),
        "ingest" => options.RespondAsync
            ? ApiCalls.AcceptAsync(http, inbound!.Next(random, worker, n), ct)
            : ApiCalls.IngestAsync(http, inbound!, inbound!.Next(random, worker, n), worker, ct),
        "webhook" => webhooks!.SendAsync(http, random, worker, n, ct),
        _ => Mixed(http, random, worker, n, ct),
    };

    /// <summary>An agent desk's rough day: mostly recognising who is calling, then reading their record, sometimes a new customer.</summary>
    private Task<Outcome> Mixed(HttpClient http, Random random, int worker, long n, CancellationToken ct) => random.Next(100) switch
    {
        < 65 => Lookup(http, random, ct),
        < 90 => ApiCalls.CustomerPageAsync(http, random.GetItems(customers, 1)[0], options.WithRelated, ct),
        _ => ApiCalls.CreateAsync(http, runId, worker, n, ct),
    };

    private Task<Outcome> Lookup(HttpClient http, Random random, CancellationToken ct)
    {
        var pool = misses.Length > 0 && random.NextDouble() < options.MissRatio ? misses : hits;
        return ApiCalls.LookupAsync(http, pool[random.Next(pool.Length)], ct);
    }
}
