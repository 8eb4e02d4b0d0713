using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Rapport.IntegrationTests.Support;

/// <summary>
/// The throw-away Dovecot IMAP and aiosmtpd SMTP servers that scripts/test starts (scripts/mail-servers). Any IMAP
/// user exists with the password "secret"; SMTP delivers every message to the INBOX of the IMAP user "support".
/// Without the variables these tests fail: email is a supported channel, so it is never silently skipped.
/// </summary>
public static class MailServers
{
    public const string ImapPortVariable = "RAPPORT_TEST_IMAP_PORT";
    public const string SmtpPortVariable = "RAPPORT_TEST_SMTP_PORT";
    public const string HostVariable = "RAPPORT_TEST_MAIL_HOST";
    public const string Password = "secret";

    /// <summary>The IMAP user whose INBOX receives everything sent through the SMTP server.</summary>
    public const string SmtpInbox = "support";

    public static string Host => Environment.GetEnvironmentVariable(HostVariable) is { Length: > 0 } host ? host : "127.0.0.1";

    public static int ImapPort => Port(ImapPortVariable);

    public static int SmtpPort => Port(SmtpPortVariable);

    private static int Port(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var port) && port is > 0 and < 65536
            ? port
            : throw new InvalidOperationException(
                $"{variable} is not set. The email tests need the local IMAP (Dovecot) and SMTP (aiosmtpd) servers: run scripts/test, " +
                $"which starts them, or start them yourself with `scripts/mail-servers start DIR IMAP_PORT SMTP_PORT` and set " +
                $"{ImapPortVariable} and {SmtpPortVariable}.");

    /// <summary>An IMAP user of its own (Dovecot creates its maildir on first use), so tests never see each other's mail.</summary>
    public static string UniqueUser() => "t" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>A port on which nothing listens, for a mailbox whose SMTP server is down.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// APPENDs <paramref name="raw"/> byte for byte to the INBOX of <paramref name="user"/>. Plain IMAP rather than
    /// MailKit, whose APPEND re-serialises the message and so could tidy exactly the malformations under test.
    /// </summary>
    public static async Task AppendAsync(string user, byte[] raw)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Host, ImapPort);
        await using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await ExpectAsync(reader, "* OK");
        await WriteAsync(stream, $"a1 LOGIN {user} {Password}\r\n");
        await ExpectAsync(reader, "a1 OK");
        await WriteAsync(stream, $"a2 APPEND INBOX {{{raw.Length}}}\r\n");
        await ExpectAsync(reader, "+");
        await stream.WriteAsync(raw);
        await WriteAsync(stream, "\r\n");
        await ExpectAsync(reader, "a2 OK");
        await WriteAsync(stream, "a3 LOGOUT\r\n");
    }

    private static Task WriteAsync(NetworkStream stream, string line) => stream.WriteAsync(Encoding.ASCII.GetBytes(line)).AsTask();

    private static async Task ExpectAsync(StreamReader reader, string prefix)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return;
            }

            if (!line.StartsWith('*'))
            {
                throw new InvalidOperationException($"IMAP answered '{line}' where '{prefix}' was expected.");
            }
        }

        throw new InvalidOperationException($"IMAP closed the connection where '{prefix}' was expected.");
    }

    /// <summary>The message with this Message-ID (without angle brackets) in the INBOX of <paramref name="user"/>, or null.</summary>
    public static async Task<MimeMessage?> FindAsync(string user, string messageId) =>
        await FindRawAsync(user, messageId) is { } raw ? MimeMessage.Load(new MemoryStream(raw)) : null;

    /// <summary>The bytes of the message with this Message-ID (without angle brackets) in the INBOX of <paramref name="user"/>, or null.</summary>
    public static async Task<byte[]?> FindRawAsync(string user, string messageId)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(Host, ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, Password);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var uids = await client.Inbox.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId));
        byte[]? raw = null;
        if (uids.Count > 0)
        {
            await using var stream = await client.Inbox.GetStreamAsync(uids[^1]);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            raw = copy.ToArray();
        }

        await client.DisconnectAsync(true);
        return raw;
    }

    /// <summary>
    /// Copies a message the SMTP server delivered (to the shared INBOX of <see cref="SmtpInbox"/>) into the INBOX of
    /// <paramref name="user"/>, so a mailbox on that user sees this message and none of other tests'.
    /// </summary>
    public static async Task CopyFromSmtpInboxAsync(string messageId, string user) =>
        await AppendAsync(user, await FindRawAsync(SmtpInbox, messageId)
            ?? throw new InvalidOperationException($"<{messageId}> is not in the INBOX of {SmtpInbox}."));

    /// <summary>Sends <paramref name="message"/> through the test SMTP server (it lands in the INBOX of <see cref="SmtpInbox"/>).</summary>
    public static async Task SendAsync(MimeMessage message)
    {
        using var client = new MailKit.Net.Smtp.SmtpClient();
        await client.ConnectAsync(Host, SmtpPort, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }
}
