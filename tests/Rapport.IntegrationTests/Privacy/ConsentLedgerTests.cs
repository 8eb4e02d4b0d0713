using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Privacy;

/// <summary>
/// The consent ledger (C21): entries are appended, never changed; the newest entry covering a purpose and channel decides
/// it; merges carry entries over; marketing replies are refused without consent on their channel.
/// </summary>
public abstract class ConsentLedgerTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private static object MarketingConsent(string channel) => new
    {
        purpose = "marketing",
        channel,
        decision = "given",
        basis = "consent",
        source = "form",
        wording = "Yes, send me offers and news by " + channel + ".",
        evidence = "Web form " + Unique.Letters(),
    };

    private static object Withdrawal(string purpose, string channel = "all") => new { purpose, channel, decision = "withdrawn", basis = "consent", source = "call" };

    private Task<HttpResponseMessage> RecordAsync(string customerId, object body, HttpClient? client = null) =>
        (client ?? agent).PostAsync($"/api/v1/customers/{customerId}/consents", Requests.JsonBody(body));

    private async Task<JsonNode> LedgerAsync(string customerId, HttpClient? client = null) =>
        await (await (client ?? agent).GetAsync($"/api/v1/customers/{customerId}/consents")).ExpectAsync(HttpStatusCode.OK);

    private static JsonNode State(JsonNode ledger, string purpose, string channel) =>
        Assert.Single(ledger["current"]!.AsArray(), s => s!.Str("purpose") == purpose && s!.Str("channel") == channel)!;

    private async Task<bool> AllowedAsync(string customerId, string purpose, string channel) =>
        (await (await agent.GetAsync($"/api/v1/customers/{customerId}/consents/check?purpose={purpose}&channel={channel}")).ExpectAsync(HttpStatusCode.OK))["allowed"]!
            .GetValue<bool>();

    private Task<int> EntriesAsync(string customerId) => app.WithDbAsync(db => db.Consents.CountAsync(c => c.CustomerId == Guid.Parse(customerId)));

    [Fact]
    public async Task A_recorded_consent_is_the_current_state_with_who_when_basis_source_and_wording()
    {
        var id = (await Build.ACustomer().CreateAsync(agent)).Id();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var at = app.Clock.GetUtcNow().UtcDateTime;

        var entry = await (await RecordAsync(id, MarketingConsent("email"))).ExpectAsync(HttpStatusCode.Created);

        var ledger = await LedgerAsync(id);
        var email = State(ledger, "marketing", "email");
        Assert.True(email["allowed"]!.GetValue<bool>());
        Assert.Equal("consent", email.Str("basis"));
        Assert.Equal(entry.Id(), email.Str("decidedBy"));
        Assert.False(State(ledger, "marketing", "sms")["allowed"]!.GetValue<bool>());
        Assert.Null(State(ledger, "surveys", "all")["decision"]);
        var history = Assert.Single(ledger["history"]!.AsArray())!;
        Assert.Equal("Agent Tester", history.Str("recordedBy"));
        Assert.Equal("form", history.Str("source"));
        Assert.Equal(at, history["at"]!.GetValue<DateTime>());
        Assert.StartsWith("Yes, send me offers", history.Str("wording"), StringComparison.Ordinal);
        Assert.True(await AllowedAsync(id, "marketing", "email"));
        Assert.False(await AllowedAsync(id, "surveys", "all")); // nothing recorded means no
        var audited = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.SubjectId == id && e.Action == "consent.added"));
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task A_withdrawal_wins_over_earlier_consent_and_a_later_consent_reopens_only_its_channel()
    {
        var id = (await Build.ACustomer().CreateAsync(agent)).Id();
        await (await RecordAsync(id, MarketingConsent("email"))).ExpectAsync(HttpStatusCode.Created);
        await (await RecordAsync(id, MarketingConsent("sms"))).ExpectAsync(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        await (await RecordAsync(id, Withdrawal("marketing"))).ExpectAsync(HttpStatusCode.Created);

        Assert.False(await AllowedAsync(id, "marketing", "email"));
        Assert.False(await AllowedAsync(id, "marketing", "sms"));
        var check = await (await agent.GetAsync($"/api/v1/customers/{id}/consents/check?purpose=marketing&channel=email")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("withdrew", check.Str("reason"), StringComparison.Ordinal);
        Assert.Equal("withdrawn", State(await LedgerAsync(id), "marketing", "email").Str("decision"));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await (await RecordAsync(id, MarketingConsent("sms"))).ExpectAsync(HttpStatusCode.Created);

        Assert.True(await AllowedAsync(id, "marketing", "sms"));
        Assert.False(await AllowedAsync(id, "marketing", "email"));
        Assert.Equal(4, (await LedgerAsync(id))["history"]!.AsArray().Count); // nothing was changed or removed
    }

    [Fact]
    public async Task A_back_dated_consent_does_not_undo_a_later_withdrawal()
    {
        var id = (await Build.ACustomer().CreateAsync(agent)).Id();
        app.Clock.Advance(TimeSpan.FromHours(1));
        await (await RecordAsync(id, Withdrawal("surveys"))).ExpectAsync(HttpStatusCode.Created);
        var paperForm = app.Clock.GetUtcNow().UtcDateTime.AddDays(-3);

        await (await RecordAsync(id, new { purpose = "surveys", decision = "given", basis = "legitimateInterests", source = "form", at = paperForm })).ExpectAsync(HttpStatusCode.Created);

        Assert.False(await AllowedAsync(id, "surveys", "all"));
        var history = (await LedgerAsync(id))["history"]!.AsArray();
        Assert.Equal(["given", "withdrawn"], history.Select(h => h!.Str("decision"))); // oldest first, by when the customer decided
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field_and_writes_nothing()
    {
        var id = (await Build.ACustomer().CreateAsync(agent)).Id();

        await (await RecordAsync(id, new { purpose = "marketing", decision = "given", basis = "consent", source = "form", wording = "Offers" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");
        await (await RecordAsync(id, new { purpose = "marketing", channel = "email", decision = "given", basis = "consent", source = "form" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "wording");
        await (await RecordAsync(id, new { purpose = "callRecording", channel = "sms", decision = "given", basis = "legitimateInterests", source = "call" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");
        await (await RecordAsync(id, new { purpose = "surveys", decision = "withdrawn", basis = "consent", source = "call", at = app.Clock.GetUtcNow().UtcDateTime.AddDays(1) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "at");
        await (await RecordAsync(id, new { decision = "withdrawn", basis = "consent", source = "call" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "purpose");
        await (await RecordAsync(id, new { purpose = "telepathy", decision = "withdrawn", basis = "consent", source = "call" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "purpose");
        await (await RecordAsync(id, new { purpose = "surveys", decision = "withdrawn", basis = "consent", source = "call", wording = new string('x', 2001) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "wording");
        await (await agent.GetAsync($"/api/v1/customers/{id}/consents/check")).ExpectProblemAsync(HttpStatusCode.BadRequest, "purpose");
        await (await agent.GetAsync($"/api/v1/customers/{id}/consents/check?purpose=marketing&channel=pigeon")).ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");
        await (await RecordAsync(Guid.NewGuid().ToString(), Withdrawal("surveys"))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.GetAsync($"/api/v1/customers/{Guid.NewGuid()}/consents")).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(0, await EntriesAsync(id));
    }

    [Fact]
    public async Task Recording_twice_with_one_idempotency_key_adds_one_entry()
    {
        var id = (await Build.ACustomer().CreateAsync(agent)).Id();
        var key = Guid.NewGuid().ToString();

        var first = await agent.SendAsync(HttpMethod.Post, $"/api/v1/customers/{id}/consents", Requests.JsonBody(Withdrawal("surveys")), h => h.Add("Idempotency-Key", key));
        var again = await agent.SendAsync(HttpMethod.Post, $"/api/v1/customers/{id}/consents", Requests.JsonBody(Withdrawal("surveys")), h => h.Add("Idempotency-Key", key));

        Assert.Equal((await first.ExpectAsync(HttpStatusCode.Created)).Id(), (await again.ExpectAsync(HttpStatusCode.Created)).Id());
        Assert.Equal(1, await EntriesAsync(id));
    }

    [Fact]
    public async Task A_merge_carries_the_duplicates_consents_over_and_its_later_withdrawal_decides()
    {
        var survivor = (await Build.ACustomer("Mary Somerville").CreateAsync(agent)).Id();
        var duplicate = (await Build.ACustomer("M. Somerville").CreateAsync(agent)).Id();
        await (await RecordAsync(survivor, MarketingConsent("email"))).ExpectAsync(HttpStatusCode.Created);
        await (await RecordAsync(survivor, new { purpose = "callRecording", decision = "given", basis = "legitimateInterests", source = "call" })).ExpectAsync(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await (await RecordAsync(duplicate, Withdrawal("marketing", "email"))).ExpectAsync(HttpStatusCode.Created);

        await (await agent.PostAsync($"/api/v1/customers/{survivor}/merge", Requests.JsonBody(new { duplicateId = duplicate }))).ExpectAsync(HttpStatusCode.OK);

        var ledger = await LedgerAsync(survivor);
        Assert.Equal(3, ledger["history"]!.AsArray().Count);
        Assert.False(State(ledger, "marketing", "email")["allowed"]!.GetValue<bool>());
        Assert.True(State(ledger, "callRecording", "all")["allowed"]!.GetValue<bool>());
        Assert.Equal(0, await EntriesAsync(duplicate));
        // The merged-away id reads the survivor's ledger, and takes no new entries.
        Assert.Equal(survivor, (await LedgerAsync(duplicate)).Str("customerId"));
        await (await RecordAsync(duplicate, Withdrawal("surveys"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task Every_role_reads_the_ledger_but_an_auditor_cannot_record_in_it()
    {
        var id = (await Build.ACustomer().CreateAsync(agent)).Id();
        var auditor = app.ClientAs(Roles.Auditor);

        await (await RecordAsync(id, Withdrawal("surveys"), auditor)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await RecordAsync(id, Withdrawal("surveys"), app.ClientAs(null))).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await RecordAsync(id, Withdrawal("surveys"), admin)).ExpectAsync(HttpStatusCode.Created);

        Assert.Single((await LedgerAsync(id, auditor))["history"]!.AsArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientAs(null).GetAsync($"/api/v1/customers/{id}/consents")).StatusCode);
    }

    [Fact]
    public async Task A_marketing_reply_is_refused_without_consent_on_its_channel_and_sent_with_it()
    {
        await MailboxAsync();
        var received = await Inbound.AnEmail().Subject("Offers").Text("Hello").ReceiveAsync(admin);
        var (customer, conversation) = (received.CustomerId(), received.ConversationId());
        var replies = $"/api/v1/conversations/{conversation}/replies";
        Task<int> OutboundAsync() => app.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == Guid.Parse(conversation) && m.AuthorId != null));

        var refused = await (await agent.PostAsync(replies, Requests.JsonBody(new { text = "Spring sale: 20% off", marketing = true })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "marketing");
        Assert.Contains("not given consent to marketing by email", refused.ToJsonString(), StringComparison.Ordinal);
        await (await RecordAsync(customer, MarketingConsent("sms"))).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync(replies, Requests.JsonBody(new { text = "Spring sale: 20% off", marketing = true })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "marketing"); // consent by SMS is not consent by email
        Assert.Equal(0, await OutboundAsync());
        await (await agent.PostAsync(replies, Requests.JsonBody(new { text = "Your order has shipped." }))).ExpectAsync(HttpStatusCode.Accepted);

        await (await RecordAsync(customer, MarketingConsent("email"))).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync(replies, Requests.JsonBody(new { text = "Spring sale: 20% off", marketing = true }))).ExpectAsync(HttpStatusCode.Accepted);

        Assert.Equal(2, await OutboundAsync());
    }

    private async Task MailboxAsync() =>
        await (await admin.PostAsync("/api/v1/mailboxes", Requests.JsonBody(new
        {
            name = "Consent tests",
            address = CustomerBuilder.UniqueEmail("help"),
            imapHost = "127.0.0.1",
            imapPort = 1,
            imapSecurity = "none",
            imapUser = "consent",
            imapPassword = "x",
            smtpHost = "127.0.0.1",
            smtpPort = 1,
            smtpSecurity = "none",
        }))).ExpectAsync(HttpStatusCode.Created);
}

public sealed class ConsentLedgerTestsOnSqlite(SqliteRapportFactory app) : ConsentLedgerTests<SqliteRapportFactory>(app);

public sealed class ConsentLedgerTestsOnPostgres(PostgresRapportFactory app) : ConsentLedgerTests<PostgresRapportFactory>(app);
