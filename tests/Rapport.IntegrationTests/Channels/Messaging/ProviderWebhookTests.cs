using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.TestData;

namespace Rapport.IntegrationTests.Channels.Messaging;

/// <summary>
/// Every recorded provider webhook (shared/testdata/webhooks) replayed byte for byte: accepted as the provider sent it,
/// refused with nothing written when altered, unsigned or signed with another secret, and stored as the case says.
/// </summary>
public abstract class ProviderWebhookTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IAsyncLifetime where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient provider = app.ClientAs(null);

    public async Task InitializeAsync() => await CorpusAccounts.ConnectAsync(admin);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every signed inbound case (statuses need a message sent first; see the outbound tests).</summary>
    public static TheoryData<string> SignedCases() => [.. Signed()];

    private static IEnumerable<string> Signed() =>
        new[] { "twilio", "whatsapp", "messenger", "vonage", "telegram" }.SelectMany(TestWebhooks.Cases)
            .Where(c => !c.Contains("known-answer") && !c.Contains("verify-subscription") && !c.Contains("tampered") && !c.Contains("status")
                && !c.Contains("duplicate-retry") && !c.Contains("recording"));

    [Theory]
    [MemberData(nameof(SignedCases))]
    public async Task A_recorded_case_altered_unsigned_or_signed_with_another_secret_is_refused_and_writes_nothing(string casePath)
    {
        await app.ProcessedAsync();
        var before = await app.FootprintAsync();
        var telegram = casePath.StartsWith("telegram", StringComparison.Ordinal);
        var signatureHeaders = (TestWebhooks.Case(casePath)["request"]!["headers"]?.AsObject().Select(h => h.Key) ?? [])
            .Where(h => h.Contains("Signature", StringComparison.OrdinalIgnoreCase) || h.Contains("Secret", StringComparison.OrdinalIgnoreCase)).ToArray();

        var attempts = new List<HttpRequestMessage>();
        if (!telegram)
        {
            // Telegram signs nothing: only its secret header authenticates, tried below.
            attempts.Add(ProviderWebhooks.Request(casePath, ProviderWebhooks.AlterOneByte));
        }

        if (signatureHeaders.Length > 0)
        {
            attempts.Add(ProviderWebhooks.Request(casePath, null, signatureHeaders));
            var forged = ProviderWebhooks.Request(casePath, null, signatureHeaders);
            foreach (var header in signatureHeaders)
            {
                forged.Headers.TryAddWithoutValidation(header, telegram ? "another-secret" : header.EndsWith("256", StringComparison.Ordinal) ? "sha256=00ff" : "c2lnbmVkIGVsc2V3aGVyZQ==");
            }

            attempts.Add(forged);
        }
        else
        {
            // Vonage signs inside the query: a signature made with another secret is a different sig parameter.
            attempts.Add(ProviderWebhooks.Request(casePath, q => System.Text.Encoding.UTF8.GetBytes(
                System.Text.RegularExpressions.Regex.Replace(System.Text.Encoding.UTF8.GetString(q), "sig=[0-9a-f]+", "sig=0123456789abcdef0123456789abcdef"))));
        }

        foreach (var attempt in attempts)
        {
            var refused = await provider.SendAsync(attempt);
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{casePath}: {(int)refused.StatusCode}");
        }

        await app.ProcessedAsync();
        Assert.Equal(before, await app.FootprintAsync());
    }

    /// <summary>The signed cases whose outcome does not depend on what was stored before (those have tests of their own below).</summary>
    public static TheoryData<string> IndependentCases() =>
    [
        .. Signed().Where(c => !c.Contains("concat") && !c.Contains("telegram/update-private") && !c.Contains("telegram/update-edited")
            && !c.Contains("returning-customer") && !c.Contains("empty-wa_id"))
    ];

    [Theory]
    [MemberData(nameof(IndependentCases))]
    public async Task A_recorded_case_is_accepted_stored_once_and_a_redelivery_adds_nothing(string casePath)
    {
        var first = await provider.SendAsync(ProviderWebhooks.Request(casePath));
        Assert.True(first.IsSuccessStatusCode, $"{casePath}: {(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        await app.ProcessedAsync();
        var after = await app.FootprintAsync();

        var again = await provider.SendAsync(ProviderWebhooks.Request(casePath));

        Assert.True(again.IsSuccessStatusCode);
        await app.ProcessedAsync();
        Assert.Equal(after.Messages, (await app.FootprintAsync()).Messages);
        Assert.Equal(after.Customers, (await app.FootprintAsync()).Customers);
    }

    [Fact]
    public async Task An_sms_from_a_known_number_joins_that_customer_with_its_text_exactly_as_sent()
    {
        var known = await Inbound.AnSms("+447700900123").Text("Earlier message").ReceiveAsync(admin);

        Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(ProviderWebhooks.Request("twilio/inbound-sms-returning-customer.case.json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(ProviderWebhooks.Request("twilio/inbound-sms-duplicate-retry.case.json"))).StatusCode);
        await app.ProcessedAsync();

        var stored = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == "SMd07046367c2dbad30ddd8306dcdf41bf"));
        Assert.Equal(Guid.Parse(known.CustomerId()), stored.CustomerId);
        Assert.Equal(Channel.Sms, stored.Channel);
        Assert.Equal("Hi, it's Sarah Jones – I emailed last week about booking HX4521 (£240 deposit). Could someone call me back tomorrow after 2pm? 🙂", stored.Text);
        Assert.Equal("+447700900123", stored.From);
    }

    [Fact]
    public async Task An_mms_from_an_unknown_number_makes_a_new_customer_and_lists_its_media_as_an_attachment_to_fetch()
    {
        await provider.SendAsync(ProviderWebhooks.Request("twilio/inbound-mms-new-customer.case.json"));
        await app.ProcessedAsync();

        var stored = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == "MMeff4274b432b33ff796e0ec71f54c195"));
        Assert.Equal("Photo of the damaged suitcase from today's transfer", stored.Text);
        var media = await app.WithDbAsync(db => db.Attachments.SingleAsync(a => a.MessageId == stored.Id));
        Assert.Equal(("image/jpeg", (string?)null), (media.MediaType, media.BlobRef));
        Assert.EndsWith("/Media/ME44cb5f585be4798189502ca62e77a1e6", media.ProviderRef, StringComparison.Ordinal);
        var owners = await app.WithDbAsync(db => db.ContactPoints.Where(p => p.Normalized == "+447700900456").Select(p => p.CustomerId).ToListAsync());
        Assert.Equal([stored.CustomerId], owners);
    }

    [Fact]
    public async Task A_split_sms_becomes_one_message_in_part_order_whichever_part_arrives_first()
    {
        await (await provider.SendAsync(ProviderWebhooks.Request("vonage/inbound-sms-concat-part2.case.json"))).ExpectAsync(HttpStatusCode.NoContent);
        await app.ProcessedAsync();
        var half = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == "447700900123:118"));
        Assert.Equal(" would like a refund of the taxi cost and an explanation please.", half.Text);
        Assert.Contains("part 1 of 2", half.ParseWarning, StringComparison.Ordinal);

        await provider.SendAsync(ProviderWebhooks.Request("vonage/inbound-sms-concat-part1.case.json"));
        await provider.SendAsync(ProviderWebhooks.Request("vonage/inbound-sms-concat-part1.case.json"));
        await app.ProcessedAsync();

        var whole = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == "447700900123:118"));
        Assert.Equal("Hello, this is Sarah Jones again. The taxi you booked for the 6am airport transfer on Friday never arrived and we had to pay 85 pounds for another one. I would like a refund of the taxi cost and an explanation please.", whole.Text);
        Assert.Null(whole.ParseWarning);
        Assert.Equal(half.Id, whole.Id);
    }

    [Fact]
    public async Task Whatsapp_and_messenger_senders_are_known_by_their_number_or_page_scoped_id()
    {
        await provider.SendAsync(ProviderWebhooks.Request("whatsapp/inbound-text-meta-docs-example.case.json"));
        await provider.SendAsync(ProviderWebhooks.Request("messenger/inbound-text.case.json"));
        await app.ProcessedAsync();

        var whatsapp = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="));
        Assert.Equal((Channel.WhatsApp, "+16505551234", "Does it come in another color?", "Sheena Nelson"), (whatsapp.Channel, whatsapp.From, whatsapp.Text, whatsapp.FromName));
        var messenger = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId!.StartsWith("m_AbCdEf")));
        Assert.Equal((Channel.Messenger, "messenger:6789012345678901"), (messenger.Channel, messenger.From));
        Assert.Equal("Hello! Is the spa open on Sunday? I'm staying in room 214.", messenger.Text);
    }

    [Fact]
    public async Task A_body_meta_sent_with_unicode_escapes_verifies_on_its_raw_bytes_and_a_reformatted_copy_does_not()
    {
        await (await provider.SendAsync(ProviderWebhooks.Request("whatsapp/inbound-text-unicode-escaped.case.json"))).ExpectAsync(HttpStatusCode.OK);
        var tampered = await provider.SendAsync(ProviderWebhooks.Request("whatsapp/tampered-reformatted-body.case.json"));
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        await app.ProcessedAsync();

        var stored = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhgUM0VCMDQ1QjNGQjk5NjYyQzE3MjcA"));
        Assert.Equal("Hi, I'm Zoë – can I move booking HX4521 to Friday? Café breakfast too please 🙏", stored.Text);
        Assert.Equal(("+447700900456", "Zoë Clarke"), (stored.From, stored.FromName));
    }

    [Fact]
    public async Task Accounts_list_the_webhook_urls_to_give_each_provider_and_never_their_secrets()
    {
        var listed = await (await admin.GetAsync("/api/v1/channel-accounts")).ExpectAsync(HttpStatusCode.OK);
        var text = listed.ToJsonString();

        var twilio = listed.AsArray().Single(a => a!["provider"]!.GetValue<string>() == "twilio")!;
        Assert.Contains("https://rapport.example.com/webhooks/twilio/sms-status", twilio["webhookUrls"]!.AsArray().Select(u => u!.GetValue<string>()));
        foreach (var secret in new[] { CorpusAccounts.TwilioToken, CorpusAccounts.MetaSecret, CorpusAccounts.TelegramSecret, CorpusAccounts.VonageSecret, CorpusAccounts.VerifyToken })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        var stored = await app.WithDbAsync(db => db.ChannelAccounts.AsNoTracking().Select(a => a.WebhookSecretProtected).ToListAsync());
        Assert.DoesNotContain(stored, s => s.Contains(CorpusAccounts.TwilioToken, StringComparison.Ordinal) || s.Length == 0);
    }

    [Fact]
    public async Task Meta_subscription_handshake_echoes_the_challenge_only_for_the_right_token_and_mode()
    {
        var ok = await provider.GetAsync("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await provider.GetAsync("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=not-the-token")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await provider.GetAsync("/webhooks/whatsapp?hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock")).StatusCode);
    }

    [Fact]
    public async Task A_call_becomes_one_record_with_its_real_duration_and_its_recording_joins_it()
    {
        Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(ProviderWebhooks.Request("twilio/voice-call-status-completed.case.json"))).StatusCode);
        await provider.SendAsync(ProviderWebhooks.Request("twilio/voice-call-status-completed.case.json"));
        await app.ProcessedAsync();
        await provider.SendAsync(ProviderWebhooks.Request("twilio/voice-recording-status-completed.case.json"));
        await app.ProcessedAsync();

        var call = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == "CA7b810266248bdfda6ab66f956c264d20"));
        Assert.Equal((Channel.Phone, "+447700900123"), (call.Channel, call.From));
        Assert.Equal("Inbound call, completed, 3 min 4 s.", call.Text);
        var recording = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId!.StartsWith("CA7b810266248bdfda6ab66f956c264d20#RE")));
        Assert.Equal(call.ConversationId, recording.ConversationId);
        Assert.Contains("/Recordings/REcec1fab7d2a96ed97cd91b08f5698f74", recording.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_telegram_message_replaces_the_text_keeps_the_original_and_stays_one_message_in_any_order()
    {
        await provider.SendAsync(ProviderWebhooks.Request("telegram/update-private-message.case.json"));
        await provider.SendAsync(ProviderWebhooks.Request("telegram/update-edited-message.case.json"));
        await app.ProcessedAsync();

        var edited = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == "5432109876:5521"));
        Assert.StartsWith("Hi, this is Sarah Jones (booking HX4521). I'd prefer Telegram from now on", edited.Text, StringComparison.Ordinal);
        Assert.NotNull(edited.EditedAt);
        var history = await app.WithDbAsync(db => db.MessageRevisions.Where(r => r.MessageId == edited.Id).ToListAsync());
        Assert.Single(history);
        Assert.NotEqual(edited.Text, history[0].Text);

        // The edit first, then the original (a retry after a timeout): still one message, showing the edit.
        var chat = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);
        await Telegram(1, $$$"""{"update_id":{{{chat}}}1,"edited_message":{"message_id":7,"from":{"id":{{{chat}}},"first_name":"Ola"},"chat":{"id":{{{chat}}},"type":"private"},"date":1752586500,"edit_date":1752586560,"text":"second thoughts"}}""");
        await Telegram(2, $$$"""{"update_id":{{{chat}}}2,"message":{"message_id":7,"from":{"id":{{{chat}}},"first_name":"Ola"},"chat":{"id":{{{chat}}},"type":"private"},"date":1752586500,"text":"first thoughts"}}""");
        await app.ProcessedAsync();
        var one = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == $"{chat}:7"));
        Assert.Equal("second thoughts", one.Text);
    }

    [Fact]
    public async Task An_edit_changes_the_inbox_preview_whether_it_arrives_with_the_message_or_later()
    {
        // Later: the original is stored and shown in the inbox before the edit arrives.
        var chat = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);
        await Telegram(1, $$$"""{"update_id":{{{chat}}}1,"message":{"message_id":7,"from":{"id":{{{chat}}},"first_name":"Ola"},"chat":{"id":{{{chat}}},"type":"private"},"date":1752586500,"text":"first thoughts"}}""");
        await app.ProcessedAsync();
        await Telegram(2, $$$"""{"update_id":{{{chat}}}2,"edited_message":{"message_id":7,"from":{"id":{{{chat}}},"first_name":"Ola"},"chat":{"id":{{{chat}}},"type":"private"},"date":1752586500,"edit_date":1752586560,"text":"second thoughts"}}""");
        await app.ProcessedAsync();
        Assert.Equal("second thoughts", await PreviewOfAsync($"{chat}:7"));

        // With it: the original and its edit usually reach the same batch, which starts the conversation.
        var other = chat + 1;
        await Telegram(3, $$$"""{"update_id":{{{other}}}1,"message":{"message_id":8,"from":{"id":{{{other}}},"first_name":"Kai"},"chat":{"id":{{{other}}},"type":"private"},"date":1752586500,"text":"booking for two"}}""");
        await Telegram(4, $$$"""{"update_id":{{{other}}}2,"edited_message":{"message_id":8,"from":{"id":{{{other}}},"first_name":"Kai"},"chat":{"id":{{{other}}},"type":"private"},"date":1752586500,"edit_date":1752586560,"text":"booking for three"}}""");
        await app.ProcessedAsync();
        Assert.Equal("booking for three", await PreviewOfAsync($"{other}:8"));
    }

    private Task<string?> PreviewOfAsync(string providerMessageId) => app.WithDbAsync(db => db.Messages.Where(m => m.ProviderMessageId == providerMessageId)
        .Join(db.Conversations, m => m.ConversationId, c => c.Id, (m, c) => c.LastMessagePreview).SingleAsync());

    private async Task Telegram(int n, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = Requests.JsonBody(json) };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", CorpusAccounts.TelegramSecret);
        Assert.True((await provider.SendAsync(request)).IsSuccessStatusCode, $"update {n}");
    }

    [Fact]
    public async Task An_authentic_but_unreadable_payload_is_a_400_naming_what_is_wrong_never_a_500()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = Requests.JsonBody("""{"update_id":1,"message":{"chat":{"id":5}}}""") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", CorpusAccounts.TelegramSecret);
        await (await provider.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "message.message_id");

        using var broken = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = Requests.JsonBody("{not json") };
        broken.Headers.Add("X-Telegram-Bot-Api-Secret-Token", CorpusAccounts.TelegramSecret);
        await (await provider.SendAsync(broken)).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");

        using var huge = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = Requests.JsonBody(new string(' ', 300_000)) };
        huge.Headers.Add("X-Telegram-Bot-Api-Secret-Token", CorpusAccounts.TelegramSecret);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await provider.SendAsync(huge)).StatusCode);
    }
}

public sealed class ProviderWebhookTestsOnSqlite(SqliteRapportFactory app) : ProviderWebhookTests<SqliteRapportFactory>(app);

public sealed class ProviderWebhookTestsOnPostgres(PostgresRapportFactory app) : ProviderWebhookTests<PostgresRapportFactory>(app);
