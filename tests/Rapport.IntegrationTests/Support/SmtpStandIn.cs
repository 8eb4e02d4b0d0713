using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Rapport.IntegrationTests.Support;

/// <summary>How the stand-in answers a new SMTP session.</summary>
public enum SmtpMode
{
    /// <summary>Greets with 421 and hangs up, as a server that is overloaded or shutting down does.</summary>
    Refusing,
    /// <summary>Speaks SMTP and accepts every message with 250.</summary>
    Accepting,
    /// <summary>Refuses every recipient with 550 (a mailbox that does not exist).</summary>
    RejectingRecipients,
}

/// <summary>
/// A mail server of the test's own on a loopback port, speaking just enough SMTP (no pipelining, no AUTH, no TLS) for
/// MailKit. It counts what it received by Message-ID: a message counts once its whole DATA arrived, before the 250 is
/// written — from the sender's side the server may then have it whether or not the reply gets back.
/// </summary>
public sealed partial class SmtpStandIn : IAsyncDisposable
{
    private readonly TcpListener listener = new(System.Net.IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, int> received = new();
    private readonly Task accepting;

    public SmtpStandIn(SmtpMode mode = SmtpMode.Accepting)
    {
        Mode = mode;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

    public SmtpMode Mode { get; set; }

    /// <summary>Runs when a message's DATA has ended, before the 250 (e.g. to kill the sender). True: hang up without answering.</summary>
    public Func<string, Task<bool>>? AfterData { get; set; }

    /// <summary>How many sessions were refused (421) so far.</summary>
    public int Refused => refused;

    private int refused;

    /// <summary>How many times a message with this Message-ID (without angle brackets) was received whole.</summary>
    public int Received(string messageId) => received.GetValueOrDefault(messageId.Trim('<', '>'));

    /// <summary>How many times the reply with this id was received (Rapport's Message-ID for a reply is &lt;id:N@domain&gt;).</summary>
    public int ReceivedReply(string replyId) => received.Where(r => r.Key.StartsWith(Guid.Parse(replyId).ToString("N"), StringComparison.Ordinal)).Sum(r => r.Value);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.Latin1);
                async Task Say(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), stop.Token);
                if (Mode == SmtpMode.Refusing)
                {
                    Interlocked.Increment(ref refused);
                    await Say("421 4.3.2 stand-in is not accepting mail now, try again later");
                    return;
                }

                await Say("220 stand-in ESMTP");
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await Say("250-stand-in");
                            await Say("250 8BITMIME");
                            break;
                        case "HELO" or "MAIL" or "RSET" or "NOOP":
                            await Say("250 2.0.0 OK");
                            break;
                        case "RCPT":
                            await Say(Mode == SmtpMode.RejectingRecipients ? "550 5.1.1 No such user here" : "250 2.1.5 OK");
                            break;
                        case "DATA":
                            await Say("354 End data with <CR><LF>.<CR><LF>");
                            var data = new StringBuilder();
                            while (await reader.ReadLineAsync(stop.Token) is { } body && body != ".")
                            {
                                data.AppendLine(body);
                            }

                            var id = MessageIdHeader().Match(data.ToString()) is { Success: true } m ? m.Groups[1].Value.Trim().Trim('<', '>') : "";
                            received.AddOrUpdate(id, 1, (_, n) => n + 1);
                            if (AfterData is { } after && await after(id))
                            {
                                return;
                            }

                            await Say("250 2.0.0 Queued");
                            break;
                        case "QUIT":
                            await Say("221 2.0.0 Bye");
                            return;
                        default:
                            await Say("502 5.5.2 Command not recognised");
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The sender hung up (or was killed); nothing to answer.
            }
        }
    }

    [GeneratedRegex(@"^Message-ID:\s*(\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex MessageIdHeader();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}
