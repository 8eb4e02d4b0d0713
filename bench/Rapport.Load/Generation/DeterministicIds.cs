namespace Rapport.Load.Generation;

/// <summary>Seeds and ids that depend only on the run's seed and the customer's index, so any customer can be rebuilt alone.</summary>
internal static class DeterministicIds
{
    /// <summary>A seed for one customer: SplitMix64 of (seed, index); HashCode is randomised per process, so not that.</summary>
    public static int SeedFor(int seed, long index)
    {
        var z = unchecked(((ulong)(uint)seed << 32) + (ulong)index + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(z ^ (z >> 31)));
    }

    /// <summary>A UUID version 7 like <see cref="Guid.CreateVersion7()"/>, but with its random bits from <paramref name="random"/>.</summary>
    public static Guid Version7(DateTime at, Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        var ms = (ulong)new DateTimeOffset(at).ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(ms >> (8 * (5 - i)));
        }

        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
