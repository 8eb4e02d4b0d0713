using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Rapport.Features.Demo;

/// <summary>
/// A minimal SMTP receiver on 127.0.0.1 for the demo's mailbox (RFC 5321: EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing,
/// RSET, NOOP, QUIT; no relaying anywhere, no authentication, no TLS). Every message it accepts goes to the
/// <see cref="DemoOutbox"/>; nothing is forwarded. Started only in demo mode by <see cref="DemoCatchers"/>.
/// </summary>
public sealed class DemoMailCatcher(DemoOutbox outbox, ILogger<DemoMailCatcher> log) : IAsyncDisposable
{
    public const int MaxMessageBytes = 30 * 1024 * 1024;
    private const int MaxLineBytes = 4096;
    private readonly CancellationTokenSource stopping = new();
    private TcpListener? listener;
    private Task? accepting;

    public int Port => ((IPEndPoint)(listener ?? throw new InvalidOperationException("The mail catcher is not started.")).LocalEndpoint).Port;

    public void Start(int port = 0)
    {
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        accepting = AcceptAsync(listener, stopping.Token);
    }

    private async Task AcceptAsync(TcpListener server, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await server.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await SessionAsync(client.GetStream(), ct);
                    }
                    catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                    {
                        if (log.IsEnabled(LogLevel.Debug))
                        {
                            log.LogDebug("A demo SMTP session ended early: {Error}", e.Message);
                        }
                    }
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>One SMTP session on <paramref name="stream"/>, until QUIT or the client goes.</summary>
    internal async Task SessionAsync(Stream stream, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        ct = timeout.Token;
        var reader = new LineReader(stream);
        await ReplyAsync(stream, "220 rapport-demo ESMTP demo mail catcher: nothing is delivered", ct);
        string? from = null;
        var to = new List<string>();
        while (await reader.ReadLineAsync(MaxLineBytes, ct) is { } bytes)
        {
            var line = Encoding.ASCII.GetString(bytes);
            var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await ReplyAsync(stream, $"250-rapport-demo\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE {MaxMessageBytes}", ct);
                    from = null;
                    to.Clear();
                    break;
                case "HELO":
                    await ReplyAsync(stream, "250 rapport-demo", ct);
                    break;
                case "MAIL" when Path(line, "MAIL FROM:") is { } sender:
                    from = sender;
                    to.Clear();
                    await ReplyAsync(stream, "250 OK", ct);
                    break;
                case "RCPT" when from is null:
                    await ReplyAsync(stream, "503 MAIL first", ct);
                    break;
                case "RCPT" when Path(line, "RCPT TO:") is { Length: > 0 } recipient:
                    to.Add(recipient);
                    await ReplyAsync(stream, "250 OK", ct);
                    break;
                case "DATA" when from is null || to.Count == 0:
                    await ReplyAsync(stream, "503 MAIL and RCPT first", ct);
                    break;
                case "DATA":
                    await ReplyAsync(stream, "354 End data with <CR><LF>.<CR><LF>", ct);
                    var message = await DataAsync(reader, ct);
                    if (message is null)
                    {
                        await ReplyAsync(stream, "552 Message too large", ct);
                    }
                    else
                    {
                        Keep(from, to, message);
                        await ReplyAsync(stream, "250 OK: caught by the demo, not delivered", ct);
                    }

                    from = null;
                    to.Clear();
                    break;
                case "RSET":
                    from = null;
                    to.Clear();
                    await ReplyAsync(stream, "250 OK", ct);
                    break;
                case "NOOP":
                    await ReplyAsync(stream, "250 OK", ct);
                    break;
                case "QUIT":
                    await ReplyAsync(stream, "221 Bye", ct);
                    return;
                default:
                    await ReplyAsync(stream, verb is "MAIL" or "RCPT" ? "501 Syntax: MAIL FROM:<address> / RCPT TO:<address>" : "502 Command not implemented", ct);
                    break;
            }
        }
    }

    /// <summary>The message up to the line holding a lone dot, dot-unstuffed; null when it is too large (read to its end all the same).</summary>
    private static async Task<byte[]?> DataAsync(LineReader reader, CancellationToken ct)
    {
        using var message = new MemoryStream();
        var tooLarge = false;
        while (await reader.ReadLineAsync(MaxMessageBytes, ct) is { } line)
        {
            if (line is [(byte)'.'])
            {
                return tooLarge ? null : message.ToArray();
            }

            var content = line is [(byte)'.', ..] ? line.AsSpan(1) : line;
            tooLarge |= message.Length + content.Length + 2 > MaxMessageBytes;
            if (!tooLarge)
            {
                message.Write(content);
                message.Write("\r\n"u8);
            }
        }

        throw new IOException("The client went away in the middle of DATA.");
    }

    private void Keep(string from, List<string> to, byte[] raw)
    {
        try
        {
            using var content = new MemoryStream(raw);
            var mime = MimeMessage.Load(content);
            var text = mime.TextBody ?? mime.HtmlBody ?? "";
            var files = mime.Attachments.Select(a => a is MimePart p ? p.FileName : null).OfType<string>().ToList();
            if (files.Count > 0)
            {
                text += $"\n\n[attached: {string.Join(", ", files)}]";
            }

            outbox.Caught("Email", mime.From.ToString() is { Length: > 0 } f ? f : from, string.Join(", ", to), mime.Subject, text);
        }
        catch (FormatException)
        {
            outbox.Caught("Email", from, string.Join(", ", to), null, Encoding.UTF8.GetString(raw));
        }
    }

    /// <summary>The address in "MAIL FROM:&lt;a@b&gt; SIZE=…" (empty for the null sender); null when the line is not of that form.</summary>
    private static string? Path(string line, string prefix)
    {
        if (!line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = line[prefix.Length..].Trim();
        var open = rest.IndexOf('<', StringComparison.Ordinal);
        var close = rest.IndexOf('>', StringComparison.Ordinal);
        return open == 0 && close > 0 ? rest[1..close] : null;
    }

    private static Task ReplyAsync(Stream stream, string reply, CancellationToken ct) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), ct).AsTask();

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener?.Stop();
        if (accepting is not null)
        {
            await accepting;
        }

        stopping.Dispose();
    }

    /// <summary>Reads CRLF (or bare LF) terminated lines as bytes, without the terminator.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] buffer = new byte[8192];
        private int start;
        private int end;

        public async Task<byte[]?> ReadLineAsync(int max, CancellationToken ct)
        {
            var line = new MemoryStream();
            while (true)
            {
                if (start == end)
                {
                    start = 0;
                    end = await stream.ReadAsync(buffer, ct);
                    if (end == 0)
                    {
                        return null;
                    }
                }

                var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                var take = (newline < 0 ? end : newline) - start;
                if (line.Length + take <= max)
                {
                    line.Write(buffer, start, take);
                }

                start += take;
                if (newline >= 0)
                {
                    start++;
                    var bytes = line.ToArray();
                    return bytes is [.., (byte)'\r'] ? bytes[..^1] : bytes;
                }
            }
        }
    }
}
