using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using MimeKit;
using Rapport.Features.Identity;
using Rapport.TestData;

namespace Rapport.IntegrationTests.Channels.Email;

/// <summary>
/// Attachments of real and constructed emails, APPENDed to the real IMAP server and fetched: listed on the message, stored
/// outside the row, downloaded safely, and kept as placeholders with a warning when over the limits (which this host
/// sets low: 100 KB per attachment, 150 KB per message).
/// </summary>
public abstract class EmailAttachmentTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    public const int PerAttachment = 100_000;
    public const int PerMessage = 150_000;

    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private async Task<JsonNode> ReceiveAsync(byte[] raw, string sender)
    {
        var user = MailServers.UniqueUser();
        await MailServers.AppendAsync(user, raw);
        Assert.Equal(1, await admin.ReceiveMailAsync((await admin.CreateMailboxAsync(user)).Id()));
        return Assert.Single(await agent.TimelineAsync((await agent.CustomerByEmailAsync(sender)).Id()))!;
    }

    private static byte[] EmailWith(string from, params MimePart[] parts)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress("Customer", from));
        mime.To.Add(new MailboxAddress("Help", "help@rapport.test"));
        mime.Subject = "Files for you";
        mime.MessageId = $"{Unique.Letters()}@customer.test";
        var mixed = new Multipart("mixed") { new TextPart("plain") { Text = "Please see the attached files." } };
        foreach (var part in parts)
        {
            mixed.Add(part);
        }

        mime.Body = mixed;
        using var buffer = new MemoryStream();
        mime.WriteTo(buffer);
        return buffer.ToArray();
    }

    private static MimePart File(string name, string mediaType, byte[] content) => new(mediaType)
    {
        Content = new MimeContent(new MemoryStream(content)),
        ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
        ContentTransferEncoding = ContentEncoding.Base64,
        FileName = name,
    };

    private static byte[] Bytes(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)((i * 31) + seed)).ToArray();

    [Fact]
    public async Task An_rfc2231_named_attachment_is_listed_and_downloads_byte_for_byte_as_a_safe_attachment()
    {
        var message = await ReceiveAsync(TestEmails.ForImap("attach-rfc2231-continuation-utf8-name.eml"), "mikel@test.lindsaar.net");

        var attachment = Assert.Single(message["attachments"]!.AsArray())!;
        var name = string.Concat(Enumerable.Repeat("かきくけこ", 5)) + ".txt";
        Assert.Equal(name, attachment.Str("fileName"));
        Assert.True(attachment.Flag("stored"));
        var expected = ((MimePart)MimeMessage.Load(new MemoryStream(TestEmails.Read("attach-rfc2231-continuation-utf8-name.eml"))).Attachments.Single());
        using var decoded = new MemoryStream();
        expected.Content!.DecodeTo(decoded);
        Assert.Equal(decoded.Length, attachment["size"]!.GetValue<long>());

        var download = await agent.GetAsync(attachment.Str("downloadUrl"));

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(decoded.ToArray(), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(name, download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Cid_images_are_listed_as_inline_and_the_text_file_as_an_attachment()
    {
        var message = await ReceiveAsync(TestEmails.ForImap("attach-inline-cid-images-rfc2047-filename.eml"), "andris@kreata.ee");

        var attachments = message["attachments"]!.AsArray().Select(a => a!).ToList();
        var inline = attachments.Where(a => a.Flag("inline")).ToList();
        Assert.Equal(["image.png", "nyan cat ✔.gif"], inline.Select(a => a.Str("fileName")).Order(StringComparer.Ordinal));
        Assert.All(inline, a => Assert.False(string.IsNullOrEmpty(a.Str("contentId"))));
        Assert.Equal("notes.txt", Assert.Single(attachments, a => !a.Flag("inline")).Str("fileName"));
        foreach (var a in attachments)
        {
            Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync(a.Str("downloadUrl"))).StatusCode);
        }
    }

    [Fact]
    public async Task Html_and_svg_attachments_download_as_octet_streams_never_as_pages()
    {
        var sender = CustomerBuilder.UniqueEmail();
        var message = await ReceiveAsync(EmailWith(sender,
            File("page.html", "text/html", "<script>alert(1)</script>"u8.ToArray()),
            File("../../logo.svg", "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray())), sender);

        var attachments = message["attachments"]!.AsArray().Select(a => a!).ToList();
        Assert.Equal(["logo.svg", "page.html"], attachments.Select(a => a.Str("fileName")).Order(StringComparer.Ordinal));
        foreach (var a in attachments)
        {
            var download = await agent.GetAsync(a.Str("downloadUrl"));
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(new MediaTypeHeaderValue("application/octet-stream"), download.Content.Headers.ContentType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        }
    }

    [Fact]
    public async Task An_attachment_over_the_limit_is_a_placeholder_with_a_warning_and_the_message_and_other_files_are_kept()
    {
        var sender = CustomerBuilder.UniqueEmail();
        var small = Bytes(2_000, 1);
        var message = await ReceiveAsync(EmailWith(sender, File("huge.bin", "application/octet-stream", Bytes(PerAttachment + 1, 2)),
            File("small.bin", "application/octet-stream", small)), sender);

        Assert.Equal("Please see the attached files.", message.Str("text").Trim());
        Assert.Contains("huge.bin", message.Str("parseWarning"), StringComparison.Ordinal);
        var attachments = message["attachments"]!.AsArray().Select(a => a!).ToList();
        var huge = Assert.Single(attachments, a => a.Str("fileName") == "huge.bin");
        Assert.False(huge.Flag("stored"));
        Assert.Null(huge["downloadUrl"]);
        Assert.Equal(PerAttachment + 1, huge["size"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(huge.Str("notStoredReason")));
        await (await agent.GetAsync($"/api/v1/messages/{message.Id()}/attachments/{huge.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var kept = Assert.Single(attachments, a => a.Str("fileName") == "small.bin");
        Assert.Equal(small, await agent.GetByteArrayAsync(kept.Str("downloadUrl")));
    }

    [Fact]
    public async Task Attachments_over_the_limit_per_message_together_are_placeholders_from_the_one_that_crosses_it()
    {
        var sender = CustomerBuilder.UniqueEmail();
        var message = await ReceiveAsync(EmailWith(sender, File("one.bin", "application/octet-stream", Bytes(60_000, 1)),
            File("two.bin", "application/octet-stream", Bytes(60_000, 2)), File("three.bin", "application/octet-stream", Bytes(60_000, 3))), sender);

        var stored = message["attachments"]!.AsArray().ToDictionary(a => a!.Str("fileName"), a => a!.Flag("stored"));
        Assert.Equal(new Dictionary<string, bool> { ["one.bin"] = true, ["two.bin"] = true, ["three.bin"] = false }, stored);
        Assert.Contains("three.bin", message.Str("parseWarning"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_conversation_lists_the_attachments_of_its_messages()
    {
        var message = await ReceiveAsync(TestEmails.ForImap("attach-raw-8bit-utf8-filename.eml"), "foo@example.com");

        var conversation = await agent.ConversationAsync(message.Str("conversationId"));

        var listed = Assert.Single(conversation["messages"]!.AsArray())!["attachments"]!.AsArray();
        Assert.Equal("ciële.txt", Assert.Single(listed)!.Str("fileName"));
    }

    [Fact]
    public async Task Unknown_and_malformed_attachment_ids_are_problems_naming_what_was_wrong()
    {
        await (await agent.GetAsync($"/api/v1/messages/{Guid.NewGuid()}/attachments/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.GetAsync($"/api/v1/messages/{Guid.NewGuid()}/attachments/not-an-id")).ExpectProblemAsync(HttpStatusCode.BadRequest, "attachmentId");
    }
}

public sealed class AttachmentLimitsOnSqlite : SqliteRapportFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rapport:Email:MaxAttachmentBytes", EmailAttachmentTests<AttachmentLimitsOnSqlite>.PerAttachment.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Rapport:Email:MaxMessageAttachmentBytes", EmailAttachmentTests<AttachmentLimitsOnSqlite>.PerMessage.ToString(CultureInfo.InvariantCulture));
    }
}

public sealed class AttachmentLimitsOnPostgres : PostgresRapportFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rapport:Email:MaxAttachmentBytes", EmailAttachmentTests<AttachmentLimitsOnPostgres>.PerAttachment.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Rapport:Email:MaxMessageAttachmentBytes", EmailAttachmentTests<AttachmentLimitsOnPostgres>.PerMessage.ToString(CultureInfo.InvariantCulture));
    }
}

public sealed class EmailAttachmentTestsOnSqlite(AttachmentLimitsOnSqlite app) : EmailAttachmentTests<AttachmentLimitsOnSqlite>(app);

public sealed class EmailAttachmentTestsOnPostgres(AttachmentLimitsOnPostgres app) : EmailAttachmentTests<AttachmentLimitsOnPostgres>(app);
