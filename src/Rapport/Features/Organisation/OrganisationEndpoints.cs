using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Organisation;

public static class OrganisationEndpoints
{
    public static IEndpointRouteBuilder MapOrganisationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/organisation").WithTags("Organisation");
        group.MapGet("/", GetSettings).RequireAuthorization(Policies.Staff);
        group.MapPut("/", UpdateSettings).RequireAuthorization(Policies.Administer);
        return app;
    }

    public static async Task<Ok<OrganisationSettingsDto>> GetSettings(RapportDbContext db, CancellationToken ct)
    {
        var s = await OrganisationSettings.LoadAsync(db, ct);
        return TypedResults.Ok(new OrganisationSettingsDto(s.Name, s.DefaultLanguage, s.PostalAddress));
    }

    public static async Task<Ok<OrganisationSettingsDto>> UpdateSettings(OrganisationSettingsDto request, RapportDbContext db, CancellationToken ct)
    {
        var s = await OrganisationSettings.LoadAsync(db, ct);
        s.Name = request.Name.Trim();
        if (request.DefaultLanguage is not null)
        {
            s.DefaultLanguage = LanguageTags.Normalise(request.DefaultLanguage, "defaultLanguage");
        }

        if (request.PostalAddress is not null)
        {
            s.PostalAddress = string.IsNullOrWhiteSpace(request.PostalAddress) ? null : request.PostalAddress.Trim().ReplaceLineEndings("\n");
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new OrganisationSettingsDto(s.Name, s.DefaultLanguage, s.PostalAddress));
    }
}
