using Rapport.Features.Conversations;
using Rapport.Features.Conversations.Pages;

namespace Rapport.Features.Channels.Letters;

/// <summary>Paper letters: the service, the reply channel that answers a letter with a letter draft, the endpoints.</summary>
public static class LetterSetup
{
    public static IServiceCollection AddLetters(this IServiceCollection services)
    {
        services.AddScoped<LetterService>();
        services.AddConversationPanel<Pages.LettersPanel>(PanelPlace.BesideConversation, order: 20);
        services.AddScoped<IReplyChannel, LetterReplyChannel>();
        services.AddScoped<Privacy.ISubjectRightsParticipant, LetterSubjectRights>();
        return services;
    }
}
