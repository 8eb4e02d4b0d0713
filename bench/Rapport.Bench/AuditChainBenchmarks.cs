using BenchmarkDotNet.Attributes;
using Rapport.Features.Audit;

namespace Rapport.Bench;

/// <summary>Every audited write seals its entries with this hash; `audit verify` recomputes it for the whole chain.</summary>
[MemoryDiagnoser]
public class AuditChainBenchmarks
{
    private readonly AuditEntry entry = new()
    {
        Sequence = 1_234_567,
        At = new DateTime(2026, 11, 26, 9, 30, 0, DateTimeKind.Utc),
        ActorId = "0199a3c2-6a6e-7c1e-9d55-2f1c7a0b4e11",
        ActorName = "Amira Agent",
        Action = "customer.updated",
        SubjectType = "customer",
        SubjectId = "0199a3c2-7b7f-7d2f-8e66-3a2d8b1c5f22",
        Changes = """{"name":{"before":"Jane Smith","after":"Jane Smith-Jones"},"kind":{"before":"External","after":"External"},"organisation":{"before":null,"after":"Harbour View Hotels"},"preferredChannel":{"before":"Email","after":"Phone"}}""",
        Reason = "Customer married; asked to be called instead of emailed.",
        PreviousHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        Hash = "",
    };

    [Benchmark]
    public string ComputeHash() => AuditChain.ComputeHash(entry);
}
