using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Channels.Messaging;

/// <summary>
/// Replies leave on the customer's own channel through the provider's API, in the provider's exact request shape and
/// auth (checked by a local stand-in), and the provider's status callbacks move the message's delivery state.
/// </summary>
public abstract class ProviderSendTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IAsyncLifetime where TFactory : RapportFactory
{
    private const string TwilioSid = "SM0d11274b609d07166965080fb15f5e55";
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient provider = app.ClientAs(null);
    private ProviderStandIn standIn = null!;

    public async Task InitializeAsync()
    {
        standIn = await ProviderStandIn.StartAsync();
        // Accounts of an earlier test of this class keep the stand-in they were given; each test re-points them.
        await app.WithDbAsync(db => db.ChannelAccounts.ExecuteDeleteAsync());
        app.Services.GetRequiredService<Rapport.Features.Channels.Messaging.ChannelAccountDirectory>().Changed();
        await CorpusAccounts.ConnectAsync(admin, standIn.BaseUrl);
    }

    public async Task DisposeAsync() => await standIn.DisposeAsync();

    private async Task<Message> ReplyAndSendAsync(Guid conversation, string text)
    {
        var reply = await (await admin.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text }))).ExpectAsync(HttpStatusCode.Accepted);
        var id = Guid.Parse(reply.Id());
        await app.RunOutboxUntilAsync(async () => (await Stored(id)).Delivery is DeliveryState.Sent or DeliveryState.Failed or DeliveryState.Retrying, "the reply sent");
        return await Stored(id);
    }

    private Task<Message> Stored(Guid id) => app.WithDbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == id));

    private async Task<Guid> ConversationOfAsync(string providerMessageId)
    {
        await app.ProcessedAsync();
        return await app.WithDbAsync(db => db.Messages.Where(m => m.ProviderMessageId == providerMessageId).Select(m => m.ConversationId).SingleAsync());
    }

    [Fact]
    public async Task An_sms_reply_goes_through_twilio_as_twilio_expects_and_its_status_callbacks_never_move_it_back()
    {
        Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(ProviderWebhooks.Request("twilio/inbound-sms-returning-customer.case.json"))).StatusCode);
        var conversation = await ConversationOfAsync("SMd07046367c2dbad30ddd8306dcdf41bf");
        standIn.Reply($"/2010-04-01/Accounts/{CorpusAccounts.TwilioSid}/Messages.json", 201, $$"""{"sid":"{{TwilioSid}}","status":"queued"}""");

        var sent = await ReplyAndSendAsync(conversation, "We'll call you tomorrow after 2pm – £240 deposit noted.");

        var call = Assert.Single(standIn.Calls);
        Assert.Equal(("POST", $"/2010-04-01/Accounts/{CorpusAccounts.TwilioSid}/Messages.json"), (call.Method, call.PathAndQuery));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CorpusAccounts.TwilioSid}:{CorpusAccounts.TwilioToken}")), call.Header("Authorization"));
        Assert.Equal("+447700900123", call.Form["To"]);
        Assert.Equal("+447700900001", call.Form["From"]);
        Assert.Equal("We'll call you tomorrow after 2pm – £240 deposit noted.", call.Form["Body"]);
        Assert.Equal("https://rapport.example.com/webhooks/twilio/sms-status", call.Form["StatusCallback"]);
        Assert.Equal((DeliveryState.Sent, TwilioSid, Channel.Sms), (sent.Delivery, sent.ProviderMessageId, sent.Channel));

        await provider.SendAsync(ProviderWebhooks.Request("twilio/status-undelivered-30003.case.json"));
        await provider.SendAsync(ProviderWebhooks.Request("twilio/status-delivered.case.json"));
        await provider.SendAsync(ProviderWebhooks.Request("twilio/status-sent.case.json"));
        var failed = await Stored(sent.Id);
        Assert.Equal((DeliveryState.Failed, "30003"), (failed.Delivery, failed.DeliveryErrorCode));
        Assert.StartsWith("Unreachable destination handset", failed.DeliveryError, StringComparison.Ordinal);
        var shown = (await (await admin.GetAsync($"/api/v1/conversations/{conversation}")).ExpectAsync(HttpStatusCode.OK))["messages"]!.AsArray()
            .Single(m => m!["id"]!.GetValue<string>() == sent.Id.ToString())!;
        Assert.Equal(("failed", "30003"), (shown["delivery"]!.GetValue<string>(), shown["deliveryErrorCode"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_whatsapp_reply_within_24_hours_is_sent_to_the_graph_api_and_one_after_is_refused_with_the_reason()
    {
        var phone = "4477009" + Random.Shared.Next(10_000, 99_999);
        await SignedWhatsAppAsync(phone, $"wamid.in-{phone}", "Can I bring my dog?", app.Clock.GetUtcNow());
        var conversation = await ConversationOfAsync($"wamid.in-{phone}");
        standIn.Reply($"/{CorpusAccounts.WhatsAppNumberId}/messages", 200,
            """{"messaging_product":"whatsapp","contacts":[{"input":"x","wa_id":"x"}],"messages":[{"id":"wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSQzRFQTA1NkQ3QjlBMDdCQUFBAA=="}]}""");

        var sent = await ReplyAndSendAsync(conversation, "Dogs are welcome in the garden rooms.");

        var call = Assert.Single(standIn.Calls);
        Assert.Equal(("POST", $"/{CorpusAccounts.WhatsAppNumberId}/messages", "Bearer wa-access-token"), (call.Method, call.PathAndQuery, call.Header("Authorization")));
        var body = JsonNode.Parse(call.Body)!;
        Assert.Equal(("whatsapp", phone, "text", "Dogs are welcome in the garden rooms."),
            (body["messaging_product"]!.GetValue<string>(), body["to"]!.GetValue<string>(), body["type"]!.GetValue<string>(), body["text"]!["body"]!.GetValue<string>()));
        Assert.Equal((Channel.WhatsApp, DeliveryState.Sent), (sent.Channel, sent.Delivery));

        // WhatsApp's own answer when a reply was too late anyway: failed, explained, and the channel not marked broken.
        await provider.SendAsync(ProviderWebhooks.Request("whatsapp/status-failed-131047-outside-24h.case.json"));
        var failed = await Stored(sent.Id);
        Assert.Equal((DeliveryState.Failed, "131047"), (failed.Delivery, failed.DeliveryErrorCode));
        Assert.Contains("24 hours", failed.DeliveryError, StringComparison.Ordinal);

        // The test clock only moves forward; later tests take their times from it.
        app.Clock.Advance(TimeSpan.FromHours(25));
        var refused = await admin.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text = "Are you still there?" }));
        var problem = await refused.ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        Assert.Contains("24 hours", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telegram_messenger_and_vonage_replies_take_each_providers_shape()
    {
        var chat = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);
        await TelegramUpdateAsync(chat, "Ola", "hello");

        standIn.Reply("/bot123456:bot-token/sendMessage", 200, "{\"ok\":true,\"result\":{\"message_id\":42,\"chat\":{\"id\":" + chat + "}}}");
        var telegram = await ReplyAndSendAsync(await ConversationOfAsync($"{chat}:1"), "Hello Ola");
        var tg = standIn.Calls.Last();
        Assert.Equal("/bot123456:bot-token/sendMessage", tg.PathAndQuery);
        Assert.Equal((chat.ToString(System.Globalization.CultureInfo.InvariantCulture), "Hello Ola"),
            (JsonNode.Parse(tg.Body)!["chat_id"]!.GetValue<string>(), JsonNode.Parse(tg.Body)!["text"]!.GetValue<string>()));
        Assert.Equal($"{chat}:42", telegram.ProviderMessageId);

        await provider.SendAsync(ProviderWebhooks.Request("messenger/inbound-text.case.json"));
        standIn.Reply($"/{CorpusAccounts.PageId}/messages", 200, """{"recipient_id":"6789012345678901","message_id":"m_reply-1"}""");
        var messenger = await ReplyAndSendAsync(await ConversationOfAsync("m_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvw"), "Yes, 9am to 6pm.");
        var fb = standIn.Calls.Last();
        Assert.Equal(("Bearer page-access-token", "6789012345678901", "RESPONSE", "Yes, 9am to 6pm."), (fb.Header("Authorization"),
            JsonNode.Parse(fb.Body)!["recipient"]!["id"]!.GetValue<string>(), JsonNode.Parse(fb.Body)!["messaging_type"]!.GetValue<string>(),
            JsonNode.Parse(fb.Body)!["message"]!["text"]!.GetValue<string>()));
        Assert.Equal("m_reply-1", messenger.ProviderMessageId);

        // The corpus has one number on Twilio and on Vonage; an organisation has each number with one provider.
        await app.WithDbAsync(db => db.ChannelAccounts.Where(a => a.Provider == Features.Channels.Messaging.MessagingProvider.Twilio).ExecuteDeleteAsync());
        app.Services.GetRequiredService<Rapport.Features.Channels.Messaging.ChannelAccountDirectory>().Changed();
        Assert.Equal(HttpStatusCode.NoContent, (await provider.SendAsync(ProviderWebhooks.Request("vonage/inbound-sms-signed-md5hash.case.json"))).StatusCode);
        await app.ProcessedAsync();
        var vonageConversation = await app.WithDbAsync(db => db.Messages.Where(m => m.Channel == Channel.Sms && m.From == "+447700900123")
            .OrderByDescending(m => m.StoredAt).Select(m => m.ConversationId).FirstAsync());
        standIn.Reply("/sms/json", 200, """{"message-count":"1","messages":[{"to":"447700900123","message-id":"0A00000123ABCDEF","status":"0"}]}""");
        await ReplyAndSendAsync(vonageConversation, "Refund approved: €85");
        var sms = standIn.Calls.Last(c => c.PathAndQuery == "/sms/json");
        Assert.Equal(("a1b2c3d4", "vonage-api-secret", "447700900123", "Refund approved: €85"),
            (sms.Form["api_key"], sms.Form["api_secret"], sms.Form["to"], sms.Form["text"]));
        Assert.Equal("447700900001", sms.Form["from"]);
    }

    [Fact]
    public async Task A_provider_rate_limit_is_retried_and_a_refusal_fails_the_message_and_shows_on_the_account()
    {
        var chat = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);
        await TelegramUpdateAsync(chat, "Kim", "hi");

        var conversation = await ConversationOfAsync($"{chat}:1");
        standIn.Reply("/bot123456:bot-token/sendMessage", 429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5"}""");
        var retrying = await ReplyAndSendAsync(conversation, "First try");
        Assert.Equal(DeliveryState.Retrying, retrying.Delivery);

        standIn.Reply("/bot123456:bot-token/sendMessage", 403, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.RunOutboxUntilAsync(async () => (await Stored(retrying.Id)).Delivery == DeliveryState.Failed, "the refusal recorded");

        var failed = await Stored(retrying.Id);
        Assert.Contains("bot was blocked by the user", failed.DeliveryError, StringComparison.Ordinal);
        var account = await app.WithDbAsync(db => db.ChannelAccounts.SingleAsync(a => a.Address == "rapport_help_bot"));
        Assert.Contains("bot was blocked by the user", account.LastError, StringComparison.Ordinal);
    }

    /// <summary>A private message from a Telegram user whose chat id is <paramref name="chat"/>, as message 1 of that chat.</summary>
    private async Task TelegramUpdateAsync(long chat, string name, string text)
    {
        using var update = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = Requests.JsonBody(new JsonObject
            {
                ["update_id"] = chat,
                ["message"] = new JsonObject
                {
                    ["message_id"] = 1,
                    ["from"] = new JsonObject { ["id"] = chat, ["first_name"] = name },
                    ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private" },
                    ["date"] = 1,
                    ["text"] = text,
                },
            }.ToJsonString()),
        };
        update.Headers.Add("X-Telegram-Bot-Api-Secret-Token", CorpusAccounts.TelegramSecret);
        Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(update)).StatusCode);
    }

    private async Task SignedWhatsAppAsync(string phone, string id, string text, DateTimeOffset at)
    {
        var json = $$$"""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"{{{CorpusAccounts.WhatsAppNumberId}}}"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"{{{phone}}}"}],"messages":[{"from":"{{{phone}}}","id":"{{{id}}}","timestamp":"{{{at.ToUnixTimeSeconds()}}}","type":"text","text":{"body":"{{{text}}}"}}]},"field":"messages"}]}]}""";
        var body = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(CorpusAccounts.MetaSecret), body)));
        Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(request)).StatusCode);
    }
}

public sealed class ProviderSendTestsOnSqlite(SqliteRapportFactory app) : ProviderSendTests<SqliteRapportFactory>(app);

public sealed class ProviderSendTestsOnPostgres(PostgresRapportFactory app) : ProviderSendTests<PostgresRapportFactory>(app);
