using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// What <c>/health</c> answers: <c>{"status":"healthy","database":"ok"}</c> with 200, or
/// <c>{"status":"unhealthy","database":"unreachable: ConnectionRefused"}</c> with 503, so whoever watches the node reads
/// what is wrong. The healthy answer is written from bytes made once: the probe is asked thousands of times a second.
/// </summary>
public static class HealthAnswer
{
    private static readonly byte[] Healthy = JsonSerializer.SerializeToUtf8Bytes(new Body("healthy", "ok"), JsonSerializerOptions.Web);

    public static HealthCheckOptions Options { get; } = new() { ResponseWriter = WriteAsync };

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        if (report.Status == HealthStatus.Healthy)
        {
            return http.Response.Body.WriteAsync(Healthy).AsTask();
        }

        var database = report.Entries.TryGetValue("database", out var entry) && entry.Status != HealthStatus.Healthy
            ? entry.Description ?? "unreachable"
            : "ok";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new Body(report.Status == HealthStatus.Degraded ? "degraded" : "unhealthy", database), JsonSerializerOptions.Web), http.RequestAborted);
    }

    private sealed record Body(string Status, string Database);
}
