using BenchmarkDotNet.Attributes;
using Rapport.Infrastructure.Api;

namespace Rapport.Bench;

/// <summary>Every page of every list encodes one cursor and decodes the one it was given.</summary>
[MemoryDiagnoser]
public class CursorBenchmarks
{
    private readonly Cursor cursor = new("jane smith-jones", Guid.Parse("0199a3c2-7b7f-7d2f-8e66-3a2d8b1c5f22"));
    private string encoded = "";

    [GlobalSetup]
    public void Setup() => encoded = cursor.Encode();

    [Benchmark]
    public string Encode() => cursor.Encode();

    [Benchmark]
    public Cursor? Decode() => Cursor.TryDecode(encoded, out var decoded) ? decoded : null;

    [Benchmark]
    public bool DecodeGarbage() => Cursor.TryDecode("not-a-cursor!", out _);
}
