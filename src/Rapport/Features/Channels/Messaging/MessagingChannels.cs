using Rapport.Features.Channels.Meta;
using Rapport.Features.Channels.Telegram;
using Rapport.Features.Channels.Twilio;
using Rapport.Features.Channels.Vonage;
using Rapport.Features.Conversations;
using Rapport.Features.Conversations.Pages;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.Messaging;

/// <summary>SMS and the messaging apps: their webhooks, their senders, and the accounts that connect them.</summary>
public static class MessagingChannels
{
    public static IServiceCollection AddMessagingChannels(this IServiceCollection services)
    {
        services.AddSingleton<ChannelSecrets>();
        services.AddSingleton<ChannelAccountDirectory>();
        services.AddSingleton<ChannelHealth>();
        services.AddSingleton<PublicUrl>();
        services.AddScoped<WebhookReceiver>();
        services.AddScoped<DeliveryReports>();
        services.AddScoped<ChannelAccountTester>();
        services.AddScoped<ChannelAccountService>();
        services.AddSingleton<MediaDownloads>();
        services.AddSingleton<WhatsAppTemplates.TemplateSender>();
        services.AddScoped<WhatsAppTemplates.PendingTemplate>();
        services.AddScoped<WhatsAppTemplates.TemplateReplies>();
        services.AddScoped<WhatsAppTemplates.WhatsAppTemplateService>();
        services.AddConversationPanel<WhatsAppTemplates.Pages.ComposerWhatsAppTemplates>(PanelPlace.InComposer);
        services.AddSingleton<MediaFetcher>();
        services.AddHostedService(sp => sp.GetRequiredService<MediaFetcher>());
        services.AddScoped<IReplyChannel, MessagingReplyChannel>();
        services.AddScoped<IOutboxSender, MessagingSender>();
        // No request logging: Telegram puts the bot token in the URL path, which the client's logs would write out.
        services.AddHttpClient(ProviderHttp.ClientName, c => c.Timeout = TimeSpan.FromSeconds(20)).RemoveAllLoggers();
        services.AddSingleton<IProviderClient, TwilioClient>();
        services.AddSingleton<IProviderClient, WhatsAppClient>();
        services.AddSingleton<IProviderClient, MessengerClient>();
        services.AddSingleton<IProviderClient, TelegramClient>();
        services.AddSingleton<IProviderClient, VonageClient>();
        return services;
    }

    /// <summary>
    /// The providers' webhooks, at fixed paths under /webhooks. They carry no Rapport credentials: each request is
    /// authenticated by its provider's signature with an enabled account's secret, in <see cref="WebhookReceiver"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapMessagingWebhooks(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/webhooks").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        TwilioWebhooks.Map(webhooks);
        MetaWebhooks.Map(webhooks);
        TelegramWebhooks.Map(webhooks);
        VonageWebhooks.Map(webhooks);
        return app;
    }

    public static IEnumerable<string> PathsOf(MessagingProvider provider) => provider switch
    {
        MessagingProvider.Twilio => TwilioWebhooks.Paths,
        MessagingProvider.WhatsApp => MetaWebhooks.WhatsAppPaths,
        MessagingProvider.Messenger => MetaWebhooks.MessengerPaths,
        MessagingProvider.Telegram => TelegramWebhooks.Paths,
        _ => VonageWebhooks.Paths,
    };
}
