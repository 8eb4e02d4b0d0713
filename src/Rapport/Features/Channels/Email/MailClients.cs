using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Rapport.Features.Channels.Email;

/// <summary>Connected, authenticated MailKit clients for a mailbox.</summary>
public sealed class MailClients(MailboxSecrets secrets)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<ImapClient> ImapAsync(Mailbox mailbox, CancellationToken ct)
    {
        var client = new ImapClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(mailbox.ImapHost, mailbox.ImapPort, Options(mailbox.ImapSecurity), ct);
            await client.AuthenticateAsync(mailbox.ImapUser, secrets.Unprotect(mailbox.ImapPasswordProtected) ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async Task<SmtpClient> SmtpAsync(Mailbox mailbox, CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(mailbox.SmtpHost, mailbox.SmtpPort, Options(mailbox.SmtpSecurity), ct);
            if (!string.IsNullOrEmpty(mailbox.SmtpUser) && client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
            {
                await client.AuthenticateAsync(mailbox.SmtpUser, secrets.Unprotect(mailbox.SmtpPasswordProtected) ?? "", ct);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions Options(MailSecurity security) => security switch
    {
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };
}
