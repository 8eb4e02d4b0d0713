using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.TestData;

namespace Rapport.IntegrationTests.Channels.Email;

/// <summary>The real-world test emails, APPENDed to a real IMAP server and fetched by a mailbox, end up where the README says.</summary>
public abstract class EmailReceiveTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    /// <summary>A mailbox on an IMAP user of its own holding <paramref name="files"/>, in that order.</summary>
    private async Task<string> MailboxWithAsync(params string[] files)
    {
        var user = MailServers.UniqueUser();
        foreach (var file in files)
        {
            await MailServers.AppendAsync(user, TestEmails.ForImap(file));
        }

        return (await admin.CreateMailboxAsync(user)).Id();
    }

    private Task<int> ConversationCountAsync() => app.WithDbAsync(db => db.Conversations.CountAsync());

    [Fact]
    public async Task The_three_message_thread_arriving_out_of_order_is_one_conversation()
    {
        // The reply to the reply first, then the root, then the reply between them.
        var mailbox = await MailboxWithAsync("thread-3-re-re-saying-hello.eml", "thread-1-saying-hello.eml", "thread-2-re-saying-hello.eml");

        Assert.Equal(3, await admin.ReceiveMailAsync(mailbox));

        var ids = await app.WithDbAsync(db => db.Messages
            .Where(m => m.ProviderMessageId == "<1234@local.machine.example>" || m.ProviderMessageId == "<3456@example.net>"
                || m.ProviderMessageId == "<abcd.1234@local.machine.tld>")
            .Select(m => m.ConversationId).ToListAsync());
        Assert.Equal(3, ids.Count);
        var conversation = await agent.ConversationAsync(Assert.Single(ids.Distinct()).ToString());
        Assert.Equal(["This is a reply to your reply.", "This is a reply to your hello.", "This is a message just to say hello.\nSo, \"Hello\"."],
            conversation["messages"]!.AsArray().Select(m => m!.Str("text").ReplaceLineEndings("\n").Trim()));
        Assert.All(conversation["messages"]!.AsArray(), m => Assert.True(m!.Flag("hasRaw")));
    }

    [Fact]
    public async Task Auto_replies_start_no_conversation_and_create_no_customer()
    {
        var mailbox = await MailboxWithAsync("autoreply-exchange-ooo-cp1252-no-auto-submitted.eml", "autoreply-apple-vacation-in-reply-to.eml",
            "autoreply-arabic-auto-submitted-dup-in-reply-to.eml");
        var before = await ConversationCountAsync();

        Assert.Equal(3, await admin.ReceiveMailAsync(mailbox));

        Assert.Equal(before, await ConversationCountAsync());
        foreach (var sender in new[] { "kijitora@example.org", "kijitora@apple.example.com", "example@gmail.com" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/customers/lookup?email={sender}")).StatusCode);
        }
    }

    [Fact]
    public async Task A_bounce_marks_the_customers_address_as_failing_and_starts_no_conversation()
    {
        var customer = await Build.ACustomer("Netec Test").WithEmail("netec.test@netecgc.com").WithEmail(CustomerBuilder.UniqueEmail()).CreateAsync(agent);
        var mailbox = await MailboxWithAsync("bounce-postfix-to-helpdesk-via-o365.eml");
        var before = await ConversationCountAsync();

        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox));

        var points = (await (await agent.GetAsync($"/api/v1/customers/{customer.Id()}")).ExpectAsync(HttpStatusCode.OK))["contactPoints"]!.AsArray();
        var bounced = points.Single(p => p!.Str("normalized") == "netec.test@netecgc.com")!;
        Assert.NotNull(bounced["failingSince"]);
        Assert.False(string.IsNullOrEmpty(bounced.Str("failureReason")));
        Assert.All(points.Where(p => p != bounced), p => Assert.Null(p!["failingSince"]));
        Assert.Equal(before, await ConversationCountAsync());
    }

    [Fact]
    public async Task A_malformed_email_is_stored_with_a_parse_warning_and_its_raw_bytes_download_unchanged()
    {
        var raw = TestEmails.ForImap("malformed-raw-utf8-headers-bad-boundary.eml");
        var mailbox = await MailboxWithAsync("malformed-raw-utf8-headers-bad-boundary.eml");

        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox));

        var customer = await agent.CustomerByEmailAsync("headers@gmail.com");
        var message = Assert.Single(await agent.TimelineAsync(customer.Id()))!;
        Assert.False(string.IsNullOrEmpty(message.Str("parseWarning")));
        Assert.True(message.Flag("hasRaw"));
        await (await agent.GetAsync($"/api/v1/messages/{message.Id()}/raw")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var download = await app.ClientAs(Roles.Supervisor).GetAsync($"/api/v1/messages/{message.Id()}/raw");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("message/rfc822", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(raw, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Charset_encoded_mail_reads_as_written()
    {
        var mailbox = await MailboxWithAsync("charset-iso-2022-jp.eml", "tnef-winmail-koi8r.eml");

        Assert.Equal(2, await admin.ReceiveMailAsync(mailbox));

        var japanese = Assert.Single(await agent.TimelineAsync((await agent.CustomerByEmailAsync("x@x.com")).Id()))!;
        Assert.Equal("日本語メールテスト (testing Japanese emails)", japanese.Str("subject"));
        var ukrainian = Assert.Single(await agent.TimelineAsync((await agent.CustomerByEmailAsync("rrtest1@xink.io")).Id()))!;
        Assert.Contains("шостий", ukrainian.Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raw_message_of_an_unknown_id_is_a_404_problem()
    {
        await (await app.ClientAs(Roles.Supervisor).GetAsync($"/api/v1/messages/{Guid.NewGuid()}/raw")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class EmailReceiveTestsOnSqlite(SqliteRapportFactory app) : EmailReceiveTests<SqliteRapportFactory>(app);

public sealed class EmailReceiveTestsOnPostgres(PostgresRapportFactory app) : EmailReceiveTests<PostgresRapportFactory>(app);
