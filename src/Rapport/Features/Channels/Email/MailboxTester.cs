using System.Net.Sockets;
using MailKit;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Health;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// Tries a mailbox's servers for real: IMAP connect, log in and open the INBOX; SMTP connect and log in. Each within
/// <see cref="ConnectionTest.Timeout"/>; the outcome is recorded in the mailbox's health like a send or a receive.
/// </summary>
public sealed class MailboxTester(RapportDbContext db, MailClients clients, TimeProvider time, ILogger<MailboxTester> log)
{
    public async Task<ConnectionTestResult?> TestAsync(Guid id, CancellationToken ct)
    {
        var mailbox = await db.Mailboxes.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (mailbox is null)
        {
            return null;
        }

        // The demo's mailbox receives nothing (a reserved host name; MailPoller skips it too): trying its IMAP would only
        // mark it failing on a new user's first look.
        var (imapOk, imap) = mailbox.ImapHost == Demo.DemoChannels.Marker
            ? (true, "IMAP: not used — the demo mailbox receives nothing; its conversations are demo data.")
            : await TryAsync("IMAP", mailbox.ImapHost, mailbox.ImapPort, mailbox.ImapUser, async token =>
        {
            using var client = await clients.ImapAsync(mailbox, token);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, token);
            var count = client.Inbox.Count;
            await client.DisconnectAsync(true, token);
            return $"IMAP: logged in to {mailbox.ImapHost} as {mailbox.ImapUser}; the INBOX holds {count} message(s).";
        }, ct);
        var (smtpOk, smtp) = await TryAsync("SMTP", mailbox.SmtpHost, mailbox.SmtpPort, mailbox.SmtpUser, async token =>
        {
            using var client = await clients.SmtpAsync(mailbox, token);
            var how = client.IsAuthenticated ? $"logged in as {mailbox.SmtpUser}" : "connected (no login asked for)";
            await client.DisconnectAsync(true, token);
            return $"SMTP: {how} at {mailbox.SmtpHost}:{mailbox.SmtpPort}.";
        }, ct);

        var ok = imapOk && smtpOk;
        var message = $"{imap} {smtp}";
        var now = time.GetUtcNow();
        if (ok)
        {
            mailbox.LastConnectedAt = now.UtcDateTime;
        }
        else
        {
            mailbox.Failed($"Connection test: {message}", now.UtcDateTime);
            await ChannelErrors.CountAsync(db, mailbox.Id, now, ct);
        }

        await db.SaveChangesAsync(ct);
        if (log.IsEnabled(LogLevel.Information))
        {
            log.LogInformation("Connection test of mailbox {Mailbox}: {Outcome}", mailbox.Name, message);
        }

        return new ConnectionTestResult(ok, message, now.UtcDateTime, mailbox.Health.Status);
    }

    private static async Task<(bool Ok, string Message)> TryAsync(string protocol, string host, int port, string? user, Func<CancellationToken, Task<string>> test,
        CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(ConnectionTest.Timeout);
        try
        {
            return (true, await test(limit.Token));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (false, $"{protocol}: {host}:{port} did not answer within {ConnectionTest.Timeout.TotalSeconds:0} seconds.");
        }
        catch (AuthenticationException)
        {
            return (false, $"{protocol}: {host} refused the user name or password{(user is null ? "" : $" for {user}")}.");
        }
        catch (SslHandshakeException)
        {
            return (false, $"{protocol}: a secure connection to {host}:{port} failed. Check the security setting (SSL on connect or STARTTLS) matches the port.");
        }
        catch (SocketException e)
        {
            return (false, $"{protocol}: could not connect to {host}:{port} ({e.Message}).");
        }
        catch (Exception e) when (e is IOException or ProtocolException or CommandException)
        {
            return (false, $"{protocol}: {host}:{port} answered unexpectedly: {e.Message}");
        }
    }
}
