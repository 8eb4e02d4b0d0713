using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Referrals;

/// <summary>
/// Referrals (C14): a case or live conversation passed to a colleague or team with a reason; the customer told on their
/// channel; the receiver accepts (the work becomes theirs) or declines with a reason (it goes back); chains stay visible.
/// </summary>
public abstract class ReferralTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    [Fact]
    public async Task A_referral_without_a_reason_is_refused_with_400_naming_reason()
    {
        var colleague = await ColleagueAsync();
        var caseId = await ACaseAsync();

        await (await ReferAsync(agent, new { caseId, toUserId = colleague.Id })).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await ReferAsync(agent, new { caseId, toUserId = colleague.Id, reason = "  " })).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await ReferAsync(agent, new { caseId, reason = "Nobody" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "toUserId");
        await (await ReferAsync(agent, new { caseId = Guid.NewGuid(), toUserId = colleague.Id, reason = "Gone" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "caseId");
        var auditor = await app.CreateStaffAsync(Roles.Auditor);
        await (await ReferAsync(agent, new { caseId, toUserId = auditor.Id, reason = "Auditors only read" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "toUserId");

        var made = await (await ReferAsync(agent, new { caseId, toUserId = colleague.Id, reason = "Ben handles refunds" })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("pending", made.Str("status"));
        Assert.Equal("Ben handles refunds", made.Str("reason"));
        Assert.Equal(colleague.Name, made.Str("toName"));
        Assert.Equal(await MeAsync(agent), made.Str("fromUserId"));
    }

    [Fact]
    public async Task The_reason_given_to_the_customer_is_sent_on_their_channel_through_the_outbox()
    {
        await MailboxAsync();
        var customer = CustomerBuilder.UniqueEmail("refund");
        var received = await Inbound.AnEmail(customer).Subject("Refund please").Text("I want my money back.").ReceiveAsync(admin);
        var conversationId = received.ConversationId();
        var colleague = await ColleagueAsync();
        const string told = "I'm passing you to our refunds team because they can authorise your refund today.";

        var made = await (await ReferAsync(agent, new { conversationId, toUserId = colleague.Id, reason = "Refund request", customerMessage = told }))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(told, made.Str("customerMessage"));
        var messageId = Guid.Parse(made.Str("customerMessageId"));
        var sent = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.Id == messageId));
        Assert.Equal(MessageDirection.Outbound, sent.Direction);
        Assert.Equal(Rapport.Features.Customers.Channel.Email, sent.Channel);
        Assert.Equal(customer, sent.To);
        Assert.Equal(told, sent.Text);
        Assert.Equal(Guid.Parse(conversationId), sent.ConversationId);
        Assert.True(await app.WithDbAsync(db => db.OutboxItems.AnyAsync(o => o.SubjectId == messageId)), "The message to the customer is in the outbox.");
        var shown = await (await agent.GetAsync($"/api/v1/conversations/{conversationId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(shown["messages"]!.AsArray(), m => m!.Id() == messageId.ToString());
    }

    [Fact]
    public async Task A_message_to_the_customer_of_a_case_without_a_conversation_is_refused_and_nothing_is_referred()
    {
        var colleague = await ColleagueAsync();
        var caseId = await ACaseAsync();

        await (await ReferAsync(agent, new { caseId, toUserId = colleague.Id, reason = "Refunds", customerMessage = "Passing you on" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "customerMessage");

        Assert.Empty(await ChainAsync($"caseId={caseId}"));
    }

    [Fact]
    public async Task Accepting_assigns_the_case_to_the_receiver_and_tells_the_referrer()
    {
        var colleague = await ColleagueAsync();
        var caseId = await ACaseAsync();
        var id = (await (await ReferAsync(agent, new { caseId, toUserId = colleague.Id, reason = "Refund above my limit" })).ExpectAsync(HttpStatusCode.Created)).Id();
        var told = await NotificationsAsync(colleague.Client);
        Assert.Contains(told, n => n!.Str("link") == $"/referrals/{id}" && n!.Str("text").Contains("Refund above my limit", StringComparison.Ordinal));

        var accepted = await (await colleague.Client.PostAsync($"/api/v1/referrals/{id}/accept", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("accepted", accepted.Str("status"));
        Assert.Equal(colleague.Id, accepted.Str("decidedById"));
        var c = await (await agent.GetAsync($"/api/v1/cases/{caseId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(colleague.Id, c["case"]!.Str("ownerId"));
        Assert.Contains(await NotificationsAsync(agent), n => n!.Str("link") == $"/referrals/{id}" && n!.Str("text").Contains("accepted", StringComparison.Ordinal));
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == caseId && e.Action.StartsWith("referral.")).ToListAsync());
        Assert.True(audit.Count >= 2, "Making and accepting the referral are audited on the case.");
    }

    [Fact]
    public async Task Declining_needs_a_reason_and_returns_the_case_to_the_referrer_with_it()
    {
        var colleague = await ColleagueAsync();
        var caseId = await ACaseAsync();
        var me = await MeAsync(agent);
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/assign", Requests.JsonBody(new { ownerId = (Guid?)null, teamId = (Guid?)null }))).ExpectAsync(HttpStatusCode.OK);
        var id = (await (await ReferAsync(agent, new { caseId, toUserId = colleague.Id, reason = "Refund" })).ExpectAsync(HttpStatusCode.Created)).Id();

        await (await colleague.Client.PostAsync($"/api/v1/referrals/{id}/decline", Requests.JsonBody(new { }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        var declined = await (await colleague.Client.PostAsync($"/api/v1/referrals/{id}/decline", Requests.JsonBody(new { reason = "This is a booking change, not a refund" })))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("declined", declined.Str("status"));
        Assert.Equal("This is a booking change, not a refund", declined.Str("decisionReason"));
        var c = await (await agent.GetAsync($"/api/v1/cases/{caseId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(me, c["case"]!.Str("ownerId"));
        Assert.Contains(await NotificationsAsync(agent), n => n!.Str("text").Contains("This is a booking change, not a refund", StringComparison.Ordinal));
        await (await colleague.Client.PostAsync($"/api/v1/referrals/{id}/accept", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task Only_the_addressee_or_a_member_of_the_addressed_team_can_answer_and_only_the_referrer_can_withdraw()
    {
        var member = await ColleagueAsync();
        var outsider = await ColleagueAsync();
        var team = await TeamAsync(member.Id);
        var received = await Inbound.AnEmail().ReceiveAsync(admin);
        var conversationId = received.ConversationId();
        var id = (await (await ReferAsync(agent, new { conversationId, toTeamId = team, reason = "Refunds team" })).ExpectAsync(HttpStatusCode.Created)).Id();

        await (await outsider.Client.PostAsync($"/api/v1/referrals/{id}/accept", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.ClientAs(Roles.Supervisor).PostAsync($"/api/v1/referrals/{id}/decline", Requests.JsonBody(new { reason = "Mine now" })))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await member.Client.PostAsync($"/api/v1/referrals/{id}/withdraw", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.ClientAs(Roles.Auditor).PostAsync($"/api/v1/referrals/{id}/accept", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains(await NotificationsAsync(member.Client), n => n!.Str("link") == $"/referrals/{id}");
        Assert.DoesNotContain(await NotificationsAsync(outsider.Client), n => n!.Str("link") == $"/referrals/{id}");

        await (await member.Client.PostAsync($"/api/v1/referrals/{id}/accept", null)).ExpectAsync(HttpStatusCode.OK);

        var conversation = (await (await agent.GetAsync($"/api/v1/conversations/{conversationId}")).ExpectAsync(HttpStatusCode.OK))["conversation"]!;
        Assert.Equal(member.Id, conversation.Str("assigneeId"));
        Assert.Equal(team, conversation.Str("teamId"));
    }

    [Fact]
    public async Task A_case_has_one_pending_referral_at_a_time_until_it_is_answered_or_withdrawn()
    {
        var colleague = await ColleagueAsync();
        var caseId = await ACaseAsync();
        var first = (await (await ReferAsync(agent, new { caseId, toUserId = colleague.Id, reason = "First" })).ExpectAsync(HttpStatusCode.Created)).Id();

        await (await ReferAsync(agent, new { caseId, toUserId = colleague.Id, reason = "Again" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "caseId");
        await (await agent.PostAsync($"/api/v1/referrals/{first}/withdraw", Requests.JsonBody(new { reason = "Solved it myself" }))).ExpectAsync(HttpStatusCode.OK);

        await (await ReferAsync(agent, new { caseId, toUserId = colleague.Id, reason = "Again" })).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_chain_shows_who_passed_it_to_whom_with_reasons_and_outcomes_oldest_first()
    {
        var ben = await ColleagueAsync();
        var cleo = await ColleagueAsync();
        var team = await TeamAsync(ben.Id);
        var caseId = await ACaseAsync();
        var toTeam = (await (await ReferAsync(agent, new { caseId, toTeamId = team, reason = "Refunds are the team's" })).ExpectAsync(HttpStatusCode.Created)).Id();
        await (await ben.Client.PostAsync($"/api/v1/referrals/{toTeam}/accept", null)).ExpectAsync(HttpStatusCode.OK);
        var toCleo = (await (await ReferAsync(ben.Client, new { caseId, toUserId = cleo.Id, reason = "Cleo speaks Polish" })).ExpectAsync(HttpStatusCode.Created)).Id();
        await (await cleo.Client.PostAsync($"/api/v1/referrals/{toCleo}/decline", Requests.JsonBody(new { reason = "On leave from Monday" }))).ExpectAsync(HttpStatusCode.OK);

        var chain = await ChainAsync($"caseId={caseId}");

        Assert.Equal([toTeam, toCleo], chain.Select(r => r!.Id()));
        Assert.Equal(["accepted", "declined"], chain.Select(r => r!.Str("status")));
        Assert.Equal(["Refunds are the team's", "Cleo speaks Polish"], chain.Select(r => r!.Str("reason")));
        Assert.Equal("On leave from Monday", chain[1]!.Str("decisionReason"));
        var detail = await (await app.ClientAs(Roles.Auditor).GetAsync($"/api/v1/referrals/{toCleo}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, detail["chain"]!.AsArray().Count);
        Assert.Equal(caseId, detail["case"]!["case"]!.Id());

        var toMe = await (await cleo.Client.GetAsync("/api/v1/referrals?view=toMe")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([toCleo], toMe["items"]!.AsArray().Select(r => r!.Id()));
        var fromBen = await (await ben.Client.GetAsync("/api/v1/referrals?view=fromMe&status=declined")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([toCleo], fromBen["items"]!.AsArray().Select(r => r!.Id()));
        var teams = await (await ben.Client.GetAsync($"/api/v1/referrals?view=toMyTeams&caseId={caseId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([toTeam], teams["items"]!.AsArray().Select(r => r!.Id()));
    }

    [Fact]
    public async Task Referrals_raise_webhooks_through_the_outbox()
    {
        var subscription = Guid.Parse((await (await admin.PostAsync("/api/v1/webhooks", Requests.JsonBody(new
        {
            url = "http://127.0.0.1:1/referrals",
            events = new[] { "referral.created", "referral.accepted", "referral.declined" },
        }))).ExpectAsync(HttpStatusCode.Created)).Id());
        var colleague = await ColleagueAsync();
        var accepted = await ACaseAsync();
        var declined = await ACaseAsync();
        var a = (await (await ReferAsync(agent, new { caseId = accepted, toUserId = colleague.Id, reason = "A" })).ExpectAsync(HttpStatusCode.Created)).Id();
        var d = (await (await ReferAsync(agent, new { caseId = declined, toUserId = colleague.Id, reason = "D" })).ExpectAsync(HttpStatusCode.Created)).Id();
        await (await colleague.Client.PostAsync($"/api/v1/referrals/{a}/accept", null)).ExpectAsync(HttpStatusCode.OK);
        await (await colleague.Client.PostAsync($"/api/v1/referrals/{d}/decline", Requests.JsonBody(new { reason = "No" }))).ExpectAsync(HttpStatusCode.OK);

        var deliveries = await app.WithDbAsync(db => db.WebhookDeliveries.Where(x => x.SubscriptionId == subscription).ToListAsync());
        string[] EventsOf(string id) => deliveries.Where(x => JsonNode.Parse(x.Payload)!["data"]!.Id() == id).Select(x => x.Event).Order().ToArray();
        Assert.Equal(["referral.accepted", "referral.created"], EventsOf(a));
        Assert.Equal(["referral.created", "referral.declined"], EventsOf(d));
        var outboxed = await app.WithDbAsync(db => db.OutboxItems.CountAsync(o => deliveries.Select(x => x.Id).Contains(o.SubjectId)));
        Assert.Equal(deliveries.Count, outboxed);
    }

    [Fact]
    public async Task Bad_ids_and_filters_are_400s_naming_the_parameter()
    {
        await (await agent.GetAsync("/api/v1/referrals/not-a-guid")).ExpectProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await agent.GetAsync("/api/v1/referrals?view=everyone")).ExpectProblemAsync(HttpStatusCode.BadRequest, "view");
        await (await agent.GetAsync("/api/v1/referrals?status=lost")).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await agent.GetAsync("/api/v1/referrals/chain")).ExpectProblemAsync(HttpStatusCode.BadRequest, "caseId");
        await (await agent.PostAsync("/api/v1/referrals/not-a-guid/accept", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await agent.GetAsync($"/api/v1/referrals/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private sealed record Colleague(string Id, string Name, HttpClient Client);

    private async Task<Colleague> ColleagueAsync()
    {
        var user = await app.CreateStaffAsync(Roles.Agent);
        return new Colleague(user.Id.ToString(), user.DisplayName, app.ClientWithToken(await app.IssueTokenAsync(user.Id, "referral tests")));
    }

    private async Task<string> TeamAsync(params string[] members)
    {
        var team = (await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Refunds {Unique.Letters()}" }))).ExpectAsync(HttpStatusCode.Created)).Id();
        await (await admin.PutAsync($"/api/v1/teams/{team}/members", Requests.JsonBody(new { userIds = members }))).ExpectAsync(HttpStatusCode.OK);
        return team;
    }

    private async Task<string> ACaseAsync()
    {
        var customerId = (await Build.ACustomer().CreateAsync(agent)).Id();
        var created = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId, title = "Refund for a cancelled coach", ownerId = await MeAsync(agent) })))
            .ExpectAsync(HttpStatusCode.Created);
        return created["case"]!.Id();
    }

    private async Task MailboxAsync()
    {
        // Never reached: the test looks at what is queued in the outbox, not at delivery.
        var body = new
        {
            name = "Referrals",
            address = CustomerBuilder.UniqueEmail("help"),
            imapHost = "127.0.0.1",
            imapPort = 1,
            imapSecurity = "none",
            imapUser = "help",
            imapPassword = "x",
            smtpHost = "127.0.0.1",
            smtpPort = 1,
            smtpSecurity = "none",
        };
        await (await admin.PostAsync("/api/v1/mailboxes", Requests.JsonBody(body))).ExpectAsync(HttpStatusCode.Created);
    }

    private static Task<HttpResponseMessage> ReferAsync(HttpClient client, object body) => client.PostAsync("/api/v1/referrals", Requests.JsonBody(body));

    private async Task<JsonArray> ChainAsync(string query) =>
        (await (await agent.GetAsync($"/api/v1/referrals/chain?{query}")).ExpectAsync(HttpStatusCode.OK)).AsArray();

    private static async Task<JsonArray> NotificationsAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/notifications?limit=200")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();

    private static async Task<string> MeAsync(HttpClient client) => (await (await client.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK)).Id();
}

public sealed class ReferralTestsOnSqlite(SqliteRapportFactory app) : ReferralTests<SqliteRapportFactory>(app);

public sealed class ReferralTestsOnPostgres(PostgresRapportFactory app) : ReferralTests<PostgresRapportFactory>(app);
