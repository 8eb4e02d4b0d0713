using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.TestData;

namespace Rapport.IntegrationTests.Channels.Email;

/// <summary>
/// Every received email is findable, and machine mail says why it was taken for one (issue 14): the written corpus of
/// <see cref="MailCorpus"/>, APPENDed to a real IMAP server and fetched through the real ingestion path.
/// </summary>
public abstract class RealWorldMailTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private static string Id(string what) => $"{what}.{Unique.Letters()}@corpus.example";

    private async Task<string> MailboxWithAsync(params string[] mails)
    {
        var user = MailServers.UniqueUser();
        foreach (var mail in mails)
        {
            await MailServers.AppendAsync(user, MailCorpus.Bytes(mail));
        }

        return (await admin.CreateMailboxAsync(user)).Id();
    }

    private Task<List<Rapport.Features.Conversations.Message>> StoredAsync(params string[] ids) =>
        app.WithDbAsync(db => db.Messages.AsNoTracking().Where(m => ids.Select(i => $"<{i}>").Contains(m.ProviderMessageId!)).ToListAsync());

    private async Task<JsonArray> AutomaticAsync(string q) =>
        (await (await agent.GetAsync($"/api/v1/automatic-mail?q={Uri.EscapeDataString(q)}")).ExpectAsync(HttpStatusCode.OK)).AsArray();

    [Fact]
    public async Task List_mail_postmaster_mail_a_whitespace_first_line_and_forwards_become_readable_conversations()
    {
        string list = Id("list"), postmaster = Id("pm"), blank = Id("ws"), forward = Id("fwd"), digest = Id("digest");
        var mailbox = await MailboxWithAsync(MailCorpus.ListMailByAPerson(list), MailCorpus.PostmasterWritingAsAPerson(postmaster),
            MailCorpus.BeginsWithAWhitespaceLine(blank), MailCorpus.ForwardedInline(forward), MailCorpus.Digest(digest));

        Assert.Equal(5, await admin.ReceiveMailAsync(mailbox));

        var stored = await StoredAsync(list, postmaster, blank, forward, digest);
        Assert.Equal(5, stored.Count);
        Assert.All(stored, m => Assert.False(m.IsAutomatic));
        Assert.Contains("List-Id", stored.Single(m => m.ProviderMessageId == $"<{list}>").Classification, StringComparison.Ordinal);
        var photo = stored.Single(m => m.ProviderMessageId == $"<{blank}>");
        Assert.Equal("jonas@phone.example", photo.From);
        Assert.Equal("Photo of the broken part", photo.Subject);
        Assert.Equal("hinge.png", Assert.Single(await app.WithDbAsync(db => db.Attachments.Where(a => a.MessageId == photo.Id).ToListAsync())).FileName);
        Assert.Contains("120 EUR", stored.Single(m => m.ProviderMessageId == $"<{forward}>").Text, StringComparison.Ordinal);
        Assert.Contains("reconnecting the account", stored.Single(m => m.ProviderMessageId == $"<{digest}>").Text, StringComparison.Ordinal);

        // Findable by an agent: the list mail through search, the postmaster's question on its sender's timeline.
        var hits = await (await agent.GetAsync("/api/v1/search?q=spreadsheet%20invoices")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(stored.Single(m => m.ProviderMessageId == $"<{list}>").Id.ToString(), hits.ToJsonString(), StringComparison.Ordinal);
        Assert.NotEmpty(await agent.TimelineAsync((await agent.CustomerByEmailAsync("postmaster@shop.example")).Id()));
    }

    [Fact]
    public async Task A_reused_message_id_on_a_different_email_is_stored_and_the_same_email_twice_is_stored_once()
    {
        var id = Id("reused");
        var first = MailCorpus.ReusedMessageId("Order Desk <orders@template.example>", "Your order 1", "Order 1 has shipped.", id);
        var other = MailCorpus.ReusedMessageId("Karin Holm <karin@buyer.example>", "Wrong size delivered", "The shoes are a size too small.", id);
        var mailbox = await MailboxWithAsync(first, other, first, other);

        Assert.Equal(4, await admin.ReceiveMailAsync(mailbox));

        var stored = await app.WithDbAsync(db => db.Messages.AsNoTracking().Where(m => m.ProviderMessageId!.StartsWith($"<{id}>")).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Contains(stored, m => m.From == "orders@template.example" && m.ProviderMessageId == $"<{id}>");
        var second = Assert.Single(stored, m => m.From == "karin@buyer.example");
        Assert.Contains("already had the Message-ID", second.ParseWarning, StringComparison.Ordinal);
        // The drops leave a trace: the journal says what became of each delivery.
        var journal = await app.WithDbAsync(db => db.InboundJournal.AsNoTracking().Where(j => j.ProviderMessageId.StartsWith($"<{id}>")).CountAsync());
        Assert.Equal(2, journal);
    }

    [Fact]
    public async Task Bounces_mark_only_failed_addresses_with_their_status_and_never_become_customers()
    {
        var slow = CustomerBuilder.UniqueEmail("slow");
        var gone = CustomerBuilder.UniqueEmail("gone");
        var nobody = CustomerBuilder.UniqueEmail("nobody");
        var customer = await Build.ACustomer("Bounce Target").WithEmail(slow).WithEmail(gone).WithEmail(nobody).CreateAsync(agent);
        var before = await app.WithDbAsync(db => db.Conversations.CountAsync());
        string delayed = Id("delay"), qmail = Id("qmail"), ndr = Id("ndr"), arf = Id("arf");
        var mailbox = await MailboxWithAsync(MailCorpus.DelayedDeliveryNotice(slow, delayed), MailCorpus.PlainTextBounceFromBareMailerDaemon(gone, qmail),
            MailCorpus.BounceFromPostUnderscoreMaster(nobody, ndr), MailCorpus.AbuseReport(arf));

        Assert.Equal(4, await admin.ReceiveMailAsync(mailbox));

        var points = (await (await agent.GetAsync($"/api/v1/customers/{customer.Id()}")).ExpectAsync(HttpStatusCode.OK))["contactPoints"]!.AsArray();
        Assert.Null(points.Single(p => p!.Str("normalized") == slow)!["failingSince"]);
        var failed = points.Single(p => p!.Str("normalized") == gone)!;
        Assert.NotNull(failed["failingSince"]);
        Assert.Contains("5.1.1", failed.Str("failureReason"), StringComparison.Ordinal);
        Assert.Contains("User unknown", failed.Str("failureReason"), StringComparison.Ordinal);
        Assert.NotNull(points.Single(p => p!.Str("normalized") == nobody)!["failingSince"]);
        Assert.Equal(before, await app.WithDbAsync(db => db.Conversations.CountAsync()));
        foreach (var sender in new[] { "post_master@mx.example.org", "abuse@isp.example" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/customers/lookup?email={sender}")).StatusCode);
        }

        // Each waits in the automatic mail view, saying why it is there.
        var abuse = Assert.Single(await AutomaticAsync(arf))!;
        Assert.Contains("feedback-report", abuse.Str("classification"), StringComparison.Ordinal);
        Assert.Contains("delayed", Assert.Single(await AutomaticAsync(delayed))!.Str("classification"), StringComparison.Ordinal);
        Assert.Single(await AutomaticAsync(qmail));
    }

    [Fact]
    public async Task An_auto_reply_waits_in_the_automatic_view_and_one_action_makes_it_a_conversation()
    {
        var sender = CustomerBuilder.UniqueEmail("away");
        var id = Id("ooo");
        var mailbox = await MailboxWithAsync(MailCorpus.OutOfOffice(sender, id));

        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox));
        Assert.Empty(await StoredAsync(id));
        var waiting = Assert.Single(await AutomaticAsync(id))!;
        Assert.Equal("Auto-Submitted: auto-replied", waiting.Str("classification"));
        Assert.Equal(sender, waiting.Str("from"));

        var opened = await (await agent.PostAsync($"/api/v1/automatic-mail/{waiting.Str("receipt")}/conversation", null)).ExpectAsync(HttpStatusCode.Created);

        var message = Assert.Single(await StoredAsync(id));
        Assert.Equal(Guid.Parse(opened.ConversationId()), message.ConversationId);
        Assert.False(message.IsAutomatic);
        Assert.Equal("Auto-Submitted: auto-replied", message.Classification);
        Assert.Empty(await AutomaticAsync(id));
        await (await agent.PostAsync($"/api/v1/automatic-mail/{waiting.Str("receipt")}/conversation", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reply_to_is_kept_on_the_message_and_the_sender_stays_the_customer()
    {
        var id = Id("rt");
        var mailbox = await MailboxWithAsync(MailCorpus.WithReplyTo(id));

        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox));

        var message = Assert.Single(await StoredAsync(id));
        Assert.Equal("ann@corp.example", message.From);
        Assert.Equal("Ann Example", message.FromName);
        Assert.Equal("tickets@corp.example", message.ReplyTo);
        Assert.Equal("Ann Example", (await agent.CustomerByEmailAsync("ann@corp.example")).Str("name"));
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/v1/customers/lookup?email=tickets@corp.example")).StatusCode);
    }

    [Fact]
    public async Task A_reply_goes_to_the_reply_to_of_the_message_answered()
    {
        var id = Id("rta");
        var mailbox = await MailboxWithAsync(MailCorpus.WithReplyTo(id));
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox));
        var answered = Assert.Single(await StoredAsync(id));

        var reply = await (await agent.PostAsync($"/api/v1/conversations/{answered.ConversationId}/replies",
            Requests.JsonBody(new { text = "We are looking into it." }))).ExpectAsync(HttpStatusCode.Accepted);

        Assert.Equal("tickets@corp.example", reply.Str("to"));
    }
}

public sealed class RealWorldMailTestsOnSqlite(SqliteRapportFactory app) : RealWorldMailTests<SqliteRapportFactory>(app);

public sealed class RealWorldMailTestsOnPostgres(PostgresRapportFactory app) : RealWorldMailTests<PostgresRapportFactory>(app);
