using Rapport.Features.Conversations;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.WebChat;

/// <summary>Web chat: sites that embed the widget, the visitor API and socket, and the reply channel agents answer on.</summary>
public static class WebChat
{
    public static IServiceCollection AddWebChat(this IServiceCollection services)
    {
        services.AddSingleton<ChatSiteDirectory>();
        services.AddSingleton<VisitorTokens>();
        services.AddSingleton<ChatLimits>();
        services.AddSingleton<ChatRelay>();
        services.AddSingleton<ChatPresence>();
        services.AddSingleton<ChatDuty>();
        services.AddSingleton<ChatDeliveredMarks>();
        services.AddHostedService(sp => sp.GetRequiredService<ChatDeliveredMarks>());
        services.AddScoped<ChatAvailability>();
        services.AddScoped<ChatGate>();
        services.AddScoped<VisitorChat>();
        services.AddScoped<ChatSiteService>();
        services.AddScoped<ChatTranscripts>();
        services.AddScoped<IReplyChannel, ChatReplyChannel>();
        services.AddScoped<IOutboxSender, ChatSender>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebChat(this IEndpointRouteBuilder app)
    {
        app.MapChatSiteEndpoints();
        app.MapChatVisitorEndpoints();
        return app;
    }
}
