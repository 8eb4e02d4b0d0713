using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Channels.WebChat;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Channels.WebChat;

/// <summary>
/// A chat's fast path: replies committed on this node and the visitor's own stored messages are handed to the visitor's
/// connections in memory (no read of the database per reply), delivered marks are written in batches, and whatever was
/// not handed over still makes the connections read the database, so nothing is lost or shown twice.
/// </summary>
public abstract class ChatInMemoryDeliveryTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string Origin = "https://www.lakeside-inn.test";
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private ChatRelay Relay => app.Services.GetRequiredService<ChatRelay>();

    private Task<Message> StoredAsync(Guid id) => app.WithDbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == id));

    [Fact]
    public async Task A_reply_reaches_the_open_socket_delivered_and_is_marked_so_with_the_next_batch_and_a_late_mark_never_undoes_read()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = new ChatVisitorClient(app.ClientAs(null), Origin);
        await visitor.StartAsync(site);
        var first = Guid.Parse((await visitor.SayAsync("Do you have a room with a lake view?", "ask-1"))["messageId"]!.GetValue<string>());
        var conversation = (await StoredAsync(first)).ConversationId;

        using var socket = await OpenSocketAsync(visitor.Token);
        var hello = await ReceiveAsync(socket);
        Assert.Equal("ask-1", Assert.Single(hello["messages"]!.AsArray())!["clientMessageId"]!.GetValue<string>());

        var reply = await (await admin.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text = "Yes, room 12." })))
            .ExpectAsync(HttpStatusCode.Accepted);
        var replyId = Guid.Parse(reply.Id());
        var news = await ReceiveAsync(socket);
        var shown = Assert.Single(news["messages"]!.AsArray())!;
        Assert.Equal(replyId, Guid.Parse(shown["id"]!.GetValue<string>()));
        Assert.Equal("Yes, room 12.", shown["text"]!.GetValue<string>());
        Assert.Equal("agent", shown["from"]!.GetValue<string>());
        Assert.Equal("delivered", shown["state"]!.GetValue<string>());
        await Eventually(async () => (await StoredAsync(replyId)).Delivery == DeliveryState.Delivered, "the reply is marked delivered");

        // The visitor reads it; a delivered mark arriving after that (a second tab's, a slow batch) leaves it read.
        Assert.Equal(HttpStatusCode.NoContent, (await visitor.SendAsync(HttpMethod.Post, "/chat/v1/read", new { upTo = replyId })).StatusCode);
        var marks = app.Services.GetRequiredService<ChatDeliveredMarks>();
        marks.Delivered(conversation, [replyId]);
        await marks.FlushAsync(CancellationToken.None);
        Assert.Equal(DeliveryState.Read, (await StoredAsync(replyId)).Delivery);

        // A second message from the visitor reaches the same socket once, with the widget's id.
        await visitor.SayAsync("Thank you!", "ask-2");
        var echo = await ReceiveAsync(socket);
        Assert.Equal("ask-2", Assert.Single(echo["messages"]!.AsArray())!["clientMessageId"]!.GetValue<string>());
        Assert.Null(await ChatSockets.ReceiveAsync(socket, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task A_visitors_message_sent_from_one_tab_shows_in_the_other_tabs_socket_as_stored()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = new ChatVisitorClient(app.ClientAs(null), Origin);
        await visitor.StartAsync(site);
        await visitor.SayAsync("Hello", "tab-1");
        using var otherTab = await OpenSocketAsync(visitor.Token);
        await ReceiveAsync(otherTab);

        // A card number is masked when stored: the other tab shows the message as kept, not as typed.
        var accepted = await visitor.SayAsync("My card is 4111 1111 1111 1111", "tab-2");
        var stored = await StoredAsync(Guid.Parse(accepted["messageId"]!.GetValue<string>()));
        var shown = Assert.Single((await ReceiveAsync(otherTab))["messages"]!.AsArray())!;
        Assert.Equal("tab-2", shown["clientMessageId"]!.GetValue<string>());
        Assert.Equal(stored.Text, shown["text"]!.GetValue<string>());
        Assert.Equal("visitor", shown["from"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_socket_of_a_visitor_who_has_not_written_reads_nothing_until_they_do_then_shows_the_message_and_the_reply()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = new ChatVisitorClient(app.ClientAs(null), Origin);
        var visitorId = (await visitor.StartAsync(site))["visitorId"]!.GetValue<string>();
        using var socket = await OpenSocketAsync(visitor.Token);
        Assert.Empty((await ReceiveAsync(socket))["messages"]!.AsArray());

        // Most visitors who open the chat never write: an open line costs no reads while they do not.
        using (var reads = StatementsNaming.Start(visitorId))
        {
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            Assert.Equal(0, reads.Count);
        }

        var said = await visitor.SayAsync("Is breakfast included?", "first");
        var conversation = (await StoredAsync(Guid.Parse(said["messageId"]!.GetValue<string>()))).ConversationId;
        var first = Assert.Single((await ReceiveAsync(socket))["messages"]!.AsArray())!;
        Assert.Equal("first", first["clientMessageId"]!.GetValue<string>());

        await (await admin.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text = "It is, from seven." })))
            .ExpectAsync(HttpStatusCode.Accepted);
        var reply = Assert.Single((await ReceiveAsync(socket))["messages"]!.AsArray())!;
        Assert.Equal("It is, from seven.", reply["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_reply_committed_here_is_handed_to_the_line_without_a_wake_up_that_reads_the_database()
    {
        var (visitor, conversation) = (Guid.NewGuid(), Guid.NewGuid());
        using var lease = Relay.Open(visitor);
        lease.Reads(conversation);
        var before = lease.Line.Dataless;

        Relay.Replied(Reply(conversation, "One"));
        var (handed, seq, gap) = lease.Line.PushedAfter(0);
        Assert.Equal("One", Assert.Single(handed).Text);
        Assert.False(gap);
        Assert.Equal(before, lease.Line.Dataless);
        Assert.Empty(lease.Line.PushedAfter(seq).Messages);

        // A connection further behind than the line keeps is told to read the database instead.
        for (var i = 0; i < VisitorLine.Kept + 1; i++)
        {
            Relay.Replied(Reply(conversation, $"Reply {i}"));
        }

        Assert.True(lease.Line.PushedAfter(seq).Gap);
        Assert.False(lease.Line.PushedAfter(seq + 2).Gap);
    }

    [Fact]
    public async Task A_stored_message_wakes_the_line_to_read_unless_the_send_in_flight_hands_it_over()
    {
        var (visitor, conversation) = (Guid.NewGuid(), Guid.NewGuid());
        using var lease = Relay.Open(visitor);
        lease.Reads(conversation);
        var line = lease.Line;

        // Handed over by the send: no read.
        var handed = Guid.NewGuid();
        var before = line.Dataless;
        using (Relay.Sending(visitor))
        {
            await StoredAsync(conversation, handed);
            Relay.VisitorSent(visitor, new VisitorMessageView(handed, "c-1", "visitor", null, "hi", DateTime.UtcNow, DateTime.UtcNow, null, []));
        }

        Assert.Equal(before, line.Dataless);
        Assert.Contains(line.PushedAfter(0).Messages, m => m.Id == handed);

        // Stored during a send that did not hand it over (it gave up waiting): read when the send ends.
        using (Relay.Sending(visitor))
        {
            await StoredAsync(conversation, Guid.NewGuid());
            Assert.Equal(before, line.Dataless);
        }

        Assert.Equal(before + 1, line.Dataless);

        // Stored with no send in flight here (another node's, or the journal's later): read at once.
        await StoredAsync(conversation, Guid.NewGuid());
        Assert.Equal(before + 2, line.Dataless);
    }

    /// <summary>Publishes a stored message as the ingestion does and returns once the relay has heard it (it listens first).</summary>
    private async Task StoredAsync(Guid conversation, Guid message)
    {
        var events = app.Services.GetRequiredService<ConversationEvents>();
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Heard(IReadOnlyList<IngestResult> stored)
        {
            if (stored.Any(s => s.MessageId == message))
            {
                heard.TrySetResult();
            }
        }

        events.MessagesStored += Heard;
        try
        {
            events.Published([new IngestResult(message, conversation, Guid.NewGuid(), false, false, false)]);
            await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            events.MessagesStored -= Heard;
        }
    }

    private static Message Reply(Guid conversation, string text)
    {
        var reply = new Message
        {
            ConversationId = conversation,
            Direction = MessageDirection.Outbound,
            Channel = Channel.Chat,
            From = "Bench",
            Text = text,
            AuthorName = "Ann",
            At = DateTime.UtcNow,
            StoredAt = DateTime.UtcNow,
        };
        reply.MarkSent();
        return reply;
    }

    private async Task<WebSocket> OpenSocketAsync(string token)
    {
        var client = app.Server.CreateWebSocketClient();
        client.ConfigureRequest = r => r.Headers.Origin = Origin;
        var socket = await client.ConnectAsync(new Uri(app.Server.BaseAddress, "/chat/v1/socket"), CancellationToken.None);
        await ChatSockets.SendAsync(socket, new { type = "hello", token });
        return socket;
    }

    private static async Task<JsonNode> ReceiveAsync(WebSocket socket) =>
        await ChatSockets.ReceiveAsync(socket, TimeSpan.FromSeconds(15)) ?? throw new TimeoutException("No frame within 15 s.");

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}

public sealed class ChatInMemoryDeliveryTestsOnSqlite(SqliteRapportFactory app) : ChatInMemoryDeliveryTests<SqliteRapportFactory>(app);

public sealed class ChatInMemoryDeliveryTestsOnPostgres(PostgresRapportFactory app) : ChatInMemoryDeliveryTests<PostgresRapportFactory>(app);

/// <summary>Counts the EF statements of this process that carry a given value as a parameter (a visitor's id), while started.</summary>
internal sealed class StatementsNaming : IObserver<System.Diagnostics.DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string value;
    private readonly List<IDisposable> subscriptions = [];
    private int count;

    private StatementsNaming(string value) => this.value = value;

    public int Count => Volatile.Read(ref count);

    public static StatementsNaming Start(string value)
    {
        var counter = new StatementsNaming(value);
        counter.subscriptions.Add(System.Diagnostics.DiagnosticListener.AllListeners.Subscribe(counter));
        return counter;
    }

    public void OnNext(System.Diagnostics.DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (subscriptions)
            {
                subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> pair)
    {
        if (pair.Key == Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuting.Name
            && pair.Value is Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData data
            && data.Command.Parameters.Cast<System.Data.Common.DbParameter>().Any(p => string.Equals(p.Value?.ToString(), value, StringComparison.OrdinalIgnoreCase)))
        {
            Interlocked.Increment(ref count);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (subscriptions)
        {
            subscriptions.ForEach(s => s.Dispose());
        }
    }
}
