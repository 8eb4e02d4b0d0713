using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.RealTime;

namespace Rapport.IntegrationTests.Channels.WebChat;

/// <summary>
/// Web chat end to end through the visitor API a widget calls: a visitor's messages become a chat conversation through
/// the one ingestion pipeline, agents' replies reach the visitor live, and the public door refuses what it must.
/// </summary>
public abstract class WebChatTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string Origin = "https://www.harbour-hotel.test";
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private ChatVisitorClient Visitor(string origin = Origin) => new(app.ClientAs(null), origin);

    private Task<Message> StoredAsync(Guid id) => app.WithDbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == id));

    private async Task<Message> ReplyAsync(Guid conversation, string text)
    {
        var reply = await (await admin.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text }))).ExpectAsync(HttpStatusCode.Accepted);
        var id = Guid.Parse(reply.Id());
        await app.RunOutboxUntilAsync(async () => (await StoredAsync(id)).Delivery != DeliveryState.Queued, "the reply sent");
        return await StoredAsync(id);
    }

    private static Guid MessageIdOf(JsonNode accepted) => Guid.Parse(accepted["messageId"]!.GetValue<string>());

    [Fact]
    public async Task A_visitors_message_becomes_a_chat_conversation_and_the_agents_reply_reaches_them_delivered_then_read()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin, name: "Harbour Hotel");
        var visitor = Visitor();
        await visitor.StartAsync(site);

        var accepted = await visitor.SayAsync("Is breakfast included? See https://example.com/rooms", "first-message");
        var stored = await StoredAsync(MessageIdOf(accepted));
        var conversation = await app.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == stored.ConversationId));
        Assert.Equal(Channel.Chat, stored.Channel);
        Assert.Equal(Channel.Chat, conversation.LastChannel);
        Assert.Equal("Chat on Harbour Hotel", conversation.Subject);

        var reply = await ReplyAsync(conversation.Id, "Yes, from 7am in the Harbour Room.");
        Assert.Equal(Channel.Chat, reply.Channel);
        Assert.Equal(DeliveryState.Sent, reply.Delivery);

        var seen = await visitor.MessagesAsync();
        Assert.Equal(["visitor", "agent"], seen.Select(m => m!["from"]!.GetValue<string>()));
        Assert.Equal("first-message", seen[0]!["clientMessageId"]!.GetValue<string>());
        Assert.Equal("Yes, from 7am in the Harbour Room.", seen[1]!["text"]!.GetValue<string>());
        Assert.Equal(reply.AuthorName, seen[1]!["agentName"]!.GetValue<string>());
        Assert.Equal(DeliveryState.Delivered, (await StoredAsync(reply.Id)).Delivery);

        Assert.Equal(HttpStatusCode.NoContent, (await visitor.SendAsync(HttpMethod.Post, "/chat/v1/read", new { upTo = reply.Id })).StatusCode);
        Assert.Equal(DeliveryState.Read, (await StoredAsync(reply.Id)).Delivery);
    }

    [Fact]
    public async Task A_long_poll_answers_as_soon_as_the_agent_replies()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = Visitor();
        await visitor.StartAsync(site);
        var stored = await StoredAsync(MessageIdOf(await visitor.SayAsync("Can I bring my dog?")));
        var first = await visitor.MessagesAsync();
        var cursor = Uri.EscapeDataString(first[0]!["storedAt"]!.GetValue<string>());

        var waiting = visitor.MessagesAsync($"?wait=20&after={cursor}");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the poll answered before there was news");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await ReplyAsync(stored.ConversationId, "Dogs are welcome in the garden rooms.");

        var news = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(news, m => m!["text"]!.GetValue<string>() == "Dogs are welcome in the garden rooms.");
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_long_poll_begun_before_the_visitor_writes_answers_with_their_first_message()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = Visitor();
        await visitor.StartAsync(site);
        Assert.Empty(await visitor.MessagesAsync());

        // Another tab (or the widget before its socket is up) is waiting while the visitor writes their first message.
        var waiting = visitor.MessagesAsync("?wait=20");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the poll answered before there was news");
        await StoredAsync(MessageIdOf(await visitor.SayAsync("Is the pool heated?", "first-from-this-tab")));

        var news = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(news, m => m!["clientMessageId"]!.GetValue<string>() == "first-from-this-tab");
    }

    [Fact]
    public async Task A_message_sent_again_after_a_dropped_connection_is_stored_once()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = Visitor();
        await visitor.StartAsync(site);

        var first = await visitor.SayAsync("Do you have parking?", "resend-1");
        var again = await visitor.SayAsync("Do you have parking?", "resend-1");

        Assert.False(first["duplicate"]!.GetValue<bool>());
        Assert.True(again["duplicate"]!.GetValue<bool>());
        Assert.Equal(first["messageId"]!.GetValue<string>(), again["messageId"]!.GetValue<string>());
        Assert.Single(await visitor.MessagesAsync());
    }

    [Fact]
    public async Task Reloading_with_the_token_resumes_the_same_chat_and_a_tampered_token_is_refused()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = Visitor();
        var started = await visitor.StartAsync(site);
        await visitor.SayAsync("Late check-out please");

        var reloaded = Visitor();
        var resumed = await reloaded.StartAsync(site, visitor.Token);
        Assert.Equal(started["visitorId"]!.GetValue<string>(), resumed["visitorId"]!.GetValue<string>());
        Assert.Single(await reloaded.MessagesAsync());

        var tampered = Visitor();
        tampered.Use(visitor.Token[..^3] + (visitor.Token[^3] == 'A' ? "B" : "A") + visitor.Token[^2..]);
        await (await tampered.SendAsync(HttpMethod.Get, "/chat/v1/messages")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var fresh = await tampered.StartAsync(site, tampered.Token);
        Assert.NotEqual(started["visitorId"]!.GetValue<string>(), fresh["visitorId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pages_of_another_origin_are_refused_with_the_reason_and_nothing_is_written()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var before = await app.WithDbAsync(db => db.ChatVisitors.CountAsync());
        var intruder = Visitor("https://evil.example");

        var refused = await (await intruder.SendAsync(HttpMethod.Post, $"/chat/v1/sites/{site}/visitors", new { })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("https://evil.example", refused["detail"]!.GetValue<string>());
        await (await Visitor("").SendAsync(HttpMethod.Get, $"/chat/v1/sites/{site}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await app.WithDbAsync(db => db.ChatVisitors.CountAsync()));

        // A visitor of this site cannot be driven from another origin either.
        var visitor = Visitor();
        await visitor.StartAsync(site);
        var stolen = Visitor("https://evil.example");
        stolen.Use(visitor.Token);
        await (await stolen.SendAsync(HttpMethod.Post, "/chat/v1/messages", new { clientMessageId = "x1", text = "hi" })).ExpectProblemAsync(HttpStatusCode.Forbidden);

        var preflight = new HttpRequestMessage(HttpMethod.Options, "/chat/v1/messages");
        preflight.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(null).SendAsync(preflight)).StatusCode);
        var allowed = new HttpRequestMessage(HttpMethod.Options, "/chat/v1/messages");
        allowed.Headers.Add("Origin", Origin);
        var answer = await app.ClientAs(null).SendAsync(allowed);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal(Origin, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Authorization", answer.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field_and_stores_nothing()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = Visitor();
        await visitor.StartAsync(site);
        var before = await app.WithDbAsync(db => db.InboundJournal.CountAsync());

        await (await visitor.SendAsync(HttpMethod.Post, "/chat/v1/messages", new { clientMessageId = "a1", text = "  " })).ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        await (await visitor.SendAsync(HttpMethod.Post, "/chat/v1/messages", new { clientMessageId = "a2", text = new string('x', 4_001) })).ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        await (await visitor.SendAsync(HttpMethod.Post, "/chat/v1/messages", new { clientMessageId = "bad id!", text = "hi" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "clientMessageId");
        await (await visitor.SendAsync(HttpMethod.Put, "/chat/v1/visitor", new { email = "not-an-address" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "email");
        await (await visitor.SendAsync(HttpMethod.Post, "/chat/v1/read", new { upTo = Guid.NewGuid() })).ExpectProblemAsync(HttpStatusCode.BadRequest, "upTo");
        Assert.Equal(before, await app.WithDbAsync(db => db.InboundJournal.CountAsync()));

        await (await admin.PostAsync("/api/v1/chat-sites", Requests.JsonBody(new { name = "Shop", allowedOrigins = new[] { "https://shop.test/page" } })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "allowedOrigins[0]");
        await (await admin.PostAsync("/api/v1/chat-sites", Requests.JsonBody(new { name = "Shop", allowedOrigins = new[] { "https://shop.test" }, accentColour = "blue" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "accentColour");
    }

    [Fact]
    public async Task A_returning_customer_is_recognised_by_the_email_given_before_the_first_message_and_nobody_is_merged_on_a_later_one()
    {
        var email = $"maria.{Unique.Letters()[..8]}@example.com";
        var known = await Build.ACustomer().WithEmail(email).CreateAsync(admin);
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);

        var returning = Visitor();
        await returning.StartAsync(site);
        await (await returning.SendAsync(HttpMethod.Put, "/chat/v1/visitor", new { name = "Maria", email })).ExpectAsync(HttpStatusCode.OK);
        var stored = await StoredAsync(MessageIdOf(await returning.SayAsync("Hello again")));
        Assert.Equal(Guid.Parse(known.Id()), stored.CustomerId);

        var anonymous = Visitor();
        await anonymous.StartAsync(site);
        var first = await StoredAsync(MessageIdOf(await anonymous.SayAsync("Hi")));
        await (await anonymous.SendAsync(HttpMethod.Put, "/chat/v1/visitor", new { email })).ExpectAsync(HttpStatusCode.OK);
        var second = await StoredAsync(MessageIdOf(await anonymous.SayAsync("It's Maria")));
        Assert.NotEqual(Guid.Parse(known.Id()), first.CustomerId);
        Assert.Equal(first.CustomerId, second.CustomerId);
        Assert.Equal(first.ConversationId, second.ConversationId);
    }

    [Fact]
    public async Task A_message_left_while_closed_is_answered_by_email_in_the_same_conversation()
    {
        await admin.CreateMailboxAsync("offline-replies");
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = Visitor();
        await visitor.StartAsync(site);
        var email = $"tom.{Unique.Letters()[..8]}@example.com";

        var left = await (await visitor.SendAsync(HttpMethod.Post, "/chat/v1/offline-messages",
            new { clientMessageId = "offline-1", name = "Tom", email, text = "Please call me about a group booking." })).ExpectAsync(HttpStatusCode.Accepted);
        var stored = await StoredAsync(MessageIdOf(left));
        var reply = await (await admin.PostAsync($"/api/v1/conversations/{stored.ConversationId}/replies", Requests.JsonBody(new { text = "Happy to: when suits you?" })))
            .ExpectAsync(HttpStatusCode.Accepted);

        var sent = await StoredAsync(Guid.Parse(reply.Id()));
        Assert.Equal(Channel.Email, sent.Channel);
        Assert.Equal(email, sent.To);
        Assert.Equal(stored.ConversationId, sent.ConversationId);
        Assert.Equal("email", await app.WithDbAsync(db => db.OutboxItems.Where(o => o.SubjectId == sent.Id).Select(o => o.Kind).SingleAsync()));
        await (await visitor.SendAsync(HttpMethod.Post, "/chat/v1/offline-messages", new { clientMessageId = "offline-2", text = "no email" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "email");
    }

    [Fact]
    public async Task A_visitor_can_have_the_chat_emailed_and_the_agents_see_that_it_was_sent()
    {
        await admin.CreateMailboxAsync("transcripts");
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin, name: "Harbour Hotel");
        var visitor = Visitor();
        await visitor.StartAsync(site);
        await (await visitor.SendAsync(HttpMethod.Post, "/chat/v1/transcript", new { email = "ann@example.com" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "email");
        var stored = await StoredAsync(MessageIdOf(await visitor.SayAsync("Which room has the bath?")));
        await ReplyAsync(stored.ConversationId, "Room 12 has a roll-top bath.");

        await (await visitor.SendAsync(HttpMethod.Post, "/chat/v1/transcript", new { email = "Ann@Example.com" })).ExpectAsync(HttpStatusCode.Accepted);

        var transcript = await app.WithDbAsync(db => db.Messages.AsNoTracking()
            .SingleAsync(m => m.ConversationId == stored.ConversationId && m.Channel == Channel.Email));
        Assert.Equal("ann@example.com", transcript.To);
        Assert.Contains("You: Which room has the bath?", transcript.Text);
        Assert.Contains(": Room 12 has a roll-top bath.", transcript.Text);
        Assert.Equal("email", await app.WithDbAsync(db => db.OutboxItems.Where(o => o.SubjectId == transcript.Id).Select(o => o.Kind).SingleAsync()));
    }

    [Fact]
    public async Task Chats_of_a_site_answered_by_a_restricted_team_are_hidden_from_agents_outside_it()
    {
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"VIP desk {Unique.Letters()[..6]}", restricted = true })))
            .ExpectAsync(HttpStatusCode.Created);
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin, Guid.Parse(team.Id()));
        var visitor = Visitor();
        await visitor.StartAsync(site);
        var stored = await StoredAsync(MessageIdOf(await visitor.SayAsync("My suite's minibar is empty")));

        Assert.Equal(Guid.Parse(team.Id()), await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == stored.ConversationId).Select(c => c.TeamId).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientAs(Roles.Agent).GetAsync($"/api/v1/conversations/{stored.ConversationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/conversations/{stored.ConversationId}")).StatusCode);
    }

    [Fact]
    public async Task Outside_opening_hours_the_site_says_it_is_closed_and_when_it_opens()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin, followHours: true);
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var local = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), london);
        var evening = new DateTimeOffset(local.Date.AddHours(21), local.Offset);
        app.Clock.Advance((evening > local ? evening : evening.AddDays(1)) - local);

        var view = await (await Visitor().SendAsync(HttpMethod.Get, $"/chat/v1/sites/{site}")).ExpectAsync(HttpStatusCode.OK);

        Assert.False(view["open"]!.GetValue<bool>());
        Assert.Equal("hours", view["closed"]!.GetValue<string>());
        Assert.True(view["opensAt"]!.GetValue<DateTimeOffset>() > app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task A_visitors_file_reaches_the_agent_and_only_that_visitor_can_download_it_back()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = Visitor();
        await visitor.StartAsync(site);
        var content = System.Text.Encoding.UTF8.GetBytes("<script>alert(1)</script> booking ref HX" + Unique.Letters()[..6]);

        var accepted = await (await visitor.SendFileAsync("booking.html", content, "text/html", "Here is my booking")).ExpectAsync(HttpStatusCode.Accepted);

        var stored = await StoredAsync(MessageIdOf(accepted));
        Assert.Equal("Here is my booking", stored.Text);
        var conversation = await (await admin.GetAsync($"/api/v1/conversations/{stored.ConversationId}")).ExpectAsync(HttpStatusCode.OK);
        var attachment = conversation["messages"]!.AsArray().Single(m => m!.Id() == stored.Id.ToString())!["attachments"]!.AsArray().Single()!;
        Assert.Equal("booking.html", attachment.Str("fileName"));
        var staffCopy = await admin.GetAsync(attachment.Str("downloadUrl"));
        Assert.Equal(content, await staffCopy.Content.ReadAsByteArrayAsync());

        var file = (await visitor.MessagesAsync()).Single()!["files"]!.AsArray().Single()!;
        var download = await visitor.SendAsync(HttpMethod.Get, file.Str("url"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType); // never rendered as a page
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Origin, download.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var stranger = Visitor();
        await stranger.StartAsync(site);
        await stranger.SayAsync("Hello");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(HttpMethod.Get, file.Str("url"))).StatusCode);
    }

    [Fact]
    public async Task A_file_over_the_limit_or_a_request_without_one_is_refused_naming_the_field_and_stores_nothing()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = Visitor();
        await visitor.StartAsync(site);
        var limit = app.Services.GetRequiredService<AttachmentLimits>().PerAttachment;

        await (await visitor.SendFileAsync("scan.pdf", new byte[limit + 1], "application/pdf")).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file");
        await (await visitor.SendAsync(HttpMethod.Post, "/chat/v1/files", new { file = "x" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        await (await visitor.SendFileAsync("a.txt", [1, 2, 3], "text/plain", clientMessageId: "no spaces allowed"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "clientMessageId");

        Assert.Empty(await visitor.MessagesAsync());
    }

    [Fact]
    public async Task While_no_agent_of_the_team_is_available_the_site_takes_a_message_and_opens_when_one_is()
    {
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Front desk {Unique.Letters()[..6]}" })))
            .ExpectAsync(HttpStatusCode.Created);
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin, Guid.Parse(team.Id()), nobodyOffline: true);
        var duty = app.Services.GetRequiredService<Rapport.Features.Channels.WebChat.ChatDuty>();
        async Task<JsonNode> ViewAsync() => await (await Visitor().SendAsync(HttpMethod.Get, $"/chat/v1/sites/{site}")).ExpectAsync(HttpStatusCode.OK);

        var nobody = await ViewAsync();
        Assert.False(nobody["open"]!.GetValue<bool>());
        Assert.Equal("nobody-available", nobody["closed"]!.GetValue<string>());

        // An agent of another team does not open it; one of its own team does, until they go.
        using (duty.Start(Guid.NewGuid(), "Elsewhere", [Guid.NewGuid()]))
        {
            Assert.False((await ViewAsync())["open"]!.GetValue<bool>());
        }

        using (duty.Start(Guid.NewGuid(), "Member", [Guid.Parse(team.Id())]))
        {
            var open = await ViewAsync();
            Assert.True(open["open"]!.GetValue<bool>());
            Assert.Null(open["closed"]);
        }

        Assert.False((await ViewAsync())["open"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_visitors_socket_brings_the_reply_and_the_agent_sees_the_visitor_typing()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = Visitor();
        await visitor.StartAsync(site);
        await (await visitor.SendAsync(HttpMethod.Put, "/chat/v1/visitor", new { name = "Priya" })).ExpectAsync(HttpStatusCode.OK);
        var stored = await StoredAsync(MessageIdOf(await visitor.SayAsync("Is the spa open on Sunday?")));

        var client = app.Server.CreateWebSocketClient();
        client.ConfigureRequest = r => r.Headers.Origin = Origin;
        using var socket = await client.ConnectAsync(new Uri(app.Server.BaseAddress, "/chat/v1/socket"), CancellationToken.None);
        await SendFrameAsync(socket, new { type = "hello", token = visitor.Token });
        var first = await ReceiveFrameAsync(socket);
        Assert.Equal("feed", first["type"]!.GetValue<string>());
        Assert.Single(first["messages"]!.AsArray());

        await SendFrameAsync(socket, new { type = "typing" });
        var presence = app.Services.GetRequiredService<IPresence>();
        await Eventually(() => presence.Present(stored.ConversationId).Any(p => p.Name == "Priya (visitor)" && p.IsTyping), "the agent sees the visitor typing");

        await ReplyAsync(stored.ConversationId, "Yes, 8am to 8pm.");
        var news = await ReceiveFrameAsync(socket);
        Assert.Contains(news["messages"]!.AsArray(), m => m!["text"]!.GetValue<string>() == "Yes, 8am to 8pm.");

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        await Eventually(() => presence.Present(stored.ConversationId).All(p => p.Name != "Priya (visitor)"), "the agent sees the visitor leave");
    }

    [Fact]
    public async Task A_socket_from_another_origin_or_without_a_valid_hello_is_refused()
    {
        await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var client = app.Server.CreateWebSocketClient();
        client.ConfigureRequest = r => r.Headers.Origin = "https://evil.example";
        await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(new Uri(app.Server.BaseAddress, "/chat/v1/socket"), CancellationToken.None));

        var allowed = app.Server.CreateWebSocketClient();
        allowed.ConfigureRequest = r => r.Headers.Origin = Origin;
        using var socket = await allowed.ConnectAsync(new Uri(app.Server.BaseAddress, "/chat/v1/socket"), CancellationToken.None);
        await SendFrameAsync(socket, new { type = "hello", token = "forged" });
        var refused = await ReceiveFrameAsync(socket);
        Assert.Equal("error", refused["type"]!.GetValue<string>());
    }

    private static Task SendFrameAsync(WebSocket socket, object frame) => ChatSockets.SendAsync(socket, frame);

    private static async Task<JsonNode> ReceiveFrameAsync(WebSocket socket) =>
        await ChatSockets.ReceiveAsync(socket, TimeSpan.FromSeconds(15)) ?? throw new TimeoutException("No frame within 15 s.");

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}

public sealed class WebChatTestsOnSqlite(SqliteRapportFactory app) : WebChatTests<SqliteRapportFactory>(app);

public sealed class WebChatTestsOnPostgres(PostgresRapportFactory app) : WebChatTests<PostgresRapportFactory>(app);
