using Rapport.Infrastructure.Data;

namespace Rapport.Features.Demo;

/// <summary>
/// In demo mode only (<c>Rapport:Demo:Seed</c>, on by default for <c>dotnet run</c>), and only on a database holding the
/// demo's channels: starts the SMTP catcher and the provider stand-in on 127.0.0.1 and points the demo mailbox and
/// accounts at them, so demo replies are "sent" without leaving the machine and can be read on the demo outbox page.
/// </summary>
public sealed class DemoCatchers(DemoMailCatcher mail, DemoProviderStandIn providers, IServiceScopeFactory scopes, IConfiguration config,
    ILogger<DemoCatchers> log) : IHostedService
{
    public bool Running { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        if (!await DemoChannels.ExistAsync(db, cancellationToken))
        {
            return;
        }

        try
        {
            mail.Start(config.GetValue("Rapport:Demo:SmtpPort", 0));
            await providers.StartAsync(cancellationToken);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // A demo convenience must not stop the product from starting: demo replies then fail visibly instead.
            log.LogWarning(e, "The demo's reply catchers could not start; demo replies will show as failed.");
            return;
        }

        await DemoChannels.PointAtAsync(db, mail.Port, providers.BaseUrl, cancellationToken);
        Running = true;
        if (log.IsEnabled(LogLevel.Information))
        {
            var (port, url) = (mail.Port, providers.BaseUrl);
            log.LogInformation("Demo replies are caught on this computer (SMTP 127.0.0.1:{Port}, providers {Url}); read them at /demo/outbox.", port, url);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The demo services, registered only in demo mode.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetValue("Rapport:Demo:Seed", true))
        {
            return;
        }

        services.AddSingleton<DemoOutbox>();
        services.AddSingleton<DemoMailCatcher>();
        services.AddSingleton<DemoProviderStandIn>();
        services.AddSingleton<DemoCatchers>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoCatchers>());
    }
}
