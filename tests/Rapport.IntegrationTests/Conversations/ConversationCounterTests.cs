using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>
/// Replies, notes and inbound messages written at the same moment into one conversation: every one is counted and the
/// inbox shows the latest, whichever commits last (each writer once wrote back a copy it had read, losing the others).
/// </summary>
public abstract class ConversationCounterTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    [Fact]
    public async Task Parallel_replies_notes_and_inbound_messages_are_all_counted_and_the_latest_is_the_preview()
    {
        // Replies need a mailbox to send from; its SMTP server is down, which does not matter here: delivery is not the subject.
        await (await admin.PostAsync("/api/v1/mailboxes", Requests.JsonBody(new
        {
            name = "Help desk",
            address = $"help-{Unique.Letters()}@rapport.test",
            imapHost = "127.0.0.1",
            imapPort = MailServers.ClosedPort(),
            imapSecurity = "none",
            imapUser = "help",
            imapPassword = "x",
            smtpHost = "127.0.0.1",
            smtpPort = MailServers.ClosedPort(),
            smtpSecurity = "none",
        }))).ExpectAsync(HttpStatusCode.Created);
        var first = Inbound.AnEmail().Subject("Order 1234");
        var conversation = (await first.ReceiveAsync(admin)).ConversationId();
        // Every read of the clock moves it on by a millisecond, so replies and notes get distinct times in the order they
        // read it, which is not the order they commit in. Inbound messages sit half a millisecond between those times.
        app.Clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        try
        {
            var replies = Enumerable.Range(0, 20).Select(async i =>
                await (await agent.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text = $"Reply {i}" })))
                    .ExpectAsync(HttpStatusCode.Accepted));
            var notes = Enumerable.Range(0, 5).Select(async i =>
                await (await agent.PostAsync($"/api/v1/conversations/{conversation}/notes", Requests.JsonBody(new { text = $"Note {i}" })))
                    .ExpectAsync(HttpStatusCode.Created));
            var inbound = Enumerable.Range(0, 15).Select(async i =>
                await (await Inbound.AnEmail().InReplyTo(first.ProviderMessageId).Text($"Customer again {i}")
                    .SentAt(now.AddMilliseconds((i * 3) + 0.5)).PostAsync(admin)).ExpectAsync(HttpStatusCode.Created));
            await Task.WhenAll(replies.Concat(notes).Concat(inbound));
        }
        finally
        {
            app.Clock.AutoAdvanceAmount = TimeSpan.Zero;
        }

        var id = Guid.Parse(conversation);
        var (stored, messages) = await app.WithDbAsync(async db => (
            await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id),
            await db.Messages.AsNoTracking().Where(m => m.ConversationId == id).ToListAsync()));
        Assert.Equal(41, messages.Count);
        Assert.Equal(messages.Count, stored.MessageCount);
        var latest = messages.MaxBy(m => m.At)!;
        Assert.Single(messages, m => m.At == latest.At);
        Assert.Equal(latest.At, stored.LastMessageAt);
        Assert.Equal(latest.Text, stored.LastMessagePreview);
        Assert.Equal(latest.Channel, stored.LastChannel);
        var listed = await agent.ConversationAsync(conversation);
        Assert.Equal(41, listed["conversation"]!["messageCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_inbound_message_reopens_a_closed_conversation_and_an_older_one_does_not_take_the_preview()
    {
        var first = Inbound.AnEmail().Subject("Invoice");
        var conversation = (await first.ReceiveAsync(admin)).ConversationId();
        await (await agent.PostAsync($"/api/v1/conversations/{conversation}/status", Requests.JsonBody(new { status = "closed" }))).ExpectAsync(HttpStatusCode.OK);
        await (await agent.PostAsync($"/api/v1/conversations/{conversation}/notes", Requests.JsonBody(new { text = "Closed after the call" })))
            .ExpectAsync(HttpStatusCode.Created);

        // Written an hour before the note, delivered now: counted, reopens, but the note stays the latest activity.
        await Inbound.AnEmail().InReplyTo(first.ProviderMessageId).Text("An old one").SentAt(app.Clock.GetUtcNow().UtcDateTime.AddHours(-1)).ReceiveAsync(admin);

        var stored = await app.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == Guid.Parse(conversation)));
        Assert.Equal(3, stored.MessageCount);
        Assert.Equal(ConversationStatus.Open, stored.Status);
        Assert.Equal("Closed after the call", stored.LastMessagePreview);
    }

    [Fact]
    public async Task A_later_email_of_a_backlog_takes_the_preview_though_written_before_the_conversation_was_stored()
    {
        // Mail fetched hours after it was written: the conversation's activity is when it was stored, later than both.
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var first = Inbound.AnEmail().Subject("Backlog").Text("The first question").SentAt(now.AddHours(-3));
        var conversation = (await first.ReceiveAsync(admin)).ConversationId();

        await Inbound.AnEmail().InReplyTo(first.ProviderMessageId).Text("The follow-up").SentAt(now.AddHours(-2)).ReceiveAsync(admin);

        var stored = await app.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == Guid.Parse(conversation)));
        Assert.Equal("The follow-up", stored.LastMessagePreview);
        Assert.Equal(2, stored.MessageCount);
    }
}

public sealed class ConversationCounterTestsOnSqlite(SqliteRapportFactory app) : ConversationCounterTests<SqliteRapportFactory>(app);

public sealed class ConversationCounterTestsOnPostgres(PostgresRapportFactory app) : ConversationCounterTests<PostgresRapportFactory>(app);
