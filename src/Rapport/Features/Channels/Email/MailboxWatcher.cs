using MailKit;
using MailKit.Net.Imap;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// Keeps one IMAP connection per mailbox in IDLE (RFC 2177) and fetches as soon as the server reports new mail, through
/// <see cref="MailboxReceiver"/> (which remembers UIDs, so nothing is fetched twice or missed after a restart). IDLE is
/// re-issued every <c>Rapport:Email:IdleRefreshMinutes</c> (default 9, at most 29, as the RFC asks). A server without
/// IDLE is polled every <c>Rapport:Email:PollSeconds</c>; after an error the watcher backs off (2, 4, 8 … seconds up to
/// the poll interval), fetches, and tries IDLE again.
/// </summary>
public sealed class MailboxWatcher(IServiceScopeFactory scopes, IConfiguration config, TimeProvider time, ILogger<MailboxWatcher> log)
{
    private TimeSpan PollInterval => TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Rapport:Email:PollSeconds", 30)));

    private TimeSpan IdleRefresh => TimeSpan.FromMinutes(Math.Clamp(config.GetValue("Rapport:Email:IdleRefreshMinutes", 9), 1, 29));

    public async Task WatchAsync(Guid mailboxId, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await IdleAsync(mailboxId, () => failures = 0, ct))
                {
                    continue;
                }

                // No IDLE on this server: poll.
                await ReceiveAsync(mailboxId, ct);
                await Task.Delay(PollInterval, time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                var wait = TimeSpan.FromSeconds(Math.Min(PollInterval.TotalSeconds, Math.Pow(2, Math.Min(failures, 16))));
                log.LogWarning("IDLE for mailbox {Mailbox} failed ({Error}); retrying in {Wait}", mailboxId, e.Message, wait);
                // Real time, not the app's clock: this is how long the server or the database is given to come back.
                await Task.Delay(wait, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Idles until cancelled; false when the server does not support IDLE (or the mailbox is gone).</summary>
    private async Task<bool> IdleAsync(Guid mailboxId, Action connected, CancellationToken ct)
    {
        Mailbox? mailbox;
        await using (var scope = scopes.CreateAsyncScope())
        {
            mailbox = await scope.ServiceProvider.GetRequiredService<RapportDbContext>().Mailboxes.AsNoTracking()
                .FirstOrDefaultAsync(m => m.Id == mailboxId && m.Enabled, ct);
        }

        if (mailbox is null)
        {
            await Task.Delay(PollInterval, time, ct);
            return false;
        }

        using var client = await CreateClientAsync(mailbox, ct);
        if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await client.DisconnectAsync(true, ct);
            return false;
        }

        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly, ct);
        connected();
        // Selected first, fetched second: whatever arrives after the SELECT is announced on this connection.
        var arrived = 1;
        CancellationTokenSource? done = null;
        inbox.CountChanged += (_, _) =>
        {
            Volatile.Write(ref arrived, 1);
            done?.Cancel();
        };

        while (!ct.IsCancellationRequested)
        {
            if (Interlocked.Exchange(ref arrived, 0) == 1)
            {
                await ReceiveAsync(mailboxId, ct);
            }

            using var refresh = new CancellationTokenSource(IdleRefresh, time);
            using (done = CancellationTokenSource.CreateLinkedTokenSource(ct, refresh.Token))
            {
                // DONE is sent when the done token fires, also on shutdown, before the connection is closed.
                await client.IdleAsync(done.Token, CancellationToken.None);
            }

            done = null;
        }

        await client.DisconnectAsync(true, CancellationToken.None);
        return true;
    }

    private async Task<ImapClient> CreateClientAsync(Mailbox mailbox, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MailClients>().ImapAsync(mailbox, ct);
    }

    private async Task ReceiveAsync(Guid mailboxId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("email");
        await scope.ServiceProvider.GetRequiredService<MailboxReceiver>().ReceiveAsync(mailboxId, ct);
    }
}

/// <summary>Tells the mail watchers that mailboxes were added, changed or removed, so they need not wait for the next scan.</summary>
public sealed class MailboxChanges
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next change; take it before reading the mailboxes, so no change is missed.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    public void Changed() => Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
