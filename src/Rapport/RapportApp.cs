using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;
using Rapport.Components;
using Rapport.Features.Audit;
using Rapport.Features.Authority;
using Rapport.Features.Cases;
using Rapport.Features.Channels.Email;
using Rapport.Features.Channels.Health;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Channels.WhatsAppTemplates;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Dashboards;
using Rapport.Features.Demo;
using Rapport.Features.Identity;
using Rapport.Features.Loyalty;
using Rapport.Features.Notifications;
using Rapport.Features.Organisation;
using Rapport.Features.Privacy;
using Rapport.Features.Teams;
using Rapport.Features.Webhooks;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;
using Rapport.Infrastructure.Problems;
using Rapport.Infrastructure.RealTime;
using Rapport.Infrastructure.Security;
using Rapport.Infrastructure.Time;
using Scalar.AspNetCore;

namespace Rapport;

/// <summary>The composition of the host: which services exist and how a request flows. Read it as a table of contents.</summary>
public static class RapportApp
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        // Configuration and static assets live beside the binary; the working directory is only where ./data goes.
        var hasContentRoot = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = hasContentRoot ? null : AppContext.BaseDirectory,
        });
        builder.WebHost.UseStaticWebAssets();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://localhost:5080");
        }

        AddServices(builder.Services, builder.Configuration);
        return builder;
    }

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddRapportTime();
        services.AddRapportData(configuration);
        services.AddRapportIdentity();
        services.AddRapportProblems();
        services.AddValidation();
        services.AddRapportOpenApi(o => o.AddDocumentTransformer<WebhookDocumentation>());
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        // After the components: an open page rechecks that its person may still sign in (the default provider never does).
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, StaffSessionRevalidation>();
        services.AddMudServices();
        services.AddScoped<Rapport.Components.ViewerClock>();
        services.AddHttpContextAccessor();
        services.AddDataProtection().SetApplicationName("Rapport")
            .PersistKeysToFileSystem(new DirectoryInfo(configuration["Rapport:KeysDirectory"] ?? Path.GetFullPath(Path.Combine("data", "keys"))));
        services.AddSingleton<DatabaseHealthCheck>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        services.AddSingleton(new ContactPointRules(configuration["Rapport:DefaultPhoneRegion"] ?? "GB"));
        services.AddScoped<CustomerService>();
        services.AddScoped<CustomerQueries>();
        services.AddSingleton(CustomerListCache.For(DatabaseOptions.From(configuration)));
        services.AddScoped<CustomerCsv>();
        services.AddScoped<ReturningCustomerLookup>();
        services.AddScoped<ConfidentialDetails>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<AuditSealer>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, AuditSealingInterceptor>();
        services.AddHostedService<AuditSealingSweep>();
        services.AddSingleton(AuditAnchorSettings.From(configuration));
        services.AddSingleton<AuditAnchoring>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditAnchoring>());
        services.AddScoped<StaffAccounts>();
        services.AddScoped<TeamService>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoConversations>();
        DemoCatchers.Add(services, configuration);
        services.AddScoped<IdempotencyFilter>();

        services.AddSingleton<InboundPreparationFactory>();
        services.AddSingleton<IngestionPipeline>();
        services.AddSingleton<IngestionOutcomes>();
        services.AddSingleton(DoorFirst.From(configuration));
        services.AddScoped<SetAsideMessages>();
        services.AddScoped<AutomaticMail>();
        services.AddHostedService<JournalWriter>();
        services.AddHostedService<IngestionProcessor>();
        services.AddLiveBackplane(configuration);
        // Real time, not the app's clock: the coalescing window is a rate limit for screens, not business time.
        services.AddSingleton(sp => new ConversationEvents(sp.GetRequiredService<ILiveBackplane>(), TimeProvider.System,
            sp.GetRequiredService<ILogger<ConversationEvents>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ConversationEvents>());
        services.AddSingleton<IPresence, SharedPresence>();
        services.AddScoped<ConversationQueries>();
        services.AddScoped<ConversationService>();
        services.AddScoped<ICustomerMergeParticipant, ConversationsFollowMerges>();
        services.AddScoped<ReplyService>();
        services.AddScoped<UnconfirmedDeliveries>();
        services.AddScoped<ComposerWarnings>();
        services.AddScoped<ChannelSwitchService>();

        services.AddSingleton(sp => new BlobStore(configuration["Rapport:BlobsDirectory"] ?? Path.GetFullPath(Path.Combine("data", "blobs")),
            sp.GetRequiredService<IServiceScopeFactory>(), DatabaseOptions.From(configuration).Provider == DatabaseProvider.PostgreSql,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<BlobFiles>()));
        services.AddSingleton<BlobFiles>();
        services.AddSingleton(AttachmentLimits.From(configuration));
        services.AddSingleton<AttachmentStore>();
        services.AddScoped<ReplyUploads>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<MailboxSecrets>();
        services.AddScoped<MailClients>();
        services.AddScoped<MailboxReceiver>();
        services.AddScoped<MailboxTester>();
        services.AddScoped<MailboxService>();
        services.AddScoped<ChannelHealthQueries>();
        services.AddScoped<IOutboxSender, EmailSender>();
        services.AddScoped<IReplyChannel, EmailReplyChannel>();
        services.AddMessagingChannels();
        Rapport.Features.Channels.Telephone.Telephone.AddTelephone(services);
        Rapport.Features.Channels.WebChat.WebChat.AddWebChat(services);
        Rapport.Features.Channels.Letters.LetterSetup.AddLetters(services);
        services.AddSingleton<MailboxGates>();
        services.AddSingleton<MailboxWatcher>();
        services.AddSingleton<MailboxChanges>();
        services.AddHostedService<MailPoller>();
        services.AddHttpClient(WebhookSender.OutboxKind, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddScoped<IOutboxSender, WebhookSender>();
        services.AddScoped<Rapport.Features.Search.SearchService>();
        services.AddSingleton<SearchVectorStatistics>();
        services.AddScoped<CaseService>();
        services.AddScoped<CaseQueries>();
        services.AddScoped<Rapport.Features.Timeline.TimelineQueries>();
        services.AddScoped<Rapport.Features.Privacy.SubjectAccessExport>();
        services.AddScoped<Rapport.Features.Privacy.CustomerErasure>();
        services.AddScoped<Rapport.Features.Privacy.LegalHolds>();
        services.AddScoped<Rapport.Features.Privacy.RetentionService>();
        services.AddSingleton<Rapport.Features.Privacy.RetentionSchedule>();
        services.AddHostedService(sp => sp.GetRequiredService<Rapport.Features.Privacy.RetentionSchedule>());
        services.AddScoped<CaseBulk>();
        services.AddScoped<ICustomerMergeParticipant, CasesFollowMerges>();
        services.AddSingleton<NotificationEvents>();
        services.AddScoped<NotificationQueries>();
        services.AddScoped<Notifier>();
        services.AddScoped<INoticeAudience, CaseNoticeAudience>();
        services.AddScoped<INoticeAudience, Rapport.Features.Conversations.ConversationNoticeAudience>();
        Rapport.Features.Referrals.ReferralSetup.AddReferrals(services);
        Rapport.Features.Knowledge.KnowledgeSetup.AddKnowledge(services);
        Rapport.Features.Templates.TemplateSetup.AddTemplates(services);
        Rapport.Features.Promises.PromiseSetup.AddRapportPromises(services, configuration);
        services.AddAuthority();
        Rapport.Features.Complaints.ComplaintSetup.AddComplaints(services, configuration);
        Rapport.Features.Feedback.FeedbackSetup.AddFeedback(services);
        Rapport.Features.Privacy.PrivacySetup.AddPrivacy(services);
        Rapport.Features.ServiceStandards.ServiceStandardSetup.AddServiceStandards(services);
        Rapport.Features.Coach.CoachSetup.AddCoach(services);
        Rapport.Features.Quality.QualitySetup.AddQuality(services);
        Rapport.Features.Competence.CompetenceSetup.AddCompetence(services);
        Rapport.Features.Loyalty.LoyaltySetup.AddLoyalty(services);
        Rapport.Features.Dashboards.DashboardSetup.AddDashboards(services);
        services.AuthorizeBeforeCheckingMediaTypes();
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseApiTokenScopes();
        app.UseBearerTokensForApiWrites();
        app.UseAuthorization();
        app.Use((ctx, next) =>
        {
            ctx.RequestServices.GetRequiredService<AuditContext>().SetActor(ctx.User);
            return next(ctx);
        });
        app.UseUnparsableParameterProblems();
        app.UseAntiforgery();

        app.MapOpenApi().AllowAnonymous();
        // No fonts from Scalar's CDN and no telemetry: the page's CSP lets it reach only this host.
        app.MapScalarApiReference("/scalar", o => o.DisableDefaultFonts().DisableTelemetry()).AllowAnonymous();
        app.MapHealthChecks("/health", HealthAnswer.Options).AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapTokenEndpoints();
        app.MapUserEndpoints();
        app.MapPreferenceEndpoints();
        Rapport.Features.Identity.TwoFactor.TwoFactorEndpoints.MapTwoFactorEndpoints(app);
        app.MapTeamEndpoints();
        app.MapOrganisationEndpoints();
        app.MapCustomerEndpoints();
        app.MapSubjectRightsEndpoints();
        Rapport.Features.Privacy.RetentionEndpoints.MapRetentionEndpoints(app);
        app.MapAuditEndpoints();
        Rapport.Features.Privacy.PrivacyEndpoints.MapPrivacyEndpoints(app);
        app.MapConversationEndpoints();
        app.MapUnconfirmedDeliveryEndpoints();
        app.MapChannelSwitchEndpoints();
        app.MapUploadEndpoints();
        app.MapAutomaticMailEndpoints();
        app.MapMailboxEndpoints();
        app.MapAttachedEmailView();
        app.MapChannelAccountEndpoints();
        app.MapWhatsAppTemplateEndpoints();
        app.MapChannelHealthEndpoints();
        app.MapMessagingWebhooks();
        Rapport.Features.Channels.Telephone.CallEndpoints.MapCallEndpoints(app);
        Rapport.Features.Channels.WebChat.WebChat.MapWebChat(app);
        Rapport.Features.Channels.Letters.LetterEndpoints.MapLetterEndpoints(app);
        app.MapWebhookEndpoints();
        Rapport.Features.Search.SearchEndpoints.MapSearchEndpoints(app);
        app.MapCaseEndpoints();
        app.MapNotificationEndpoints();
        Rapport.Features.Referrals.ReferralEndpoints.MapReferralEndpoints(app);
        Rapport.Features.Knowledge.KnowledgeEndpoints.MapKnowledgeEndpoints(app);
        Rapport.Features.Templates.TemplateEndpoints.MapTemplateEndpoints(app);
        Rapport.Features.Promises.PromiseEndpoints.MapPromiseEndpoints(app);
        app.MapAuthorityEndpoints();
        Rapport.Features.Complaints.ComplaintEndpoints.MapComplaintEndpoints(app);
        Rapport.Features.Feedback.FeedbackSetup.MapFeedback(app);
        Rapport.Features.ServiceStandards.ServiceStandardEndpoints.MapServiceStandardEndpoints(app);
        Rapport.Features.Coach.CoachEndpoints.MapCoachEndpoints(app);
        Rapport.Features.Quality.QualityEndpoints.MapQualityEndpoints(app);
        Rapport.Features.Competence.CompetenceEndpoints.MapCompetenceEndpoints(app);
        Rapport.Features.Loyalty.LoyaltyEndpoints.MapLoyaltyEndpoints(app);
        Rapport.Features.Dashboards.DashboardEndpoints.MapDashboardEndpoints(app);
        // Build-time Brotli/gzip copies, ETags and, for the fingerprinted URLs the pages link to, a year's immutable cache;
        // public, as UseStaticFiles was (the sign-in page needs them).
        app.UseCachedMudBlazorAssets();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>Migrates the database and, on first start, seeds the demo organisation when asked to.</summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, bool seedDemo, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        await db.MigrateAsync(ct);
        await scope.ServiceProvider.GetRequiredService<StaffAccounts>().EnsureRolesAsync();
        if (seedDemo)
        {
            var config = scope.ServiceProvider.GetRequiredService<IConfiguration>();
            var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(DemoPassword(config), ct);
            if (seeded)
            {
                // The schedules would first run minutes (dashboards) or an hour (risk scores) after start: a new user's first look
                // at the demo would find both pages empty.
                var today = DateOnly.FromDateTime(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
                await scope.ServiceProvider.GetRequiredService<DashboardRollup>().RunAsync(today.AddYears(-1), ct);
                await services.GetRequiredService<LoyaltyRefresh>().RunNowAsync(ct);
                var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Rapport");
                log.LogInformation("Seeded the demo organisation.");
            }
        }
    }

    public static string DemoPassword(IConfiguration config) => config["Rapport:Demo:Password"] ?? "rapport-demo";
}
