using Microsoft.EntityFrameworkCore;
using Rapport.Features.Organisation;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>The organisation's name as customers see it on surveys (read only: the settings row is not created here).</summary>
internal static class OrganisationName
{
    public static async Task<string> ReadAsync(RapportDbContext db, CancellationToken ct) =>
        await db.OrganisationSettings.AsNoTracking().Where(o => o.Id == OrganisationSettings.SingletonId).Select(o => o.Name).FirstOrDefaultAsync(ct)
        ?? new OrganisationSettings().Name;
}
