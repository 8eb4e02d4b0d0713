using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Audit;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(Policies.ReadAudit);
        group.MapGet("/", ListEntries);
        group.MapGet("/verify", Verify);
        return app;
    }

    /// <summary>The audit trail, newest first, optionally for one subject.</summary>
    public static async Task<Results<Ok<Page<AuditEntryDto>>, ValidationProblem>> ListEntries(AuditLog log,
        string? subjectType, string? subjectId, string? action, int? limit, string? after, CancellationToken ct)
    {
        if (Paging.Validate(limit, after, out var take, out var cursor) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await log.ListAsync(new AuditFilter(subjectType, subjectId, action), take, cursor, ct));
    }

    /// <summary>Walks the hash chain and reports the first broken link.</summary>
    public static async Task<Ok<AuditVerification>> Verify(AuditLog log, CancellationToken ct) =>
        TypedResults.Ok(await log.VerifyAsync(ct));
}
