using BenchmarkDotNet.Attributes;
using Rapport.Features.Customers;

namespace Rapport.Bench;

/// <summary>Every inbound message is matched to a customer through these; they run once per message on ingestion.</summary>
[MemoryDiagnoser]
public class ContactPointRulesBenchmarks
{
    private readonly ContactPointRules rules = new("GB");

    [Benchmark]
    public string NormalizePhoneNational() => rules.NormalizePhone("020 7946 0018");

    [Benchmark]
    public string NormalizePhoneInternational() => rules.NormalizePhone("+44 7400 123456");

    [Benchmark]
    public string NormalizePhoneForeign() => rules.NormalizePhone("+1 (415) 555-2671");

    [Benchmark]
    public bool TryNormalizePhoneNotANumber() => rules.TryNormalizePhone("call me maybe", out _);

    [Benchmark]
    public string NormalizeEmail() => ContactPointRules.NormalizeEmail("Jane.Smith.42@Example.COM");

    [Benchmark]
    public string NormalizeHandle() => rules.NormalizeHandle("@Jane_Smith42", "instagram");

    [Benchmark]
    public ContactPoint CreatePhone() => rules.Create(ContactPointType.Phone, "07400 123456", null, "mobile");
}
