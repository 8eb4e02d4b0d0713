using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.ServiceStandards;

public static class ServiceStandardEndpoints
{
    public static IEndpointRouteBuilder MapServiceStandardEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/service-standards").WithTags("Service standards").RequireAuthorization(Policies.Staff)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/calendar", async (ServiceStandardService s, CancellationToken ct) => TypedResults.Ok(await s.CalendarAsync(ct)))
            .WithName("GetCalendar");
        group.MapPut("/calendar", async (CalendarDto request, ServiceStandardService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetCalendarAsync(request, ct))).RequireAuthorization(Policies.Administer).WithName("SetCalendar");
        group.MapGet("/delay-template", async (ServiceStandardService s, CancellationToken ct) => TypedResults.Ok(await s.DelayTemplateAsync(ct)))
            .WithName("GetDelayTemplate");
        group.MapPut("/delay-template", async (DelayTemplateDto request, ServiceStandardService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetDelayTemplateAsync(request, ct))).RequireAuthorization(Policies.Administer)
            .WithName("SetDelayTemplate");
        group.MapGet("/policies", async (ServiceStandardService s, CancellationToken ct) => TypedResults.Ok(await s.PoliciesAsync(ct)))
            .WithName("ListPolicies");
        group.MapPost("/policies", CreatePolicy).RequireAuthorization(Policies.Administer);
        group.MapPut("/policies/{id}", UpdatePolicy).RequireAuthorization(Policies.Administer);
        group.MapDelete("/policies/{id}", DeletePolicy).RequireAuthorization(Policies.Administer);
        group.MapGet("/due-soon", DueSoon).RequireAuthorization(Policies.ReadCustomers);
        var cases = group.MapGroup("/cases/{id}").RequireVisible("case", "id", Cases.CaseVisibility.CanSeeCaseAsync);
        cases.MapGet("/", ForCase).RequireAuthorization(Policies.ReadCustomers);
        cases.MapPost("/delay-explanation", ExplainDelay).RequireAuthorization(Policies.WorkCases);
        return app;
    }

    public static async Task<Created<ServicePolicyDto>> CreatePolicy(ServicePolicyRequest request, ServiceStandardService s, CancellationToken ct)
    {
        var created = (await s.SavePolicyAsync(null, request, ct))!;
        return TypedResults.Created($"/api/v1/service-standards/policies/{created.Id}", created.ToDto());
    }

    public static async Task<Results<Ok<ServicePolicyDto>, ProblemHttpResult>> UpdatePolicy(Guid id, ServicePolicyRequest request,
        ServiceStandardService s, CancellationToken ct) =>
        await s.SavePolicyAsync(id, request, ct) is { } saved ? TypedResults.Ok(saved.ToDto()) : Problems.NotFound("policy", id);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePolicy(Guid id, ServiceStandardService s, CancellationToken ct) =>
        await s.DeletePolicyAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("policy", id);

    /// <summary>Clocks due within <c>within</c> minutes (default 60, at most a week; overdue first), and open breaches.</summary>
    public static async Task<Results<Ok<DueSoonDto>, ValidationProblem>> DueSoon(int? within, int? limit, ServiceStandardService s,
        ClaimsPrincipal user, CancellationToken ct)
    {
        if (within is < 0 or > ServiceStandardService.MaxWithinMinutes)
        {
            return Problems.Invalid("within", $"within is a number of minutes from 0 to {ServiceStandardService.MaxWithinMinutes}.");
        }

        if (limit is < 1 or > 500)
        {
            return Problems.Invalid("limit", "limit is between 1 and 500.");
        }

        return TypedResults.Ok(await s.DueSoonAsync(TimeSpan.FromMinutes(within ?? 60), limit ?? 100, Viewer.Of(user), ct));
    }

    /// <summary>The case's clocks, the time since the customer was last updated, and whether (and why) it is delayed.</summary>
    public static async Task<Results<Ok<CaseServiceDto>, ProblemHttpResult>> ForCase(Guid id, ServiceStandardService s, ClaimsPrincipal user,
        CancellationToken ct) =>
        await s.ForCaseAsync(id, Viewer.Of(user), ct) is { } found ? TypedResults.Ok(found) : Problems.NotFound("case", id);

    /// <summary>Tells the customer why the case is delayed, on their channel; it counts as an update to them.</summary>
    public static async Task<Results<Accepted<MessageDto>, ProblemHttpResult>> ExplainDelay(Guid id, DelayExplanationRequest request,
        ServiceStandardService s, ClaimsPrincipal user, CancellationToken ct) =>
        await s.ExplainDelayAsync(id, request, user, ct) is { } sent
            ? TypedResults.Accepted($"/api/v1/conversations/{sent.ConversationId}", sent.ToDto())
            : Problems.NotFound("case", id);
}

public static class ServiceStandardSetup
{
    public static IServiceCollection AddServiceStandards(this IServiceCollection services)
    {
        services.AddSingleton<ServiceStandardEvents>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, CaseTargetsInterceptor>();
        services.AddSingleton<ServiceSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ServiceSweeper>());
        services.AddScoped<ServiceStandardService>();
        services.AddScoped<ICaseDelaySignal, TargetsAtRisk>();
        return services;
    }
}
