using System.Globalization;

namespace Rapport.UnitTests;

/// <summary>How many random cases each property test tries; raise RAPPORT_PROPERTY_ITERATIONS for a deeper search.</summary>
internal static class PropertyRuns
{
    public static int Iterations { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("RAPPORT_PROPERTY_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : 5_000;
}
