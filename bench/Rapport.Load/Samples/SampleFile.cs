using System.Globalization;
using Rapport.Features.Customers;
using Rapport.Load.Generation;

namespace Rapport.Load.Samples;

/// <summary>
/// One line of the sample file: something the load driver asks for and what it should find. Expect is "hit" when a
/// generated customer has it and "miss" when none does; Kind is email, phone or handle (lookups), customer (an id)
/// or name (a list search).
/// </summary>
internal sealed record Sample(string Expect, string Kind, string Value, string? Network, Guid? CustomerId)
{
    public bool IsLookup => Kind is "email" or "phone" or "handle";
}

/// <summary>
/// Tab-separated samples of generated customers, spread evenly over every index so lookups touch the whole table,
/// plus contact points that no generated customer has. Rebuilt from (seed, index) alone, so always the same.
/// </summary>
internal static class SampleFile
{
    public static IEnumerable<Sample> Build(SyntheticCustomers customers, long total, int count)
    {
        var step = Math.Max(1, total / Math.Max(1, count));
        for (long index = 0; index < total; index += step)
        {
            var c = customers.Make(index);
            yield return new Sample("hit", "customer", c.Customer.Id.ToString(), null, c.Customer.Id);
            yield return new Sample("hit", "name", c.Customer.Name, null, c.Customer.Id);
            foreach (var p in c.ContactPoints.Select(r => r.Point))
            {
                switch (p.Type)
                {
                    // Upper-cased now and then: a lookup must match whatever case the sender uses.
                    case ContactPointType.Email:
                        yield return new Sample("hit", "email", index % 4 == 0 ? p.Value.ToUpperInvariant() : p.Value, null, c.Customer.Id);
                        break;
                    case ContactPointType.Phone:
                        yield return new Sample("hit", "phone", AsTyped(SyntheticCustomers.NationalMobile(index), index), null, c.Customer.Id);
                        break;
                    case ContactPointType.Social:
                        yield return new Sample("hit", "handle", p.Value, p.Network, c.Customer.Id);
                        break;
                }
            }
        }

        for (var k = 0; k < Math.Max(1, count / 5); k++)
        {
            yield return new Sample("miss", "email", $"absent.{k}@nowhere.example", null, null);
            yield return new Sample("miss", "phone", AsTyped(SyntheticCustomers.AbsentMobile(k), k), null, null);
        }
    }

    public static async Task<int> WriteAsync(string path, IEnumerable<Sample> samples, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path) { NewLine = "\n" };
        await writer.WriteLineAsync("# expect\tkind\tvalue\tnetwork\tcustomerId");
        var written = 0;
        foreach (var s in samples)
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync($"{s.Expect}\t{s.Kind}\t{s.Value}\t{s.Network ?? "-"}\t{s.CustomerId?.ToString() ?? "-"}");
            written++;
        }

        return written;
    }

    public static List<Sample> Read(string path) => File.ReadLines(path)
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.Split('\t'))
        .Select(f => new Sample(f[0], f[1], f[2], f[3] == "-" ? null : f[3], f[4] == "-" ? null : Guid.Parse(f[4], CultureInfo.InvariantCulture)))
        .ToList();

    /// <summary>A UK number the way people write it: spaced, international, or run together.</summary>
    private static string AsTyped(string national, long index) => (index % 3) switch
    {
        0 => $"{national[..5]} {national[5..]}",
        1 => $"+44 {national[1..5]} {national[5..]}",
        _ => national,
    };
}
