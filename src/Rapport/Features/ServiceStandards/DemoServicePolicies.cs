using Rapport.Features.Cases;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.ServiceStandards;

/// <summary>Service standards a demo organisation starts with, so its cases show time left on their targets.</summary>
public static class DemoServicePolicies
{
    public static void Add(RapportDbContext db)
    {
        var standard = new ServicePolicy();
        standard.Define("Standard", null, null, null, firstResponse: 4 * 60, customerUpdate: 2 * 8 * 60, resolution: 5 * 8 * 60, businessHours: true);
        var complaints = new ServicePolicy();
        complaints.Define("Complaints", null, CaseKinds.Complaint, null, firstResponse: 2 * 60, customerUpdate: 8 * 60, resolution: 3 * 8 * 60, businessHours: true);
        var urgent = new ServicePolicy();
        urgent.Define("Urgent, around the clock", null, null, CasePriority.Urgent, firstResponse: 60, customerUpdate: 4 * 60, resolution: 24 * 60,
            businessHours: false);
        db.AddRange(standard, complaints, urgent);
    }
}
