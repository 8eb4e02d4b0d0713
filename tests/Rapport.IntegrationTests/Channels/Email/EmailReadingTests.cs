using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Rapport.Features.Identity;
using Rapport.TestData;

namespace Rapport.IntegrationTests.Channels.Email;

/// <summary>
/// Reading real email as the sender laid it out, through the real IMAP server: the HTML body in a sandboxed document
/// with its inline images, an attached email opened as a page, and a read receipt marking the reply it names as read.
/// </summary>
public abstract class EmailReadingTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private async Task<(JsonNode Message, string User, JsonNode Mailbox)> ReceiveAsync(byte[] raw, string sender)
    {
        var user = MailServers.UniqueUser();
        var mailbox = await admin.CreateMailboxAsync(user);
        await MailServers.AppendAsync(user, raw);
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));
        return (Assert.Single(await agent.TimelineAsync((await agent.CustomerByEmailAsync(sender)).Id()))!, user, mailbox);
    }

    private static byte[] Bytes(MimeMessage mime)
    {
        using var buffer = new MemoryStream();
        mime.WriteTo(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public async Task The_html_body_is_a_sandboxed_document_with_its_cid_images_inline_and_remote_images_blocked()
    {
        var (message, _, _) = await ReceiveAsync(TestEmails.ForImap("attach-inline-cid-images-rfc2047-filename.eml"), "andris@kreata.ee");
        Assert.NotNull(message["html"]);

        var response = await agent.GetAsync($"/api/v1/messages/{message.Id()}/html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var document = await response.Content.ReadAsStringAsync();
        Assert.Contains("src=\"data:image/png;base64,", document, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/gif;base64,", document, StringComparison.Ordinal);
        Assert.DoesNotContain("cid:", document, StringComparison.Ordinal);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("sandbox allow-popups allow-popups-to-escape-sandbox", policy, StringComparison.Ordinal);
        Assert.Contains("img-src data:;", policy, StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));

        var remote = await agent.GetAsync($"/api/v1/messages/{message.Id()}/html?remote=true");
        Assert.Contains("img-src data: https: http:;", string.Join(";", remote.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        // Every other answer of the API still may not be framed.
        var json = await agent.GetAsync($"/api/v1/conversations/{message.Str("conversationId")}");
        Assert.Equal("DENY", Assert.Single(json.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task A_message_without_html_has_no_html_view()
    {
        var sender = CustomerBuilder.UniqueEmail("plain");
        var (message, _, _) = await ReceiveAsync(Mailboxes.Email(sender, "help@rapport.test", "Plain", $"<{Unique.Letters()}@customer.example>", "Just text."), sender);

        await (await agent.GetAsync($"/api/v1/messages/{message.Id()}/html")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_attached_email_opens_as_a_page_of_its_own_with_its_remote_images_blocked()
    {
        var sender = CustomerBuilder.UniqueEmail("forwarder");
        var inner = new MimeMessage { Subject = "Your booking 4471 is confirmed", MessageId = $"{Unique.Letters()}@hotel.example" };
        inner.From.Add(new MailboxAddress("Seaview Hotel", "bookings@hotel.example"));
        inner.To.Add(new MailboxAddress("", sender));
        inner.Body = new TextPart("html") { Text = "<p>Room 12, 4 nights.</p><img src=\"https://hotel.example/track.gif\" alt=\"logo\"><script>alert(1)</script>" };
        var outer = new MimeMessage { Subject = "Fw: my booking", MessageId = $"{Unique.Letters()}@customer.example" };
        outer.From.Add(new MailboxAddress("Customer", sender));
        outer.To.Add(new MailboxAddress("Help", "help@rapport.test"));
        outer.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "See the confirmation below; the dates are wrong." },
            new MessagePart { Message = inner, ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "booking.eml" } },
        };
        var (message, _, _) = await ReceiveAsync(Bytes(outer), sender);
        var attached = Assert.Single(message["attachments"]!.AsArray(), a => a!.Str("mediaType") == "message/rfc822")!;

        var response = await agent.GetAsync($"/api/v1/messages/{message.Id()}/attachments/{attached.Id()}/email");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Your booking 4471 is confirmed", page, StringComparison.Ordinal);
        Assert.Contains("Seaview Hotel &lt;bookings@hotel.example&gt;", page, StringComparison.Ordinal);
        Assert.Contains("Room 12, 4 nights.", page, StringComparison.Ordinal);
        Assert.Contains("[remote image blocked: logo]", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        Assert.DoesNotContain("hotel.example/track.gif", page, StringComparison.Ordinal);
        Assert.Contains("sandbox", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        // Only attached emails open this way, and only on their own message.
        var plainFile = await agent.GetAsync($"/api/v1/messages/{Guid.NewGuid()}/attachments/{attached.Id()}/email");
        await plainFile.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_read_receipt_marks_the_reply_it_names_as_read()
    {
        var sender = CustomerBuilder.UniqueEmail("receipt");
        var (message, user, mailbox) = await ReceiveAsync(
            Mailboxes.Email(sender, "help@rapport.test", "Late check-in", $"<{Unique.Letters()}@customer.example>", "Can I check in after midnight?"), sender);
        var conversation = message.Str("conversationId");
        var reply = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text = "Yes, the night porter will let you in." })))
            .ExpectAsync(HttpStatusCode.Accepted);
        await app.RunOutboxUntilAsync(async () => (await agent.MessageAsync(conversation, reply.Id())).Str("delivery") == "sent", "the reply sent");
        var replyId = await app.WithDbAsync(db => db.Messages.Where(m => m.Id == Guid.Parse(reply.Id())).Select(m => m.ProviderMessageId!).SingleAsync());
        var receipt = System.Text.Encoding.ASCII.GetString(TestEmails.ForImap("mdn-read-receipt-rfc3798.eml"))
            .Replace("<199509192301.23456@example.org>", replyId, StringComparison.Ordinal)
            .Replace("Joe_Recipient@example.com", sender, StringComparison.Ordinal);

        await MailServers.AppendAsync(user, System.Text.Encoding.ASCII.GetBytes(receipt));
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));

        Assert.Equal("read", (await agent.MessageAsync(conversation, reply.Id())).Str("delivery"));
    }
}

public sealed class EmailReadingTestsOnSqlite(SqliteRapportFactory app) : EmailReadingTests<SqliteRapportFactory>(app);

public sealed class EmailReadingTestsOnPostgres(PostgresRapportFactory app) : EmailReadingTests<PostgresRapportFactory>(app);
