using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Channels.Messaging;

/// <summary>
/// Administrators change and disable channel accounts: secrets stay write-only, bad input is a problem naming the field,
/// a disabled account's webhooks are refused and store nothing, replies on its conversations are refused with the reason.
/// Inbound media are fetched from each provider in its own way (checked by the stand-in) after the message is stored; media
/// that cannot be fetched stay listed as not retrievable, with the reason. WhatsApp templates are sent in the Cloud API's
/// shape outside the 24-hour window, where free text is refused.
/// </summary>
public abstract class ChannelAccountAdminTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IAsyncLifetime where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient provider = app.ClientAs(null);
    private ProviderStandIn standIn = null!;

    public async Task InitializeAsync()
    {
        standIn = await ProviderStandIn.StartAsync();
        await app.WithDbAsync(db => db.ChannelAccounts.ExecuteDeleteAsync());
        app.Services.GetRequiredService<ChannelAccountDirectory>().Changed();
        await CorpusAccounts.ConnectAsync(admin, standIn.BaseUrl);
    }

    public async Task DisposeAsync() => await standIn.DisposeAsync();

    private async Task<string> AccountIdAsync(string name) =>
        (await (await admin.GetAsync("/api/v1/channel-accounts")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(a => a!.Str("name") == name)!.Id();

    private Task<HttpResponseMessage> PatchAsync(string id, object body) => admin.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/channel-accounts/{id}")
    {
        Content = Requests.JsonBody(body),
    });

    [Fact]
    public async Task An_administrator_changes_an_account_its_secrets_stay_unreadable_and_bad_input_names_the_field()
    {
        var id = await AccountIdAsync("WhatsApp");
        var before = await app.WithDbAsync(db => db.ChannelAccounts.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(id)));

        var changed = await (await PatchAsync(id, new { name = "WhatsApp support", apiSecret = "new-wa-token", replayWindowSeconds = 120 })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("WhatsApp support", 120, true), (changed.Str("name"), changed["replayWindowSeconds"]!.GetValue<int>(), changed["enabled"]!.GetValue<bool>()));
        Assert.DoesNotContain("new-wa-token", changed.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(changed["apiSecret"]);
        var after = await app.WithDbAsync(db => db.ChannelAccounts.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(id)));
        Assert.NotEqual(before.ApiSecretProtected, after.ApiSecretProtected);
        Assert.Equal(before.WebhookSecretProtected, after.WebhookSecretProtected); // left out: unchanged
        Assert.Equal("new-wa-token", app.Services.GetRequiredService<ChannelSecrets>().Unprotect(after.ApiSecretProtected));

        var twilio = await AccountIdAsync("Twilio SMS");
        await (await PatchAsync(id, new { apiBaseUrl = "ftp://graph.example" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "apiBaseUrl");
        await (await PatchAsync(twilio, new { accountId = "not-a-sid" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "accountId");
        await (await PatchAsync(twilio, new { address = "not a number" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "address");
        await (await PatchAsync(await AccountIdAsync("Vonage (MD5)"), new { address = "+447700900002" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("WhatsApp support", (await app.WithDbAsync(db => db.ChannelAccounts.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(id)))).Name);
        await (await PatchAsync(Guid.NewGuid().ToString(), new { name = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Agent).SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/channel-accounts/{id}")
        {
            Content = Requests.JsonBody(new { enabled = false }),
        })).StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_refuses_its_webhooks_stores_nothing_and_refuses_replies_with_the_reason()
    {
        var phone = "4477009" + Random.Shared.Next(10_000, 99_999);
        await (await SignedMetaAsync("/webhooks/whatsapp", WhatsAppText(phone, $"wamid.dis-{phone}", "Hello"))).ExpectAsync(HttpStatusCode.OK);
        await app.ProcessedAsync();
        var conversation = await app.WithDbAsync(db => db.Messages.Where(m => m.ProviderMessageId == $"wamid.dis-{phone}").Select(m => m.ConversationId).SingleAsync());
        var id = await AccountIdAsync("WhatsApp");

        var disabled = await (await PatchAsync(id, new { enabled = false })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("disabled", disabled.Str("status"));
        var health = (await (await admin.GetAsync("/api/v1/channels/health")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(c => c!.Str("id") == id)!;
        Assert.Equal("disabled", health.Str("status"));

        var footprint = await app.FootprintAsync();
        var refused = await SignedMetaAsync("/webhooks/whatsapp", WhatsAppText(phone, $"wamid.dis2-{phone}", "Anyone there?"));
        var problem = await refused.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("https://rapport.dev/problems/channel-account-disabled", problem.Str("type"));
        Assert.Contains("disabled", problem.Str("detail"), StringComparison.Ordinal);
        await app.ProcessedAsync();
        Assert.Equal(footprint, await app.FootprintAsync());

        var reply = await admin.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text = "Yes, we are here." }));
        var why = await reply.ExpectProblemAsync(HttpStatusCode.BadRequest, "conversationId");
        Assert.Contains("is disabled", why.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(standIn.Calls);

        await (await PatchAsync(id, new { enabled = true })).ExpectAsync(HttpStatusCode.OK);
        await (await SignedMetaAsync("/webhooks/whatsapp", WhatsAppText(phone, $"wamid.dis3-{phone}", "Hello again"))).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Inbound_media_are_fetched_from_each_provider_with_its_auth_after_the_message_is_stored()
    {
        var jpeg = RandomNumberGenerator.GetBytes(2048);
        var phone = "4477009" + Random.Shared.Next(10_000, 99_999);
        standIn.Reply("/wa-media-1", 200, $$$"""{"url":"{{{standIn.BaseUrl}}}/lookaside/wa-media-1","mime_type":"image/jpeg","file_size":2048,"id":"wa-media-1","messaging_product":"whatsapp"}""");
        standIn.Reply("/lookaside/wa-media-1", 200, "image/jpeg", jpeg);
        var image = $$$"""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"{{{CorpusAccounts.WhatsAppNumberId}}}"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"{{{phone}}}"}],"messages":[{"from":"{{{phone}}}","id":"wamid.img-{{{phone}}}","timestamp":"{{{app.Clock.GetUtcNow().ToUnixTimeSeconds()}}}","type":"image","image":{"caption":"The broken lamp","mime_type":"image/jpeg","sha256":"x","id":"wa-media-1"}}]},"field":"messages"}]}]}""";
        await (await SignedMetaAsync("/webhooks/whatsapp", image)).ExpectAsync(HttpStatusCode.OK);
        // The webhook was answered without a call to the provider: media are fetched afterwards.
        Assert.Empty(standIn.Calls);

        var twilioMedia = $"/2010-04-01/Accounts/{CorpusAccounts.TwilioSid}/Messages/MMeff4274b432b33ff796e0ec71f54c195/Media/ME44cb5f585be4798189502ca62e77a1e6";
        standIn.Reply(twilioMedia, 200, "image/jpeg", jpeg);
        // Twilio is answered with TwiML, not JSON.
        Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(ProviderWebhooks.Request("twilio/inbound-mms-new-customer.case.json"))).StatusCode);

        var chat = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);
        standIn.Reply("/bot123456:bot-token/getFile", 200, """{"ok":true,"result":{"file_id":"tg-file-1","file_unique_id":"u1","file_size":2048,"file_path":"photos/file_7.jpg"}}""");
        standIn.Reply("/file/bot123456:bot-token/photos/file_7.jpg", 200, "image/jpeg", jpeg);
        await TelegramPhotoAsync(chat);

        string?[] mine = ["wa-media-1", "tg-file-1", "https://api.twilio.com" + twilioMedia];
        var attachments = (await FetchedAsync()).Where(a => mine.Contains(a.ProviderRef)).ToList();
        Assert.Equal(3, attachments.Count);

        var wa = attachments.Single(a => a.ProviderRef == "wa-media-1");
        var calls = standIn.Calls.ToList();
        var lookup = calls.Single(c => c.PathAndQuery == "/wa-media-1");
        var download = calls.Single(c => c.PathAndQuery == "/lookaside/wa-media-1");
        Assert.Equal(("GET", "Bearer wa-access-token"), (lookup.Method, lookup.Header("Authorization")));
        Assert.Equal(("GET", "Bearer wa-access-token"), (download.Method, download.Header("Authorization")));
        var tw = calls.Single(c => c.PathAndQuery == twilioMedia);
        Assert.Equal(("GET", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CorpusAccounts.TwilioSid}:{CorpusAccounts.TwilioToken}"))), (tw.Method, tw.Header("Authorization")));
        Assert.Equal("GET", calls.Single(c => c.PathAndQuery == "/bot123456:bot-token/getFile?file_id=tg-file-1").Method);
        Assert.Equal("GET", calls.Single(c => c.PathAndQuery == "/file/bot123456:bot-token/photos/file_7.jpg").Method);

        foreach (var a in attachments)
        {
            Assert.NotNull(a.BlobRef);
            Assert.Equal((2048L, "image/jpeg", (string?)null), (a.Size, a.MediaType, a.NotStoredReason));
            var bytes = await (await admin.GetAsync($"/api/v1/messages/{a.MessageId}/attachments/{a.Id}")).Content.ReadAsByteArrayAsync();
            Assert.Equal(jpeg, bytes);
        }

        var waMessage = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.Id == wa.MessageId));
        Assert.Equal("The broken lamp", waMessage.Text);
        var mms = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == "MMeff4274b432b33ff796e0ec71f54c195"));
        Assert.Equal("Photo of the damaged suitcase from today's transfer", mms.Text);
    }

    [Fact]
    public async Task Media_the_provider_no_longer_keeps_stay_listed_as_not_retrievable_and_the_message_is_kept()
    {
        var psid = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var json = $$$"""{"object":"page","entry":[{"id":"{{{CorpusAccounts.PageId}}}","time":1,"messaging":[{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{CorpusAccounts.PageId}}}"},"timestamp":1700000000000,"message":{"mid":"m_gone-{{{psid}}}","attachments":[{"type":"image","payload":{"url":"{{{standIn.BaseUrl}}}/cdn/gone-{{{psid}}}.jpg"}}]}}]}]}""";
        await (await SignedMetaAsync("/webhooks/messenger", json)).ExpectAsync(HttpStatusCode.OK);

        var attachment = Assert.Single(await FetchedAsync(), a => a.ProviderRef == $"{standIn.BaseUrl}/cdn/gone-{psid}.jpg");

        var call = standIn.Calls.Single(c => c.PathAndQuery == $"/cdn/gone-{psid}.jpg");
        Assert.Equal(("GET", ""), (call.Method, call.Header("Authorization")));
        Assert.Null(attachment.BlobRef);
        Assert.StartsWith("media not retrievable (Messenger answered 404", attachment.NotStoredReason, StringComparison.Ordinal);
        var message = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.Id == attachment.MessageId));
        Assert.Equal("(an attachment sent on Messenger)", message.Text);
        var shown = (await (await admin.GetAsync($"/api/v1/conversations/{message.ConversationId}")).ExpectAsync(HttpStatusCode.OK))["messages"]!.AsArray()
            .Single(m => m!.Str("id") == message.Id.ToString())!["attachments"]!.AsArray().Single()!;
        Assert.StartsWith("media not retrievable", shown.Str("notStoredReason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_whatsapp_template_goes_out_in_the_cloud_api_shape_when_free_text_is_refused_outside_24_hours()
    {
        var account = await AccountIdAsync("WhatsApp");
        var templates = $"/api/v1/channel-accounts/{account}/whatsapp-templates";
        await (await admin.PostAsync(templates, Requests.JsonBody(new { name = "Booking Update", language = "en_US", body = "Hi {{1}}" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await admin.PostAsync(templates, Requests.JsonBody(new { name = "booking_update", language = "en_US", body = "Hi {{2}}" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        var template = await (await admin.PostAsync(templates, Requests.JsonBody(new
        {
            name = "booking_update",
            language = "en_US",
            category = "utility",
            body = "Hello {{1}}, your booking {{2}} is confirmed.",
        }))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(2, template["parameterCount"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Agent).PostAsync(templates, Requests.JsonBody(new { name = "x", language = "en", body = "x" }))).StatusCode);

        var phone = "4477009" + Random.Shared.Next(10_000, 99_999);
        await (await SignedMetaAsync("/webhooks/whatsapp", WhatsAppText(phone, $"wamid.tpl-{phone}", "Is my booking confirmed?"))).ExpectAsync(HttpStatusCode.OK);
        await app.ProcessedAsync();
        var conversation = await app.WithDbAsync(db => db.Messages.Where(m => m.ProviderMessageId == $"wamid.tpl-{phone}").Select(m => m.ConversationId).SingleAsync());

        // Within the window free text still goes out as text.
        standIn.Reply($"/{CorpusAccounts.WhatsAppNumberId}/messages", 200, """{"messaging_product":"whatsapp","messages":[{"id":"wamid.out-text"}]}""");
        var text = await (await admin.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text = "Checking now." }))).ExpectAsync(HttpStatusCode.Accepted);
        await app.RunOutboxUntilAsync(async () => await DeliveryAsync(text.Id()) is DeliveryState.Sent, "the text reply sent");
        Assert.Equal("text", JsonNode.Parse(standIn.Calls.Last().Body)!.Str("type"));

        app.Clock.Advance(TimeSpan.FromHours(25));
        var refused = await admin.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text = "Yes it is." }));
        Assert.Contains("approved template", (await refused.ExpectProblemAsync(HttpStatusCode.BadRequest, "text")).ToJsonString(), StringComparison.Ordinal);
        var offer = await (await admin.GetAsync($"/api/v1/conversations/{conversation}/whatsapp-templates")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(offer["windowOpen"]!.GetValue<bool>());
        Assert.Equal(template.Id(), offer["templates"]!.AsArray().Single()!.Id());

        var send = $"/api/v1/conversations/{conversation}/whatsapp-template-replies";
        await (await admin.PostAsync(send, Requests.JsonBody(new { templateId = template.Id(), parameters = new[] { "Ana" } }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "parameters");
        await (await admin.PostAsync(send, Requests.JsonBody(new { templateId = template.Id(), parameters = new[] { "Ana", "two\nlines" } }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "parameters");
        standIn.Reply($"/{CorpusAccounts.WhatsAppNumberId}/messages", 200, """{"messaging_product":"whatsapp","messages":[{"id":"wamid.out-template"}]}""");
        var sent = await (await admin.PostAsync(send, Requests.JsonBody(new { templateId = template.Id(), parameters = new[] { "Ana", "HX4521" } }))).ExpectAsync(HttpStatusCode.Accepted);
        await app.RunOutboxUntilAsync(async () => await DeliveryAsync(sent.Id()) is DeliveryState.Sent, "the template sent");

        var call = standIn.Calls.Last();
        Assert.Equal(("POST", $"/{CorpusAccounts.WhatsAppNumberId}/messages", "Bearer wa-access-token"), (call.Method, call.PathAndQuery, call.Header("Authorization")));
        var expected = JsonNode.Parse($$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{phone}}}","type":"template",
             "template":{"name":"booking_update","language":{"code":"en_US"},
                         "components":[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"HX4521"}]}]}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(call.Body)), call.Body);
        Assert.Equal("Hello Ana, your booking HX4521 is confirmed.", sent.Str("text"));
    }

    private async Task<DeliveryState> DeliveryAsync(string id) =>
        await app.WithDbAsync(db => db.Messages.Where(m => m.Id == Guid.Parse(id)).Select(m => m.Delivery).SingleAsync());

    /// <summary>Runs the media fetcher until no attachment waits for its media; returns every fetched one (stored or not retrievable).</summary>
    private async Task<List<MessageAttachment>> FetchedAsync()
    {
        var fetcher = app.Services.GetRequiredService<MediaFetcher>();
        var giveUp = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await app.ProcessedAsync();
            await fetcher.FetchDueAsync(CancellationToken.None);
            var done = await app.WithDbAsync(db => db.Attachments.AsNoTracking().Where(a => a.ProviderRef != null && !a.FetchPending).ToListAsync());
            if (done.Count > 0 && !await app.WithDbAsync(db => db.Attachments.AnyAsync(a => a.FetchPending)))
            {
                return done;
            }

            Assert.True(DateTime.UtcNow < giveUp, "The media were never fetched.");
            await Task.Delay(50);
        }
    }

    private string WhatsAppText(string phone, string id, string text) =>
        $$$"""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"{{{CorpusAccounts.WhatsAppNumberId}}}"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"{{{phone}}}"}],"messages":[{"from":"{{{phone}}}","id":"{{{id}}}","timestamp":"{{{app.Clock.GetUtcNow().ToUnixTimeSeconds()}}}","type":"text","text":{"body":"{{{text}}}"}}]},"field":"messages"}]}]}""";

    private async Task<HttpResponseMessage> SignedMetaAsync(string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(CorpusAccounts.MetaSecret), body)));
        return await provider.SendAsync(request);
    }

    private async Task TelegramPhotoAsync(long chat)
    {
        using var update = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = Requests.JsonBody(new JsonObject
            {
                ["update_id"] = chat,
                ["message"] = new JsonObject
                {
                    ["message_id"] = 1,
                    ["from"] = new JsonObject { ["id"] = chat, ["first_name"] = "Olga" },
                    ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private" },
                    ["date"] = 1,
                    ["photo"] = new JsonArray(
                        new JsonObject { ["file_id"] = "tg-small", ["file_unique_id"] = "s", ["width"] = 90, ["height"] = 90 },
                        new JsonObject { ["file_id"] = "tg-file-1", ["file_unique_id"] = "u1", ["width"] = 800, ["height"] = 600 }),
                },
            }.ToJsonString()),
        };
        update.Headers.Add("X-Telegram-Bot-Api-Secret-Token", CorpusAccounts.TelegramSecret);
        Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(update)).StatusCode);
    }
}

public sealed class ChannelAccountAdminTestsOnSqlite(SqliteRapportFactory app) : ChannelAccountAdminTests<SqliteRapportFactory>(app);

public sealed class ChannelAccountAdminTestsOnPostgres(PostgresRapportFactory app) : ChannelAccountAdminTests<PostgresRapportFactory>(app);
