using Microsoft.Net.Http.Headers;

namespace Rapport.Infrastructure.Api;

/// <summary>Weak-free ETags made from a record's version token, and parsing of If-Match.</summary>
public static class ETags
{
    public static string Of(Guid version) => $"\"{version:N}\"";

    public static void Set(HttpResponse response, Guid version) => response.Headers.ETag = Of(version);

    /// <summary>The version named by If-Match, null when absent or "*"; false when the header is not an ETag of ours.</summary>
    public static bool TryReadIfMatch(HttpRequest request, out Guid? version)
    {
        version = null;
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return true;
        }

        if (!EntityTagHeaderValue.TryParse(header.Trim(), out var tag) || tag.IsWeak)
        {
            return false;
        }

        if (!Guid.TryParseExact(tag.Tag.ToString().Trim('"'), "N", out var parsed))
        {
            return false;
        }

        version = parsed;
        return true;
    }
}
