using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Dashboards;

/// <summary>Service dashboards (C28): each chart's numbers as JSON or CSV, whose numbers one may choose, and the rollup.</summary>
public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/dashboards").WithTags("Dashboards").RequireAuthorization(Policies.Staff);
        group.MapGet("", ListCharts);
        group.MapGet("/{chart}", GetChart).Produces<ChartDto>(StatusCodes.Status200OK, "application/json", "text/csv");
        group.MapPost("/rollup", RollUp).RequireAuthorization(Policies.Administer);
        return app;
    }

    /// <summary>The charts, the teams and agents whose numbers you may choose, and when the figures were last rolled up.</summary>
    public static async Task<Ok<DashboardsDto>> ListCharts(DashboardAccess access, DashboardRollup rollup, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(new DashboardsDto(Charts.All.Select(c => c.Info).ToList(), await access.ChoicesAsync(Viewer.Of(user), ct),
            await rollup.RolledUpToAsync(ct)));

    /// <summary>
    /// One chart's numbers over the days <c>from</c> to <c>to</c> (UTC, inclusive; the last 30 days by default), by
    /// <c>bucket</c> (day, week or month), for the organisation, a <c>team</c>, an <c>agent</c> or an agent within a
    /// team. CSV with <c>Accept: text/csv</c> or <c>format=csv</c>: the same numbers, one row per period. Agents see
    /// their own numbers and their teams'; a team or agent you may not see answers 404, the organisation 403.
    /// </summary>
    public static async Task<Results<Ok<ChartDto>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetChart(string chart,
        DateOnly? from, DateOnly? to, Guid? team, Guid? agent, string? bucket, string? format, HttpRequest request,
        DashboardAccess access, ChartQueries charts, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Charts.Find(chart) is not { } found)
        {
            return Problems.NotFound("chart", chart);
        }

        if (QueryEnum.Read<ChartBucket>(bucket, "bucket", out var by) is { } badBucket)
        {
            return badBucket;
        }

        if (format is not (null or "json" or "csv"))
        {
            return Problems.Invalid("format", "Choose json or csv.");
        }

        var scope = new DashboardScope(team, agent);
        switch (await access.CheckAsync(scope, Viewer.Of(user), ct))
        {
            case DashboardAccess.Verdict.NoSuchTeam:
                return Problems.NotFound("team", team!);
            case DashboardAccess.Verdict.NoSuchAgent:
                return Problems.NotFound("staff member", agent!);
            case DashboardAccess.Verdict.OrganisationRefused:
                return TypedResults.Problem(title: "Choose a team or yourself.",
                    detail: "An agent sees their own numbers and their teams', not the organisation's: give team or agent.",
                    statusCode: StatusCodes.Status403Forbidden, type: "https://rapport.dev/problems/forbidden");
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var last = to ?? today;
        var numbers = await charts.ReadAsync(found, from ?? last.AddDays(-29), last, by ?? ChartBucket.Day, scope, ct);
        if (format == "csv" || (format is null && WantsCsv(request)))
        {
            await using var text = new StringWriter();
            await ChartCsv.WriteAsync(numbers, text, ct);
            return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", ChartCsv.FileName(numbers));
        }

        return TypedResults.Ok(numbers);
    }

    /// <summary>
    /// Rolls the figures up now (administrators): from <c>from</c> when given — after importing history, say — else from
    /// the last run less the settling window. 409 while another run holds the lease.
    /// </summary>
    public static async Task<Results<Ok<RollupRunDto>, ProblemHttpResult>> RollUp(DateOnly? from, DashboardRollup rollup, CancellationToken ct) =>
        await rollup.RunAsync(from, ct) is { } run
            ? TypedResults.Ok(run)
            : Problems.Conflict("Another rollup is running; try again when it has finished.");

    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept is { Count: > 0 } accept
        && accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        && !accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && a.Quality is null or >= 1);
}

/// <summary>The dashboards: the charts, whose numbers you may choose, and when the figures were last rolled up (null before the first run).</summary>
public sealed record DashboardsDto(IReadOnlyList<ChartInfoDto> Charts, DashboardChoicesDto Choices, DateTime? RolledUpTo);

public static class DashboardSetup
{
    public static IServiceCollection AddDashboards(this IServiceCollection services)
    {
        services.AddScoped<DailyFacts>();
        services.AddScoped<DashboardRollup>();
        services.AddScoped<DashboardAccess>();
        services.AddScoped<ChartQueries>();
        services.AddHostedService<RollupSchedule>();
        return services;
    }
}
