namespace Rapport.Load.Running;

internal sealed record RunOptions(
    Uri Url, string Token, string Scenario, TimeSpan Duration, TimeSpan Warmup, int Concurrency, string SamplesPath,
    double MissRatio, bool WithRelated, string? SearchTerm, int Seed, bool RespondAsync = false, int? ServerPid = null,
    int BenchConversations = 2_000_000);
