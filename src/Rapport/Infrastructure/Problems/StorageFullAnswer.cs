using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.Problems;

/// <summary>
/// The answer when a write failed because the storage is full: 507 Insufficient Storage with <c>Retry-After</c>, a
/// problem whose <c>type</c> names the cause. 507 rather than 503: the server is up and reads still work, but it cannot
/// store, and it will not recover on its own until someone frees space. Nothing of the request was kept: the database
/// rolled the transaction back, and an ingestion is acknowledged only after its journal entry commits.
/// </summary>
internal static class StorageFullAnswer
{
    public static async Task<bool> WriteAsync(HttpContext http, IProblemDetailsService problems, Exception exception, string why, ILogger log)
    {
        log.LogError("Storage is full ({Why}) for {Method} {Path}: {Error}", why, http.Request.Method, http.Request.Path,
            exception.GetBaseException().Message);
        var retryAfter = ((int)StorageFull.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        http.Response.StatusCode = StatusCodes.Status507InsufficientStorage;
        http.Response.Headers.RetryAfter = retryAfter;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status507InsufficientStorage,
            Type = StorageFull.ProblemType,
            Title = StorageFull.Title,
            Detail = "Nothing was saved. The server has no space left to store this; retry later, once an administrator has freed space.",
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}
