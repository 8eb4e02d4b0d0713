using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.IntegrationTests.Channels.Messaging;

namespace Rapport.IntegrationTests.Channels.Health;

/// <summary>
/// Every mailbox and channel account says whether it works now: last receive, send and error, errors in the last 24 hours,
/// a status that a success clears, and a connection test that really calls the provider (a local stand-in here, which
/// records each request so its exact shape and auth are checked).
/// </summary>
public abstract class ChannelHealthTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IAsyncLifetime where TFactory : RapportFactory
{
    private const string Bot = "/bot123456:bot-token";
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient provider = app.ClientAs(null);
    private ProviderStandIn standIn = null!;

    public async Task InitializeAsync()
    {
        standIn = await ProviderStandIn.StartAsync();
        await app.WithDbAsync(db => db.ChannelAccounts.ExecuteDeleteAsync());
        await app.WithDbAsync(db => db.ChannelErrorHours.ExecuteDeleteAsync());
        app.Services.GetRequiredService<Features.Channels.Messaging.ChannelAccountDirectory>().Changed();
        await CorpusAccounts.ConnectAsync(admin, standIn.BaseUrl);
    }

    public async Task DisposeAsync() => await standIn.DisposeAsync();

    private async Task<JsonNode> HealthOfAsync(string name, HttpClient? as_ = null) =>
        (await (await (as_ ?? admin).GetAsync("/api/v1/channels/health")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(c => c!.Str("name") == name)!;

    private async Task<string> AccountIdAsync(string name) =>
        (await (await admin.GetAsync("/api/v1/channel-accounts")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(a => a!.Str("name") == name)!.Id();

    private async Task<JsonNode> TestAsync(string path) => await (await admin.PostAsync(path, null)).ExpectAsync(HttpStatusCode.OK);

    [Fact]
    public async Task Errors_are_counted_for_24_hours_and_a_successful_send_clears_failing_but_keeps_the_last_error_shown()
    {
        Assert.Equal("neverUsed", (await HealthOfAsync("Telegram bot")).Str("status"));
        var chat = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);
        await TelegramUpdateAsync(chat);
        var received = await HealthOfAsync("Telegram bot");
        Assert.Equal(("ok", "channelAccount", "telegram", "Telegram"), (received.Str("status"), received.Str("kind"), received.Str("channel"), received.Str("provider")));
        Assert.NotNull(received["lastReceiveAt"]);
        await app.ProcessedAsync();
        var conversation = await app.WithDbAsync(db => db.Messages.Where(m => m.ProviderMessageId == $"{chat}:1").Select(m => m.ConversationId).SingleAsync());

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        standIn.Reply($"{Bot}/sendMessage", 429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5"}""");
        standIn.Reply($"{Bot}/sendMessage", 403, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""");
        var first = await ReplyAsync(conversation, "First try");
        await app.RunOutboxUntilAsync(async () => (await StoredAsync(first)).Delivery == DeliveryState.Retrying, "the rate limit recorded");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.RunOutboxUntilAsync(async () => (await StoredAsync(first)).Delivery == DeliveryState.Failed, "the refusal recorded");

        var failing = await HealthOfAsync("Telegram bot");
        Assert.Equal(("failing", 2), (failing.Str("status"), failing["errorsLast24Hours"]!.GetValue<int>()));
        Assert.Contains("bot was blocked by the user", failing.Str("lastError"), StringComparison.Ordinal);
        Assert.NotNull(failing["lastErrorAt"]);
        var listed = (await (await admin.GetAsync("/api/v1/channel-accounts")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(a => a!.Str("name") == "Telegram bot")!;
        Assert.Equal(("failing", 2), (listed.Str("status"), listed["errorsLast24Hours"]!.GetValue<int>()));
        // The composer warns before the next reply on this channel, and why.
        var warning = await ComposerWarningAsync(conversation);
        Assert.Contains(warning.Warnings, w => w.StartsWith("The Telegram account “Telegram bot” is failing: Telegram refused", StringComparison.Ordinal));
        Assert.Contains(warning.Warnings, w => w.StartsWith($"The last message to telegram:{chat} failed:", StringComparison.Ordinal)
            || w.StartsWith($"The last message to {chat} failed:", StringComparison.Ordinal));

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        standIn.Reply($"{Bot}/sendMessage", 200, "{\"ok\":true,\"result\":{\"message_id\":43,\"chat\":{\"id\":" + chat + "}}}");
        var second = await ReplyAsync(conversation, "Second try");
        await app.RunOutboxUntilAsync(async () => (await StoredAsync(second)).Delivery == DeliveryState.Sent, "the reply sent");

        var recovered = await HealthOfAsync("Telegram bot");
        Assert.Equal(("ok", 2), (recovered.Str("status"), recovered["errorsLast24Hours"]!.GetValue<int>()));
        Assert.Contains("bot was blocked by the user", recovered.Str("lastError"), StringComparison.Ordinal);
        Assert.True(recovered["lastSendAt"]!.GetValue<DateTime>() > recovered["lastErrorAt"]!.GetValue<DateTime>());
        Assert.Empty((await ComposerWarningAsync(conversation)).Warnings);

        app.Clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(0, (await HealthOfAsync("Telegram bot"))["errorsLast24Hours"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_connection_test_calls_each_provider_in_its_documented_shape_and_says_what_it_found()
    {
        standIn.Reply($"{Bot}/getMe", 200, """{"ok":true,"result":{"id":123456,"is_bot":true,"first_name":"Rapport help","username":"rapport_help_bot"}}""");
        var telegram = await TestAsync($"/api/v1/channel-accounts/{await AccountIdAsync("Telegram bot")}/test");
        Assert.Equal((true, "Connected to Telegram as @rapport_help_bot.", "ok"), (telegram["ok"]!.GetValue<bool>(), telegram.Str("message"), telegram.Str("status")));
        var getMe = standIn.Calls.Last();
        Assert.Equal(("GET", $"{Bot}/getMe", ""), (getMe.Method, getMe.PathAndQuery, getMe.Body));
        Assert.NotNull((await HealthOfAsync("Telegram bot"))["lastConnectedAt"]);

        standIn.Reply($"/2010-04-01/Accounts/{CorpusAccounts.TwilioSid}.json", 200,
            $$"""{"sid":"{{CorpusAccounts.TwilioSid}}","friendly_name":"Harbour Hotels","status":"active","type":"Full"}""");
        var twilio = await TestAsync($"/api/v1/channel-accounts/{await AccountIdAsync("Twilio SMS")}/test");
        Assert.Equal("Connected to the Twilio account “Harbour Hotels”.", twilio.Str("message"));
        var fetch = standIn.Calls.Last();
        Assert.Equal(("GET", $"/2010-04-01/Accounts/{CorpusAccounts.TwilioSid}.json"), (fetch.Method, fetch.PathAndQuery));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CorpusAccounts.TwilioSid}:{CorpusAccounts.TwilioToken}")), fetch.Header("Authorization"));

        standIn.Reply($"/{CorpusAccounts.WhatsAppNumberId}", 200,
            $$"""{"display_phone_number":"+44 7700 900001","verified_name":"Harbour Hotels","quality_rating":"GREEN","id":"{{CorpusAccounts.WhatsAppNumberId}}"}""");
        var whatsApp = await TestAsync($"/api/v1/channel-accounts/{await AccountIdAsync("WhatsApp")}/test");
        Assert.Equal("Connected to the WhatsApp number +44 7700 900001 (Harbour Hotels), quality rating green.", whatsApp.Str("message"));
        var number = standIn.Calls.Last();
        Assert.Equal(("GET", $"/{CorpusAccounts.WhatsAppNumberId}?fields=display_phone_number,verified_name,quality_rating", "Bearer wa-access-token"),
            (number.Method, number.PathAndQuery, number.Header("Authorization")));

        standIn.Reply($"/{CorpusAccounts.PageId}", 200, $$"""{"name":"Harbour Hotels","id":"{{CorpusAccounts.PageId}}"}""");
        var messenger = await TestAsync($"/api/v1/channel-accounts/{await AccountIdAsync("Messenger")}/test");
        Assert.Equal("Connected to the Facebook page “Harbour Hotels”.", messenger.Str("message"));
        Assert.Equal(($"/{CorpusAccounts.PageId}?fields=name", "Bearer page-access-token"), (standIn.Calls.Last().PathAndQuery, standIn.Calls.Last().Header("Authorization")));

        standIn.Reply("/account/get-balance", 200, """{"value":10.28,"autoReload":false}""");
        var vonage = await TestAsync($"/api/v1/channel-accounts/{await AccountIdAsync("Vonage (MD5)")}/test");
        Assert.Equal("Connected to Vonage; the balance is €10.28.", vonage.Str("message"));
        var balance = standIn.Calls.Last();
        Assert.Equal(("GET", "/account/get-balance", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("a1b2c3d4:vonage-api-secret"))),
            (balance.Method, balance.PathAndQuery, balance.Header("Authorization")));
    }

    [Fact]
    public async Task A_failed_connection_test_says_what_to_check_counts_as_an_error_and_a_passing_one_clears_it()
    {
        var twilio = await AccountIdAsync("Twilio SMS");
        standIn.Reply($"/2010-04-01/Accounts/{CorpusAccounts.TwilioSid}.json", 401,
            """{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}""");

        var refused = await TestAsync($"/api/v1/channel-accounts/{twilio}/test");

        Assert.False(refused["ok"]!.GetValue<bool>());
        Assert.Equal("Twilio refused Rapport's credentials (401). Check the Account SID and auth token. Twilio said: “Authenticate”.", refused.Str("message"));
        var health = await HealthOfAsync("Twilio SMS");
        Assert.Equal(("failing", 1), (health.Str("status"), health["errorsLast24Hours"]!.GetValue<int>()));
        Assert.Equal("Connection test: " + refused.Str("message"), health.Str("lastError"));

        standIn.Reply("/account/get-balance", 200, """{"value":0.0,"autoReload":false}""");
        var empty = await TestAsync($"/api/v1/channel-accounts/{await AccountIdAsync("Vonage (MD5)")}/test");
        Assert.Equal((false, "The Vonage account's balance is €0.00: Vonage sends nothing until it is topped up."), (empty["ok"]!.GetValue<bool>(), empty.Str("message")));

        standIn.Reply($"{Bot}/getMe", 200, """{"ok":true,"result":{"id":99,"is_bot":true,"first_name":"Other","username":"someone_elses_bot"}}""");
        var wrongBot = await TestAsync($"/api/v1/channel-accounts/{await AccountIdAsync("Telegram bot")}/test");
        Assert.Equal("The bot token belongs to @someone_elses_bot, not @rapport_help_bot: replies would come from another bot.", wrongBot.Str("message"));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        standIn.Reply($"/2010-04-01/Accounts/{CorpusAccounts.TwilioSid}.json", 200, $$"""{"sid":"{{CorpusAccounts.TwilioSid}}","friendly_name":"Harbour Hotels","status":"active"}""");
        var passed = await TestAsync($"/api/v1/channel-accounts/{twilio}/test");
        Assert.Equal((true, "ok"), (passed["ok"]!.GetValue<bool>(), passed.Str("status")));
        Assert.Equal(("ok", 1), ((await HealthOfAsync("Twilio SMS")).Str("status"), (await HealthOfAsync("Twilio SMS"))["errorsLast24Hours"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_provider_that_cannot_be_reached_and_a_mailbox_whose_servers_are_down_are_reported_in_words()
    {
        var closed = MailServers.ClosedPort();
        var unreachable = await (await admin.PostAsync("/api/v1/channel-accounts", Requests.JsonBody(new
        {
            name = "Unreachable bot",
            provider = "telegram",
            address = $"down_{Unique.Letters()}_bot",
            webhookSecret = "down-secret",
            apiSecret = "1:down",
            apiBaseUrl = $"http://127.0.0.1:{closed}",
        }))).ExpectAsync(HttpStatusCode.Created);
        var down = await TestAsync($"/api/v1/channel-accounts/{unreachable.Id()}/test");
        Assert.False(down["ok"]!.GetValue<bool>());
        Assert.StartsWith($"Rapport could not reach Telegram at http://127.0.0.1:{closed}", down.Str("message"), StringComparison.Ordinal);

        var mailbox = await (await admin.PostAsync("/api/v1/mailboxes", Requests.JsonBody(new
        {
            name = "Closed mailbox",
            address = $"closed-{Unique.Letters()}@rapport.test",
            imapHost = "127.0.0.1",
            imapPort = closed,
            imapSecurity = "none",
            imapUser = "help",
            imapPassword = "secret",
            smtpHost = "127.0.0.1",
            smtpPort = closed,
            smtpSecurity = "none",
        }))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("neverUsed", (await HealthOfAsync("Closed mailbox")).Str("status"));

        var result = await TestAsync($"/api/v1/mailboxes/{mailbox.Id()}/test");

        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Contains($"IMAP: could not connect to 127.0.0.1:{closed}", result.Str("message"), StringComparison.Ordinal);
        Assert.Contains($"SMTP: could not connect to 127.0.0.1:{closed}", result.Str("message"), StringComparison.Ordinal);
        var health = await HealthOfAsync("Closed mailbox");
        Assert.Equal(("failing", "mailbox", "email", 1), (health.Str("status"), health.Str("kind"), health.Str("channel"), health["errorsLast24Hours"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_mailbox_test_logs_in_to_imap_and_smtp()
    {
        var mailbox = await admin.CreateMailboxAsync(MailServers.UniqueUser());

        var result = await TestAsync($"/api/v1/mailboxes/{mailbox.Id()}/test");

        Assert.True(result["ok"]!.GetValue<bool>(), result.Str("message"));
        Assert.Contains("IMAP: logged in to", result.Str("message"), StringComparison.Ordinal);
        Assert.Contains("the INBOX holds 0 message(s)", result.Str("message"), StringComparison.Ordinal);
        var wrong = await admin.CreateMailboxAsync(MailServers.UniqueUser(), imapPassword: "not the password");
        var refused = await TestAsync($"/api/v1/mailboxes/{wrong.Id()}/test");
        Assert.False(refused["ok"]!.GetValue<bool>());
        Assert.Contains("refused the user name or password", refused.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_mailbox_is_tested_by_smtp_only_and_stays_healthy()
    {
        var body = new
        {
            name = "Demo mailbox",
            address = $"demo-{Unique.Letters()}@rapport.test",
            imapHost = Features.Demo.DemoChannels.Marker,
            imapPort = 993,
            imapSecurity = "sslOnConnect",
            imapUser = "demo",
            imapPassword = "demo",
            smtpHost = MailServers.Host,
            smtpPort = MailServers.SmtpPort,
            smtpSecurity = "none",
        };
        var mailbox = await (await admin.PostAsync("/api/v1/mailboxes", Requests.JsonBody(body))).ExpectAsync(HttpStatusCode.Created);

        var result = await TestAsync($"/api/v1/mailboxes/{mailbox.Id()}/test");

        Assert.True(result["ok"]!.GetValue<bool>(), result.Str("message"));
        Assert.Contains("IMAP: not used", result.Str("message"), StringComparison.Ordinal);
        Assert.Contains("SMTP:", result.Str("message"), StringComparison.Ordinal);
        Assert.NotEqual("failing", (await HealthOfAsync("Demo mailbox")).Str("status"));
    }

    [Fact]
    public async Task Supervisors_read_health_agents_do_not_and_only_administrators_test()
    {
        Assert.Equal("neverUsed", (await HealthOfAsync("WhatsApp", app.ClientAs(Roles.Supervisor))).Str("status"));
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Agent).GetAsync("/api/v1/channels/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Supervisor).PostAsync($"/api/v1/channel-accounts/{await AccountIdAsync("WhatsApp")}/test", null)).StatusCode);
        Assert.Empty(standIn.Calls);
        await (await admin.PostAsync($"/api/v1/channel-accounts/{Guid.NewGuid()}/test", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsync($"/api/v1/mailboxes/{Guid.NewGuid()}/test", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<ComposerWarning> ComposerWarningAsync(Guid conversation)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var shown = (await scope.ServiceProvider.GetRequiredService<ConversationQueries>().GetAsync(conversation, new Features.Identity.Viewer(Guid.Empty, true), default))!;
        var answering = shown.Messages.Where(m => m.Direction == MessageDirection.Inbound).MaxBy(m => m.At);
        return await scope.ServiceProvider.GetRequiredService<ComposerWarnings>().ForAsync(shown.Conversation.CustomerId, answering, default);
    }

    private async Task<Guid> ReplyAsync(Guid conversation, string text) =>
        Guid.Parse((await (await admin.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text }))).ExpectAsync(HttpStatusCode.Accepted)).Id());

    private Task<Message> StoredAsync(Guid id) => app.WithDbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == id));

    private async Task TelegramUpdateAsync(long chat)
    {
        using var update = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = Requests.JsonBody($$$"""{"update_id":{{{chat}}},"message":{"message_id":1,"from":{"id":{{{chat}}},"first_name":"Kim"},"chat":{"id":{{{chat}}},"type":"private"},"date":1,"text":"hi"}}"""),
        };
        update.Headers.Add("X-Telegram-Bot-Api-Secret-Token", CorpusAccounts.TelegramSecret);
        Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(update)).StatusCode);
    }
}

public sealed class ChannelHealthTestsOnSqlite(SqliteRapportFactory app) : ChannelHealthTests<SqliteRapportFactory>(app);

public sealed class ChannelHealthTestsOnPostgres(PostgresRapportFactory app) : ChannelHealthTests<PostgresRapportFactory>(app);
