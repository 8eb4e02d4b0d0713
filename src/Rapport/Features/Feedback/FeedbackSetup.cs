using Rapport.Features.Cases;
using Rapport.Features.Customers;
using Rapport.Features.Privacy;

namespace Rapport.Features.Feedback;

public static class FeedbackSetup
{
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddScoped<FeedbackService>();
        services.AddScoped<FeedbackQueries>();
        services.AddScoped<IdeaQueries>();
        services.AddScoped<SurveyAnswers>();
        services.AddSingleton<SurveyTokens>();
        services.AddSingleton<SurveyDispatch>();
        services.AddHostedService(sp => sp.GetRequiredService<SurveyDispatch>());
        // After the complaint rules: a move they refuse never reaches this one.
        services.AddScoped<ICaseStatusParticipant, SurveysFollowCaseStatus>();
        services.AddScoped<ICustomerMergeParticipant, FeedbackFollowsMerges>();
        services.AddScoped<ISubjectRightsParticipant, FeedbackSubjectRights>();
        return services;
    }

    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder app) => app.MapFeedbackEndpoints().MapSurveyPage();
}
