using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Competence;

/// <summary>Competence evidence (C27): the portfolio of a member of staff, and the criteria it is measured against.</summary>
public static class CompetenceEndpoints
{
    public static IEndpointRouteBuilder MapCompetenceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Competence").RequireAuthorization(Policies.Staff)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/competence/criteria", ListCriteria);
        group.MapGet("/staff/{id}/portfolio", GetPortfolio);
        return app;
    }

    /// <summary>Every criterion of the five standards, with the kinds of work that evidence it.</summary>
    public static Ok<IReadOnlyList<CriterionDto>> ListCriteria() =>
        TypedResults.Ok<IReadOnlyList<CriterionDto>>(StandardCriteria.All.Select(c => new CriterionDto(c.Id, c.Standard, c.Code, c.Text,
            CriterionEvidence.For(c).Select(n => n.Detail is null ? n.Kind.ToString() : $"{n.Kind}:{n.Detail}").ToList())).ToList());

    /// <summary>
    /// The staff member's portfolio over [from, to) (default: the year up to now): each criterion of the five standards,
    /// evidenced by which records or a gap. Yours; your teams' members' when you supervise; everyone's for administrators
    /// and auditors. Anyone else's answers 404. The printable page is /staff/{id}/portfolio.
    /// </summary>
    public static async Task<Results<Ok<PortfolioDto>, ValidationProblem, ProblemHttpResult>> GetPortfolio(Guid id, DateTimeOffset? from, DateTimeOffset? to,
        Portfolios portfolios, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await portfolios.MayReadAsync(id, user, ct))
        {
            return Problems.NotFound("staff member", id);
        }

        return await portfolios.BuildAsync(id, from?.UtcDateTime, to?.UtcDateTime, Viewer.Of(user), ct) is { } built
            ? TypedResults.Ok(built)
            : Problems.NotFound("staff member", id);
    }
}

public sealed record CriterionDto(string Id, string Standard, string Code, string Text, IReadOnlyList<string> EvidencedBy);

public static class CompetenceSetup
{
    public static IServiceCollection AddCompetence(this IServiceCollection services)
    {
        services.AddScoped<Portfolios>();
        services.AddScoped<ICompetenceEvidenceSource, PromiseEvidence>();
        services.AddScoped<ICompetenceEvidenceSource, ReferralEvidence>();
        services.AddScoped<ICompetenceEvidenceSource, ConsentEvidence>();
        services.AddScoped<ICompetenceEvidenceSource, ComplaintEvidence>();
        services.AddScoped<ICompetenceEvidenceSource, ChannelEvidence>();
        services.AddScoped<ICompetenceEvidenceSource, KeptInformedEvidence>();
        services.AddScoped<ICompetenceEvidenceSource, RequirementEvidence>();
        services.AddScoped<ICompetenceEvidenceSource, ReviewEvidence>();
        services.AddScoped<ICompetenceEvidenceSource, FeedbackEvidence>();
        // Feedback acted on (EvidenceKind.FeedbackActedOn): the Feedback feature registers its own source here.
        return services;
    }
}
