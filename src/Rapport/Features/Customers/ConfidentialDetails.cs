using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>
/// The only way a confidential value leaves the database: checks the reader's role against the detail's level
/// and writes an audit entry for every value revealed.
/// </summary>
public sealed class ConfidentialDetails(RapportDbContext db)
{
    public static bool MayRead(ClaimsPrincipal user, Confidentiality level) => level switch
    {
        Confidentiality.Organisation => user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Auditor),
        Confidentiality.Customer => user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Auditor),
        _ => false,
    };

    /// <summary>The details of <paramref name="customerId"/> the user may read, each read audited; null if the customer does not exist.</summary>
    public async Task<List<RevealedConfidentialDto>?> RevealAsync(Guid customerId, ClaimsPrincipal user, Guid? onlyDetailId, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return null;
        }

        var details = await db.ConfidentialDetails.AsNoTracking()
            .Where(d => d.CustomerId == customerId && (onlyDetailId == null || d.Id == onlyDetailId))
            .OrderBy(d => d.Id).ToListAsync(ct);
        var allowed = details.Where(d => MayRead(user, d.Level)).ToList();
        foreach (var d in allowed)
        {
            db.Audit.Record("confidential.read", "customer", customerId, new { detailId = d.Id, label = d.Label, level = d.Level.ToString() });
        }

        if (allowed.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        return allowed.Select(d => new RevealedConfidentialDto(d.Id, d.Label, d.Level, d.Value)).ToList();
    }
}
