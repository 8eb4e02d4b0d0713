using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.IntegrationTests.Channels.Email;
using Rapport.IntegrationTests.Channels.WebChat;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>
/// Files an agent sends with a reply: uploaded first (theirs alone, within the mail limits), then named in the reply, and
/// carried by the channels that can: email as MIME attachments, chat as files the visitor downloads.
/// </summary>
public abstract class ReplyFileTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string Origin = "https://www.ferry-line.test";
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] content, string mediaType)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await client.PostAsync("/api/v1/uploads", new MultipartFormDataContent { { file, "file", fileName } });
    }

    private static async Task<string> UploadedAsync(HttpClient client, string fileName, byte[] content, string mediaType = "application/pdf") =>
        (await (await UploadAsync(client, fileName, content, mediaType)).ExpectAsync(HttpStatusCode.Created)).Id();

    private static Task<HttpResponseMessage> ReplyAsync(HttpClient client, string conversation, string text, params string[] attachmentIds) =>
        client.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text, attachmentIds }));

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task<string> EmailConversationAsync()
    {
        var user = MailServers.UniqueUser();
        var mailbox = await admin.CreateMailboxAsync(user);
        var customer = CustomerBuilder.UniqueEmail("tickets");
        await MailServers.AppendAsync(user, Mailboxes.Email(customer, mailbox.Str("address"), "My tickets", $"<{Unique.Letters()}@customer.example>",
            "Could you send my tickets again?"));
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));
        return (await agent.TimelineAsync((await agent.CustomerByEmailAsync(customer)).Id()))[0]!.Str("conversationId");
    }

    [Fact]
    public async Task Files_sent_with_an_email_reply_arrive_as_attachments_with_their_bytes_and_stay_on_the_reply()
    {
        var conversation = await EmailConversationAsync();
        var ticket = Bytes(40_000, 1);
        var map = Bytes(20_000, 2);
        var ticketId = await UploadedAsync(agent, "Outbound ticket.pdf", ticket);
        var mapId = await UploadedAsync(agent, "../harbour map.png", map, "image/png");

        var reply = await (await ReplyAsync(agent, conversation, "Here are your tickets and a map of the harbour.", ticketId, mapId)).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(["Outbound ticket.pdf", "harbour map.png"], reply["attachments"]!.AsArray().Select(a => a!.Str("fileName")).Order(StringComparer.Ordinal));

        await app.RunOutboxUntilAsync(async () => (await agent.MessageAsync(conversation, reply.Id())).Str("delivery") == "sent", "the reply sent");
        var messageId = (await app.WithDbAsync(db => db.Messages.Where(m => m.Id == Guid.Parse(reply.Id())).Select(m => m.ProviderMessageId!).SingleAsync())).Trim('<', '>');
        var sent = await MailServers.FindAsync(MailServers.SmtpInbox, messageId) ?? throw new InvalidOperationException("The reply is not in the SMTP inbox.");
        Assert.Equal("Here are your tickets and a map of the harbour.", (sent.TextBody ?? "").Trim());
        var parts = sent.Attachments.OfType<MimePart>().OrderBy(p => p.FileName, StringComparer.Ordinal).ToList();
        Assert.Equal(["Outbound ticket.pdf", "harbour map.png"], parts.Select(p => p.FileName));
        Assert.Equal(["application/pdf", "image/png"], parts.Select(p => p.ContentType.MimeType));
        Assert.Equal(ticket, Decoded(parts[0]));
        Assert.Equal(map, Decoded(parts[1]));

        // The reply keeps its files for the agents, downloadable as any attachment; the uploads are used up.
        var stored = (await agent.MessageAsync(conversation, reply.Id()))["attachments"]!.AsArray().OrderBy(a => a!.Str("fileName"), StringComparer.Ordinal).ToList();
        var download = await agent.GetAsync(stored[0]!.Str("downloadUrl"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(ticket, await download.Content.ReadAsByteArrayAsync());
        await (await agent.GetAsync($"/api/v1/uploads/{ticketId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await ReplyAsync(agent, conversation, "Again?", ticketId)).ExpectProblemAsync(HttpStatusCode.BadRequest, "attachmentIds");
    }

    private static byte[] Decoded(MimePart part)
    {
        using var bytes = new MemoryStream();
        part.Content!.DecodeTo(bytes);
        return bytes.ToArray();
    }

    [Fact]
    public async Task A_file_in_a_chat_reply_is_listed_for_the_visitor_who_downloads_it_with_their_token_only()
    {
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = new ChatVisitorClient(app.ClientAs(null), Origin);
        await visitor.StartAsync(site);
        var said = await visitor.SayAsync("Can I see the timetable?");
        var conversation = (await app.WithDbAsync(db => db.Messages.Where(m => m.Id == Guid.Parse(said["messageId"]!.GetValue<string>()))
            .Select(m => m.ConversationId).SingleAsync())).ToString();
        var timetable = Bytes(5_000, 3);

        var reply = await (await ReplyAsync(agent, conversation, "Here it is.", await UploadedAsync(agent, "timetable.pdf", timetable))).ExpectAsync(HttpStatusCode.Accepted);
        await app.RunOutboxUntilAsync(async () => (await agent.MessageAsync(conversation, reply.Id())).Str("delivery") != "queued", "the reply sent");

        var fromAgent = (await visitor.MessagesAsync()).Single(m => m!["from"]!.GetValue<string>() == "agent")!;
        var file = Assert.Single(fromAgent["files"]!.AsArray())!;
        Assert.Equal("timetable.pdf", file.Str("name"));
        var download = await visitor.SendAsync(HttpMethod.Get, file.Str("url"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(timetable, await download.Content.ReadAsByteArrayAsync());

        var stranger = new ChatVisitorClient(app.ClientAs(null), Origin);
        await stranger.StartAsync(site);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(HttpMethod.Get, file.Str("url"))).StatusCode);
    }

    [Fact]
    public async Task An_upload_is_its_uploaders_alone_and_expires_unsent()
    {
        var conversation = await EmailConversationAsync();
        var mine = await UploadedAsync(agent, "quote.pdf", Bytes(1_000, 4));

        await (await supervisor.GetAsync($"/api/v1/uploads/{mine}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await ReplyAsync(supervisor, conversation, "Sending someone else's file.", mine)).ExpectProblemAsync(HttpStatusCode.BadRequest, "attachmentIds");
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.DeleteAsync($"/api/v1/uploads/{mine}")).StatusCode);
        var view = await (await agent.GetAsync($"/api/v1/uploads/{mine}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1_000, view["size"]!.GetValue<long>());

        app.Clock.Advance(ReplyUploads.KeptFor + TimeSpan.FromMinutes(1));
        await (await ReplyAsync(agent, conversation, "Too late.", mine)).ExpectProblemAsync(HttpStatusCode.BadRequest, "attachmentIds");
        // The next upload by the same person removes the expired one and its bytes.
        var blob = await app.WithDbAsync(db => db.ReplyUploads.Where(u => u.Id == Guid.Parse(mine)).Select(u => u.BlobRef).SingleAsync());
        await UploadedAsync(agent, "new quote.pdf", Bytes(1_000, 5));
        Assert.False(await app.WithDbAsync(db => db.ReplyUploads.AnyAsync(u => u.Id == Guid.Parse(mine))));
        Assert.Null(await app.Services.GetRequiredService<Rapport.Infrastructure.Blobs.BlobStore>().OpenAsync(blob, CancellationToken.None));
        Assert.Equal(0, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == Guid.Parse(conversation) && m.Direction == MessageDirection.Outbound)));
    }

    [Fact]
    public async Task Uploads_over_the_limits_empty_or_not_multipart_are_refused_naming_the_field_and_write_nothing()
    {
        var before = await app.WithDbAsync(db => db.ReplyUploads.CountAsync());
        await (await UploadAsync(agent, "huge.bin", Bytes(EmailAttachmentTests<AttachmentLimitsOnSqlite>.PerAttachment + 1, 6), "application/octet-stream"))
            .ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file");
        await (await UploadAsync(agent, "empty.txt", [], "text/plain")).ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        await (await agent.PostAsync("/api/v1/uploads", Requests.JsonBody(new { file = "not a file" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        Assert.Equal(before, await app.WithDbAsync(db => db.ReplyUploads.CountAsync()));

        // Each fits; together they are over the per-message limit.
        var conversation = await EmailConversationAsync();
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            ids.Add(await UploadedAsync(agent, $"part {i}.bin", Bytes(EmailAttachmentTests<AttachmentLimitsOnSqlite>.PerMessage / 2 + 1, 10 + i)));
        }

        await (await ReplyAsync(agent, conversation, "Two large files.", [.. ids])).ExpectProblemAsync(HttpStatusCode.BadRequest, "attachmentIds");
        Assert.Equal(0, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == Guid.Parse(conversation) && m.Direction == MessageDirection.Outbound)));
    }

    [Fact]
    public async Task A_reply_on_sms_refuses_files_and_sends_nothing()
    {
        var received = await Inbound.AnSms("+447700900" + Random.Shared.Next(100, 999)).Text("Is the 9:15 running?").ReceiveAsync(admin);
        var conversation = received.Str("conversationId");
        var file = await UploadedAsync(agent, "timetable.pdf", Bytes(1_000, 7));

        var problem = await (await ReplyAsync(agent, conversation, "Yes, see the timetable.", file)).ExpectProblemAsync(HttpStatusCode.BadRequest, "attachmentIds");
        Assert.Contains("cannot be sent on", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == Guid.Parse(conversation) && m.Direction == MessageDirection.Outbound)));
        await (await agent.GetAsync($"/api/v1/uploads/{file}")).ExpectAsync(HttpStatusCode.OK);
    }
}

public sealed class ReplyFileTestsOnSqlite(AttachmentLimitsOnSqlite app) : ReplyFileTests<AttachmentLimitsOnSqlite>(app);

public sealed class ReplyFileTestsOnPostgres(AttachmentLimitsOnPostgres app) : ReplyFileTests<AttachmentLimitsOnPostgres>(app);
