using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity;

/// <summary>Whether <paramref name="viewer"/> may see the record with <paramref name="id"/> (one rule per kind of record, owned by its feature).</summary>
public delegate Task<bool> CanSee(RapportDbContext db, Guid id, Viewer viewer, CancellationToken ct);

/// <summary>
/// Answers 404 — the same answer as for a record that does not exist, so ids cannot be probed — before any handler runs
/// when the caller may not see the record a route names. Put on a route group, it guards every endpoint of the group
/// that has the route value, so an endpoint added later is guarded too.
/// </summary>
public static class VisibleRecordFilter
{
    public static TBuilder RequireVisible<TBuilder>(this TBuilder builder, string what, string routeValue, CanSee canSee)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.RouteValues.TryGetValue(routeValue, out var raw) && Guid.TryParse(raw?.ToString(), out var id))
            {
                var db = http.RequestServices.GetRequiredService<RapportDbContext>();
                if (!await canSee(db, id, Viewer.Of(http.User), http.RequestAborted))
                {
                    return Problems.NotFound(what, id);
                }
            }

            return await next(context);
        });
}
