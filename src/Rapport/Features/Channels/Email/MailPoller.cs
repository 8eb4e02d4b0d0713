using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// Receives mail for every enabled mailbox. With <c>Rapport:Email:Idle</c> (the default) each mailbox gets a
/// <see cref="MailboxWatcher"/> that waits in IMAP IDLE; without it, every mailbox is polled on a timer
/// (<c>Rapport:Email:PollSeconds</c>, default 30). The list of mailboxes is read again on that timer and whenever one changes.
/// </summary>
public sealed class MailPoller(IServiceScopeFactory scopes, IConfiguration config, TimeProvider time, MailboxWatcher watcher, MailboxChanges changes,
    ILogger<MailPoller> log) : BackgroundService
{
    private TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Rapport:Email:PollSeconds", 30)));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        config.GetValue("Rapport:Email:Idle", true) ? WatchAsync(stoppingToken) : PollAsync(stoppingToken);

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var id in await EnabledMailboxesAsync(stoppingToken))
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

            await Task.Delay(Interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        var watching = new Dictionary<Guid, (CancellationTokenSource Stop, Task Task)>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = changes.Next;
                try
                {
                    var enabled = (await EnabledMailboxesAsync(stoppingToken)).ToHashSet();
                    foreach (var gone in watching.Keys.Where(id => !enabled.Contains(id)).ToList())
                    {
                        await watching[gone].Stop.CancelAsync();
                        watching.Remove(gone);
                    }

                    foreach (var id in enabled.Where(id => !watching.ContainsKey(id)))
                    {
                        var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                        watching[id] = (stop, Task.Run(() => watcher.WatchAsync(id, stop.Token), CancellationToken.None));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Reading the mailboxes to watch failed");
                }

                await Task.WhenAny(changed, Task.Delay(Interval, time, stoppingToken)).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        finally
        {
            foreach (var (stop, _) in watching.Values)
            {
                await stop.CancelAsync();
            }

            await Task.WhenAll(watching.Values.Select(w => w.Task)).ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var (stop, _) in watching.Values)
            {
                stop.Dispose();
            }
        }
    }

    private async Task<List<Guid>> EnabledMailboxesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RapportDbContext>().Mailboxes.AsNoTracking()
            .Where(m => m.Enabled && m.ImapHost != Demo.DemoChannels.Marker).Select(m => m.Id).ToListAsync(ct);
    }
}
