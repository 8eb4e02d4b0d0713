using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.Api;

/// <summary>
/// Honours <c>Idempotency-Key</c> on creates: the first request's response is stored and replayed for the same key
/// and body; the same key with a different body is a 422. Concurrent requests with one key create once.
/// </summary>
public sealed class IdempotencyFilter(RapportDbContext db, TimeProvider time, IOptions<JsonOptions> json) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // Added through .Idempotent(), which also puts Idempotency-Key, 409 and 422 in the OpenAPI document.
        if (http.GetEndpoint()?.Metadata.GetMetadata<OpenApi.IdempotentEndpoint>() is null)
        {
            throw new InvalidOperationException($"{http.GetEndpoint()?.DisplayName} adds the idempotency filter without .Idempotent(); the document would not say so.");
        }

        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return await next(context);
        }

        if (key.Length > 200)
        {
            return Problems.Invalid(Header, "Idempotency-Key must be at most 200 characters.");
        }

        var principal = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
        var requestHash = HashArguments(context, json.Value.SerializerOptions);
        var ct = http.RequestAborted;
        if (await ReplayAsync(http, principal, key, requestHash, ct) is { } replay)
        {
            return replay;
        }

        // The record commits in the same transaction as what the request created, so a crash in between cannot leave a
        // create without its key, and of two racing requests with one key only one create survives.
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var result = await next(context);
        // Handlers return Results<…> unions; the outcome to remember is the result inside.
        var outcome = result is INestedHttpResult nested ? nested.Result : result;
        if (outcome is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success and IValueHttpResult value)
        {
            db.ChangeTracker.Clear();
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Principal = principal,
                Key = key,
                RequestHash = requestHash,
                StatusCode = success.StatusCode ?? 200,
                Location = LocationOf(outcome),
                ETag = http.Response.Headers.ETag is { Count: > 0 } etag ? etag.ToString() : null,
                ResponseBody = JsonSerializer.Serialize(value.Value, json.Value.SerializerOptions),
                CreatedAt = time.GetUtcNow().UtcDateTime,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another request with this key committed first: undo ours and answer what it answered.
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return await ReplayAsync(http, principal, key, requestHash, ct)
                    ?? TypedResults.Problem(title: "A request with this Idempotency-Key is in progress.", statusCode: StatusCodes.Status409Conflict,
                        type: "https://rapport.dev/problems/idempotency-key-in-use");
            }
        }

        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>The stored answer for this key, a 422 if the key was used for another request, or null when it is new.</summary>
    private async Task<IResult?> ReplayAsync(HttpContext http, string principal, string key, string requestHash, CancellationToken ct)
    {
        var previous = await db.IdempotencyRecords.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Principal == principal && r.Key == key, ct);
        if (previous is null)
        {
            return null;
        }

        if (previous.RequestHash != requestHash)
        {
            return TypedResults.Problem(title: "Idempotency-Key reused with a different request.",
                detail: "This key was first used with another request body. Use a new key for a new request.",
                statusCode: StatusCodes.Status422UnprocessableEntity, type: "https://rapport.dev/problems/idempotency-key-reused");
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (previous.Location is not null)
        {
            http.Response.Headers.Location = previous.Location;
        }

        if (previous.ETag is not null)
        {
            http.Response.Headers.ETag = previous.ETag;
        }

        return TypedResults.Text(previous.ResponseBody, "application/json", statusCode: previous.StatusCode);
    }

    private static string? LocationOf(object result) =>
        result.GetType().GetProperty("Location")?.GetValue(result) as string;

    // The request is its method, target (route values included) and body: the same body posted to another record is another request.
    private static string HashArguments(EndpointFilterInvocationContext context, JsonSerializerOptions options)
    {
        var bodies = context.Arguments.Where(a => a is not null && a.GetType().Namespace?.StartsWith("Rapport", StringComparison.Ordinal) == true
            && a.GetType().Name.EndsWith("Request", StringComparison.Ordinal));
        var request = context.HttpContext.Request;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { request.Method, Path = request.Path.Value, Bodies = bodies.ToArray() }, options);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
