using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Email;

/// <summary>Polls every enabled mailbox on a timer (Rapport:Email:PollSeconds, default 30).</summary>
public sealed class MailPoller(IServiceScopeFactory scopes, IConfiguration config, TimeProvider time, ILogger<MailPoller> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Rapport:Email:PollSeconds", 30)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var ids = await scope.ServiceProvider.GetRequiredService<RapportDbContext>().Mailboxes.AsNoTracking()
                    .Where(m => m.Enabled).Select(m => m.Id).ToListAsync(stoppingToken);
                foreach (var id in ids)
                {
                    await using var mailboxScope = scopes.CreateAsyncScope();
                    mailboxScope.ServiceProvider.GetRequiredService<Audit.AuditContext>().SetSystemActor("email");
                    await mailboxScope.ServiceProvider.GetRequiredService<MailboxReceiver>().ReceiveAsync(id, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Mail polling failed");
            }

            await Task.Delay(interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
