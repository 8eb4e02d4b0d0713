using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.Problems;

/// <summary>
/// The answer while the database is unavailable: 503 with <c>Retry-After</c>, as a problem (RFC 9457) to API callers
/// and as a page that reloads itself to a person's browser. Nothing of the request was committed: every write runs in a
/// transaction, and an ingestion is acknowledged only after its journal entry commits.
/// </summary>
internal static class DatabaseOutageAnswer
{
    public static async Task<bool> WriteAsync(HttpContext http, IProblemDetailsService problems, Exception exception, string outage, ILogger log)
    {
        // A warning without the stack: an outage is expected to pass, and logs the same line for every request meanwhile.
        log.LogWarning("The database is unavailable ({Outage}) for {Method} {Path}: {Error}", outage, http.Request.Method, http.Request.Path,
            exception.GetBaseException().Message);
        var retryAfter = ((int)DatabaseUnavailable.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = retryAfter;
        if (WantsPage(http.Request))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(Page(retryAfter), http.RequestAborted);
            return true;
        }

        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Type = DatabaseUnavailable.ProblemType,
            Title = DatabaseUnavailable.Title,
            Detail = $"Nothing was saved. Retry after {retryAfter} seconds; the service resumes by itself when the database is back.",
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static bool WantsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/webhooks")
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static string Page(string retryAfter) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{{retryAfter}}">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>Rapport: database unavailable</title></head>
        <body>
        <h1>The database is unavailable</h1>
        <p role="status">Rapport cannot reach its database just now. This page tries again every {{retryAfter}} seconds and
        opens as soon as the database is back; nothing you saved before is lost.</p>
        </body></html>
        """;
}
