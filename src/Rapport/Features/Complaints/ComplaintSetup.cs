using Rapport.Features.Cases;
using Rapport.Features.Privacy;

namespace Rapport.Features.Complaints;

public static class ComplaintSetup
{
    public static IServiceCollection AddComplaints(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ComplaintCatalogue>();
        services.AddScoped<ComplaintService>();
        services.AddScoped<ComplaintQueries>();
        services.AddScoped<ComplaintMeasures>();
        services.AddScoped<ICaseStatusParticipant, ComplaintsFollowCaseStatus>();
        services.AddScoped<ISubjectRightsParticipant, ComplaintSubjectRights>();
        return services;
    }
}
