using System.Buffers;

namespace Rapport.Features.Channels;

/// <summary>One decoded webhook parameter and where it arrived, so sorting by name keeps repeated names in arrival order.</summary>
internal readonly record struct WebhookParameter(string Name, string Value, int Arrival);

internal static class WebhookParameters
{
    /// <summary>
    /// Rents an array holding the parameters sorted by name (ordinal), repeated names in arrival order; parameters named
    /// <paramref name="left"/> are counted in <paramref name="leftCount"/> and handed back in <paramref name="leftValue"/>
    /// (the last one) instead. Return the array with <see cref="Return"/>.
    /// </summary>
    public static WebhookParameter[] RentSorted(
        IEnumerable<KeyValuePair<string, string>> parameters, string? left, out int count, out string? leftValue, out int leftCount)
    {
        var rented = ArrayPool<WebhookParameter>.Shared.Rent(parameters.TryGetNonEnumeratedCount(out var known) ? Math.Max(known, 1) : 16);
        count = 0;
        leftValue = null;
        leftCount = 0;
        foreach (var (name, value) in parameters)
        {
            if (left is not null && string.Equals(name, left, StringComparison.Ordinal))
            {
                leftValue = value;
                leftCount++;
                continue;
            }

            if (count == rented.Length)
            {
                var larger = ArrayPool<WebhookParameter>.Shared.Rent(rented.Length * 2);
                rented.AsSpan(0, count).CopyTo(larger);
                Return(rented);
                rented = larger;
            }

            rented[count] = new WebhookParameter(name ?? "", value ?? "", count);
            count++;
        }

        Array.Sort(rented, 0, count, ByNameThenArrival.Instance);
        return rented;
    }

    public static void Return(WebhookParameter[] rented) => ArrayPool<WebhookParameter>.Shared.Return(rented, clearArray: true);

    private sealed class ByNameThenArrival : IComparer<WebhookParameter>
    {
        public static readonly ByNameThenArrival Instance = new();

        public int Compare(WebhookParameter x, WebhookParameter y)
        {
            var byName = string.CompareOrdinal(x.Name, y.Name);
            return byName != 0 ? byName : x.Arrival.CompareTo(y.Arrival);
        }
    }
}
