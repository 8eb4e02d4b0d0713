using System.Globalization;

namespace Rapport.Infrastructure.Api;

/// <summary>
/// How long a caller is willing to wait for work to finish before it is answered "accepted" (RFC 7240 <c>Prefer</c>):
/// <c>respond-async</c> means not at all, <c>wait=N</c> at most N seconds; otherwise <see cref="Default"/>.
/// </summary>
public static class PreferredWait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    public static TimeSpan From(HttpRequest request)
    {
        foreach (var preference in Preferences(request))
        {
            if (preference.Equals("respond-async", StringComparison.OrdinalIgnoreCase))
            {
                return TimeSpan.Zero;
            }

            if (preference.StartsWith("wait=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(preference.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Min(seconds, Longest.TotalSeconds));
            }
        }

        return Default;
    }

    /// <summary>The preferences honoured, for the <c>Preference-Applied</c> header.</summary>
    public static string Applied(HttpRequest request) => string.Join(", ", Preferences(request)
        .Where(p => p.Equals("respond-async", StringComparison.OrdinalIgnoreCase) || p.StartsWith("wait=", StringComparison.OrdinalIgnoreCase)));

    private static IEnumerable<string> Preferences(HttpRequest request) => request.Headers["Prefer"]
        .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
