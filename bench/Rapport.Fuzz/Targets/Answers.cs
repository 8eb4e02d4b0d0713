
namespace Rapport.Fuzz;

/// <summary>The properties every answer to fuzzed input has: never a 5xx; a 4xx is RFC 9457 problem JSON; a 4xx wrote nothing.</summary>
public static class Answers
{
    /// <summary>Null when the answer keeps the rules; else what is wrong. Counts the status in the report.</summary>
    public static async Task<string?> CheckAsync(HttpResponseMessage response, FuzzReport report, string request, DatabaseFingerprint? fingerprint = null, long[]? before = null)
    {
        var status = (int)response.StatusCode;
        report.Count(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return $"{request} → {status}: {Cut(body, 600)}";
        }

        if (status < 400)
        {
            return null;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{request} → {status} is not problem JSON ({response.Content.Headers.ContentType}): {Cut(body, 300)}";
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            if (!problem.RootElement.TryGetProperty("status", out var s) || s.GetInt32() != status || !problem.RootElement.TryGetProperty("title", out _))
            {
                return $"{request} → {status}: the problem has no matching status or no title: {Cut(body, 300)}";
            }
        }
        catch (JsonException)
        {
            return $"{request} → {status}: the problem is not JSON: {Cut(body, 300)}";
        }

        if (fingerprint is not null && before is not null && fingerprint.Difference(before, await fingerprint.TakeAsync()) is { Length: > 0 } written)
        {
            return $"{request} → {status} but wrote: {written}";
        }

        return null;
    }

    public static string Cut(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
