using Rapport.Features.Conversations.Pages;

namespace Rapport.Features.Channels.Telephone;

/// <summary>Telephone, VOIP and video: calls logged by agents or reported by a provider, video meeting links, recording consent (C9).</summary>
public static class Telephone
{
    public static IServiceCollection AddTelephone(this IServiceCollection services)
    {
        services.AddScoped<CallService>();
        services.AddScoped<CallQueries>();
        services.AddScoped<ProviderCalls>();
        services.AddScoped<Privacy.ISubjectRightsParticipant, CallSubjectRights>();
        services.AddConversationPanel<Pages.CallPanel>(PanelPlace.BesideConversation, order: 10);
        return services;
    }
}
