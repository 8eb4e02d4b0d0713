using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.TestData;

namespace Rapport.IntegrationTests.Channels.Email;

/// <summary>An agent's reply leaves through the outbox and the real SMTP server as a properly threaded email.</summary>
public abstract class EmailReplyTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private async Task<JsonNode> ReplyAsync(string conversationId, string text) =>
        await (await agent.PostAsync($"/api/v1/conversations/{conversationId}/replies", Requests.JsonBody(new { text }))).ExpectAsync(HttpStatusCode.Accepted);

    private Task<string> ProviderIdAsync(string messageId) =>
        app.WithDbAsync(db => db.Messages.Where(m => m.Id == Guid.Parse(messageId)).Select(m => m.ProviderMessageId!).SingleAsync());

    /// <summary>Runs the outbox until the reply is sent, then reads it back out of the SMTP server's mailbox.</summary>
    private async Task<MimeMessage> SentAsync(string conversationId, JsonNode reply)
    {
        await app.RunOutboxUntilAsync(async () => (await agent.MessageAsync(conversationId, reply.Id())).Str("delivery") == "sent", "the reply sent");
        var messageId = (await ProviderIdAsync(reply.Id())).Trim('<', '>');
        return await MailServers.FindAsync(MailServers.SmtpInbox, messageId)
            ?? throw new InvalidOperationException($"The reply <{messageId}> is not in the INBOX of {MailServers.SmtpInbox}.");
    }

    [Fact]
    public async Task A_reply_is_delivered_by_smtp_threaded_under_the_customers_email()
    {
        var user = MailServers.UniqueUser();
        var mailbox = await admin.CreateMailboxAsync(user);
        var customer = CustomerBuilder.UniqueEmail("kettle");
        var customerMessageId = $"<{Unique.Letters()}@customer.example>";
        await MailServers.AppendAsync(user, Mailboxes.Email(customer, mailbox.Str("address"), "Broken kettle", customerMessageId,
            "The kettle I bought is broken.", inReplyTo: "<order-confirmation@shop.example>"));
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));
        var conversation = (await agent.TimelineAsync((await agent.CustomerByEmailAsync(customer)).Id()))[0]!.Str("conversationId");

        var reply = await ReplyAsync(conversation, "Sorry to hear that. A new kettle is on its way.");

        Assert.Equal("queued", reply.Str("delivery"));
        var sent = await SentAsync(conversation, reply);
        Assert.Equal([customer], sent.To.Mailboxes.Select(m => m.Address));
        Assert.Equal([mailbox.Str("address")], sent.From.Mailboxes.Select(m => m.Address));
        Assert.Equal($"Re: Broken kettle [#{ConversationToken.For(Guid.Parse(conversation))}]", sent.Subject);
        Assert.Equal(customerMessageId.Trim('<', '>'), sent.InReplyTo);
        Assert.Equal(["order-confirmation@shop.example", customerMessageId.Trim('<', '>')], sent.References);
        Assert.Equal("Sorry to hear that. A new kettle is on its way.", (sent.TextBody ?? "").Trim());
        var stored = await agent.MessageAsync(conversation, reply.Id());
        Assert.Equal("outbound", stored.Str("direction"));
        Assert.Equal(1, stored["deliveryAttempts"]!.GetValue<int>());
        Assert.Null(stored["deliveryError"]);
    }

    [Fact]
    public async Task Open_screens_are_told_when_a_reply_is_sent()
    {
        var user = MailServers.UniqueUser();
        var mailbox = await admin.CreateMailboxAsync(user);
        var customer = CustomerBuilder.UniqueEmail("ferry");
        await MailServers.AppendAsync(user, Mailboxes.Email(customer, mailbox.Str("address"), "Ferry times", $"<{Unique.Letters()}@customer.example>", "When is the last ferry?"));
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));
        var conversation = (await agent.TimelineAsync((await agent.CustomerByEmailAsync(customer)).Id()))[0]!.Str("conversationId");
        var events = app.Services.GetRequiredService<ConversationEvents>();
        var told = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Record(Guid id)
        {
            // What a screen would read when told: the delivery state must already be committed.
            if (id == Guid.Parse(conversation))
            {
                told.Enqueue(app.WithDbAsync(db => db.Messages.Where(m => m.ConversationId == id && m.Direction == MessageDirection.Outbound)
                    .Select(m => m.Delivery).SingleAsync()).GetAwaiter().GetResult().ToString());
            }
        }

        events.ConversationChanged += Record;
        try
        {
            await SentAsync(conversation, await ReplyAsync(conversation, "At 22:15."));
            // Screens are told off the write path, within a coalescing window of the commit.
            for (var waited = 0; waited < 100 && !told.Contains("Sent", StringComparer.OrdinalIgnoreCase); waited++)
            {
                await Task.Delay(100);
            }
        }
        finally
        {
            events.ConversationChanged -= Record;
        }

        Assert.Contains(told, state => state.Equals("sent", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_email_sent_through_smtp_is_answered_and_the_copy_of_the_reply_fetched_back_is_not_stored_again()
    {
        // The SMTP server delivers everything to one shared INBOX; this test's messages are copied from there into an
        // IMAP user of its own, as a mailbox that receives its own sent mail would see them.
        var user = MailServers.UniqueUser();
        var mailbox = await admin.CreateMailboxAsync(user);
        var customer = CustomerBuilder.UniqueEmail("smtp");
        var email = new MimeMessage { Subject = "Sent through SMTP", MessageId = $"{Unique.Letters()}@customer.example", Body = new TextPart("plain") { Text = "Can you hear me?" } };
        email.From.Add(new MailboxAddress("Sam Smtp", customer));
        email.To.Add(MailboxAddress.Parse(mailbox.Str("address")));
        await MailServers.SendAsync(email);
        await MailServers.CopyFromSmtpInboxAsync(email.MessageId, user);
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));
        var customerId = (await agent.CustomerByEmailAsync(customer)).Id();
        var received = Assert.Single(await agent.TimelineAsync(customerId))!;
        Assert.Equal("Can you hear me?", received.Str("text").Trim());

        var reply = await ReplyAsync(received.Str("conversationId"), "Loud and clear.");
        var sent = await SentAsync(received.Str("conversationId"), reply);
        Assert.Equal(email.MessageId, sent.InReplyTo);

        await MailServers.CopyFromSmtpInboxAsync(sent.MessageId!, user);
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));
        Assert.Equal([reply.Id(), received.Id()], (await agent.TimelineAsync(customerId)).Select(m => m!.Id()));
    }

    [Fact]
    public async Task A_reply_to_the_test_thread_goes_to_the_reply_to_address_of_the_latest_email()
    {
        var user = MailServers.UniqueUser();
        await MailServers.AppendAsync(user, TestEmails.ForImap("thread-1-saying-hello.eml"));
        await MailServers.AppendAsync(user, TestEmails.ForImap("thread-2-re-saying-hello.eml"));
        var mailbox = await admin.CreateMailboxAsync(user);
        Assert.Equal(2, await admin.ReceiveMailAsync(mailbox.Id()));
        var conversation = await app.WithDbAsync(db => db.Messages.Where(m => m.ProviderMessageId == "<3456@example.net>").Select(m => m.ConversationId).SingleAsync());

        var sent = await SentAsync(conversation.ToString(), await ReplyAsync(conversation.ToString(), "Hello Mary, thanks for writing."));

        Assert.Equal(["smith@home.example"], sent.To.Mailboxes.Select(m => m.Address));
        Assert.Equal($"Re: Saying Hello [#{ConversationToken.For(conversation)}]", sent.Subject);
        Assert.Equal("3456@example.net", sent.InReplyTo);
        Assert.Equal(["1234@local.machine.example", "3456@example.net"], sent.References);
    }

    [Fact]
    public async Task A_reply_card_number_is_masked_in_what_is_sent()
    {
        var user = MailServers.UniqueUser();
        var mailbox = await admin.CreateMailboxAsync(user);
        var customer = CustomerBuilder.UniqueEmail("card");
        await MailServers.AppendAsync(user, Mailboxes.Email(customer, mailbox.Str("address"), "Payment", $"<{Unique.Letters()}@customer.example>", "Which card?"));
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));
        var conversation = (await agent.TimelineAsync((await agent.CustomerByEmailAsync(customer)).Id()))[0]!.Str("conversationId");

        var sent = await SentAsync(conversation, await ReplyAsync(conversation, "We charged 4111 1111 1111 1111."));

        Assert.Equal("We charged •••• •••• •••• 1111.", (sent.TextBody ?? "").Trim());
    }

    [Fact]
    public async Task A_conversation_without_an_email_from_the_customer_cannot_be_replied_to_by_email()
    {
        var sms = await Inbound.AnSms(Inbound.UniqueInternationalPhone()).ReceiveAsync(admin);

        await (await agent.PostAsync($"/api/v1/conversations/{sms.ConversationId()}/replies", Requests.JsonBody(new { text = "Hi" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "conversationId");
        await (await agent.PostAsync($"/api/v1/conversations/{sms.ConversationId()}/replies", Requests.JsonBody(new { text = "" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
    }
    [Fact]
    public async Task A_customers_answer_without_threading_headers_joins_the_conversation_by_the_subject_token()
    {
        var (user, mailbox, customer, conversation) = await ConversationWithReplyAsync();
        var reply = await SentAsync(conversation, await ReplyAsync(conversation, "Could you send a photo?"));
        Assert.Equal($"Re: Broken kettle [#{ConversationToken.For(Guid.Parse(conversation))}]", reply.Subject);

        // A mail client that drops In-Reply-To and References keeps the subject.
        var answerId = $"<{Unique.Letters()}@customer.example>";
        await MailServers.AppendAsync(user, Mailboxes.Email(customer.ToUpperInvariant(), mailbox.Str("address"), "Re: " + reply.Subject, answerId, "Here it is."));
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));

        var stored = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == answerId));
        Assert.Equal(Guid.Parse(conversation), stored.ConversationId);
    }

    [Fact]
    public async Task Someone_else_using_a_conversations_token_starts_a_new_conversation()
    {
        var (user, mailbox, _, conversation) = await ConversationWithReplyAsync();
        var stranger = CustomerBuilder.UniqueEmail("stranger");
        var strangerId = $"<{Unique.Letters()}@stranger.example>";
        await MailServers.AppendAsync(user, Mailboxes.Email(stranger, mailbox.Str("address"),
            $"Re: Broken kettle [#{ConversationToken.For(Guid.Parse(conversation))}]", strangerId, "Let me in."));
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));

        var stored = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == strangerId));
        Assert.NotEqual(Guid.Parse(conversation), stored.ConversationId);
        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == stored.ConversationId)));
    }

    [Fact]
    public async Task Threading_headers_win_over_a_token_of_another_conversation()
    {
        var (user, mailbox, customer, first) = await ConversationWithReplyAsync();
        var secondId = $"<{Unique.Letters()}@customer.example>";
        await MailServers.AppendAsync(user, Mailboxes.Email(customer, mailbox.Str("address"), "Another matter", secondId, "Something else."));
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));
        var second = await app.WithDbAsync(db => db.Messages.Where(m => m.ProviderMessageId == secondId).Select(m => m.ConversationId).SingleAsync());
        Assert.NotEqual(Guid.Parse(first), second);

        var answerId = $"<{Unique.Letters()}@customer.example>";
        await MailServers.AppendAsync(user, Mailboxes.Email(customer, mailbox.Str("address"), $"Re: Another matter [#{ConversationToken.For(Guid.Parse(first))}]",
            answerId, "About the other thing.", inReplyTo: secondId));
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));

        Assert.Equal(second, await app.WithDbAsync(db => db.Messages.Where(m => m.ProviderMessageId == answerId).Select(m => m.ConversationId).SingleAsync()));
    }

    /// <summary>A customer's email received into a mailbox of its own; returns the IMAP user, mailbox, sender and conversation.</summary>
    private async Task<(string User, JsonNode Mailbox, string Customer, string Conversation)> ConversationWithReplyAsync()
    {
        var user = MailServers.UniqueUser();
        var mailbox = await admin.CreateMailboxAsync(user);
        var customer = CustomerBuilder.UniqueEmail("kettle");
        await MailServers.AppendAsync(user, Mailboxes.Email(customer, mailbox.Str("address"), "Broken kettle", $"<{Unique.Letters()}@customer.example>",
            "The kettle I bought is broken."));
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));
        var conversation = (await agent.TimelineAsync((await agent.CustomerByEmailAsync(customer)).Id()))[0]!.Str("conversationId");
        return (user, mailbox, customer, conversation);
    }
}

public sealed class EmailReplyTestsOnSqlite(SqliteRapportFactory app) : EmailReplyTests<SqliteRapportFactory>(app);

public sealed class EmailReplyTestsOnPostgres(PostgresRapportFactory app) : EmailReplyTests<PostgresRapportFactory>(app);
