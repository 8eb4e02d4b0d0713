using System.Net.WebSockets;
using System.Text.Json;
using Rapport.Infrastructure.RealTime;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// The widget's live line: a WebSocket on which the visitor's first frame is <c>{"type":"hello","token":…,"after":…}</c>
/// (a token in the URL would end up in access logs), then <c>typing</c> and <c>read</c> frames; the server answers with
/// <c>feed</c> frames (new messages, who of the staff is typing) whenever there is news. Widgets that cannot keep a
/// socket open (proxies that block them) long-poll <c>GET /chat/v1/messages?wait=25</c> instead, with the same feed.
/// </summary>
public static class ChatSocket
{
    private const int MaxFrame = 16 * 1024;
    private static readonly TimeSpan HelloWithin = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(HttpContext http, ChatSiteDirectory sites, VisitorTokens tokens, ChatLimits limits, ChatRelay relay,
        ChatPresence chatPresence, ChatDeliveredMarks marks, IServiceScopeFactory scopes)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await ChatGate.Refuse(http, origin, StatusCodes.Status400BadRequest, "This address takes WebSocket connections only.",
                "Open it with new WebSocket(…), or long-poll GET /chat/v1/messages?wait=25.").ExecuteAsync(http);
            return;
        }

        if (limits.Request(ChatGate.AddressOf(http)) is { } wait)
        {
            await ChatGate.TooMany(http, origin, wait, "Too many requests from this address.").ExecuteAsync(http);
            return;
        }

        // Browsers always send Origin with a WebSocket handshake; other sites' pages must not open a visitor's line.
        if (!await sites.AnyAllowsAsync(origin, http.RequestAborted))
        {
            await ChatGate.Refuse(http, origin, StatusCodes.Status403Forbidden, "This page's origin may not use Rapport's chat.",
                $"No enabled chat site lists '{origin}' among its allowed origins.").ExecuteAsync(http);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var ct = http.RequestAborted;
        using var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        helloTimeout.CancelAfter(HelloWithin);
        Frame? hello;
        try
        {
            hello = await ReceiveAsync(socket, helloTimeout.Token);
        }
        catch (OperationCanceledException)
        {
            await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "Say hello with the visitor token first.");
            return;
        }

        var token = hello?.Type == "hello" ? tokens.Read(hello.Token) : null;
        var site = token is { } t ? await sites.FindAsync(t.SiteId, ct) : null;
        if (token is null || site is null || !site.Enabled || !site.Allows(origin))
        {
            await SendAsync(socket, new { type = "error", detail = "The visitor token is missing, invalid or expired, or this page's origin may not use its site." }, ct);
            await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "Refused.");
            return;
        }

        var visitorId = token.Value.VisitorId;
        using var lease = relay.Open(visitorId);
        var state = new SocketState(visitorId, scopes, chatPresence);
        var receiving = ReceiveLoopAsync(socket, state, ct);
        var after = hello!.After?.ToUniversalTime();
        var sentTyping = (string?)null;
        var first = true;
        var sent = new HashSet<Guid>();
        // What of the line this socket has taken: the replies handed over in memory up to pushed, the wake-ups without data up to dataless.
        var pushed = 0L;
        var dataless = -1L;
        // The visitor has written but the conversation is not known yet: the only state in which a line polls.
        var awaitingConversation = false;
        try
        {
            while (socket.State == WebSocketState.Open && !receiving.IsCompleted)
            {
                var wake = lease.Line.NextWake;
                var typing = lease.Line.AgentTyping;
                var line = lease.Line.Dataless;
                var (handed, handedUpTo, gap) = lease.Line.PushedAfter(pushed);
                if (first || gap || line != dataless || !state.InConversation)
                {
                    // Whatever was handed over so far is committed, so this read has it too.
                    dataless = line;
                    pushed = handedUpTo;
                    await using var scope = scopes.CreateAsyncScope();
                    var chat = scope.ServiceProvider.GetRequiredService<VisitorChat>();
                    if (await chat.FindAsync(visitorId, ct) is not { } visitor)
                    {
                        await SendAsync(socket, new { type = "error", detail = "This chat session no longer exists." }, ct);
                        break;
                    }

                    // Most visitors who open the chat never write: nothing to look for until they do (this read is fresh).
                    var feed = visitor.FirstMessageAt is null
                        ? new VisitorFeed([], typing, after ?? DateTime.MinValue)
                        : await chat.FeedAsync(visitor, after, typing, ct, marks);
                    if (visitor.ConversationId is { } conversation)
                    {
                        lease.Reads(conversation);
                        state.Arrived(conversation, visitor);
                    }

                    awaitingConversation = visitor.ConversationId is null && visitor.FirstMessageAt is not null;

                    // The feed repeats the seconds before the cursor, where a message that committed late can land: send what this socket has not.
                    var unsent = feed.Messages.Where(m => sent.Add(m.Id)).ToList();
                    if (first || unsent.Count > 0 || typing != sentTyping)
                    {
                        await SendAsync(socket, new { type = "feed", Messages = unsent, feed.AgentTyping, feed.Cursor }, ct);
                        first = false;
                        sentTyping = typing;
                    }

                    after = feed.Messages.Count > 0 ? feed.Cursor : after;
                }
                else
                {
                    // Only replies handed over in memory (or who is typing) are new: no read of the database. They count as
                    // delivered now, and are marked so with the next batch of every line's marks.
                    pushed = handedUpTo;
                    var unsent = handed.Where(m => sent.Add(m.Id))
                        .Select(m => m.From == "agent" && m.State is "sent" ? m with { State = "delivered" } : m).ToList();
                    if (unsent.Count > 0 || typing != sentTyping)
                    {
                        if (unsent.Count > 0)
                        {
                            after = unsent.Max(m => m.StoredAt) is var newest && (after is null || newest > after) ? newest : after;
                            if (lease.Line.ConversationId is { } conversation)
                            {
                                marks.Delivered(conversation, unsent.Where(m => m.From == "agent").Select(m => m.Id));
                            }
                        }

                        await SendAsync(socket, new { type = "feed", Messages = unsent, AgentTyping = typing, Cursor = after ?? DateTime.MinValue }, ct);
                        sentTyping = typing;
                    }
                }

                // Between the visitor's first message and its storing the conversation is unknown, and the storing may not
                // wake this line (a slow batch answers the sender after its wait): look again every second meanwhile. A
                // visitor who has not written is woken by their first send (on any node) and costs no reads until then.
                if (awaitingConversation)
                {
                    await Task.WhenAny(wake, receiving, Task.Delay(TimeSpan.FromSeconds(1), ct));
                }
                else
                {
                    await Task.WhenAny(wake, receiving);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The visitor went away.
        }
        finally
        {
            state.Dispose();
        }

        await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "Bye.");
    }

    private static async Task ReceiveLoopAsync(WebSocket socket, SocketState state, CancellationToken ct)
    {
        try
        {
            while (socket.State == WebSocketState.Open && await ReceiveAsync(socket, ct) is { } frame)
            {
                await state.HandleAsync(frame, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or JsonException)
        {
            // A closed or misbehaving socket ends the session.
        }
    }

    /// <summary>The next text frame, parsed; null when the visitor closed the socket.</summary>
    private static async Task<Frame?> ReceiveAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[MaxFrame];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonSerializer.Deserialize<Frame>(buffer.AsSpan(0, length), JsonSerializerOptions.Web);
            }

            if (length >= buffer.Length)
            {
                throw new JsonException("A frame larger than 16 KB.");
            }
        }
    }

    private static Task SendAsync(WebSocket socket, object payload, CancellationToken ct) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(payload, JsonSerializerOptions.Web), WebSocketMessageType.Text, true, ct);

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(status, reason, timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
    }

    private sealed record Frame(string? Type, string? Token = null, DateTime? After = null, Guid? UpTo = null);

    /// <summary>What the two halves of one socket share: the visitor's presence in their conversation.</summary>
    private sealed class SocketState(Guid visitorId, IServiceScopeFactory scopes, ChatPresence chatPresence) : IDisposable
    {
        private readonly Lock gate = new();
        private IPresenceSession? here;

        public bool InConversation
        {
            get
            {
                lock (gate)
                {
                    return here is not null;
                }
            }
        }

        public void Arrived(Guid conversationId, ChatVisitor visitor)
        {
            lock (gate)
            {
                here ??= chatPresence.Enter(conversationId, visitor);
            }
        }

        public async Task HandleAsync(Frame frame, CancellationToken ct)
        {
            switch (frame.Type)
            {
                case "typing":
                    if (!InConversation)
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        var chat = scope.ServiceProvider.GetRequiredService<VisitorChat>();
                        if (await chat.FindAsync(visitorId, ct) is { } visitor && await chat.ConversationOfAsync(visitor, ct) is { } conversation)
                        {
                            Arrived(conversation, visitor);
                        }
                    }

                    lock (gate)
                    {
                        here?.Typing();
                    }

                    break;
                case "stopTyping":
                    lock (gate)
                    {
                        here?.StoppedTyping();
                    }

                    break;
                case "read" when frame.UpTo is { } upTo:
                    await using (var scope = scopes.CreateAsyncScope())
                    {
                        var chat = scope.ServiceProvider.GetRequiredService<VisitorChat>();
                        if (await chat.FindAsync(visitorId, ct) is { } visitor)
                        {
                            try
                            {
                                await chat.ReadAsync(visitor, upTo, ct);
                            }
                            catch (Rapport.Infrastructure.Api.InvalidInputException)
                            {
                                // A read receipt for a message not in this chat: ignored.
                            }
                        }
                    }

                    break;
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                here?.Dispose();
                here = null;
            }
        }
    }
}
