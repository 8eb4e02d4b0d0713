using System.Text.Json.Nodes;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>
/// A restricted team's conversations are seen only by its members, the assignee, supervisors, administrators and
/// auditors — in the inbox, on the conversation, in the customer's timeline, in search and in the downloads — and an
/// agent outside it cannot act on them.
/// </summary>
public abstract class ConversationVisibilityTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);

    private sealed record Setup(HttpClient Member, HttpClient Outsider, string TeamId, string ConversationId, string MessageId, string CustomerId, string Word);

    private async Task<HttpClient> AgentAsync(Func<Guid, Task>? then = null)
    {
        var user = await app.CreateStaffAsync(Roles.Agent);
        if (then is not null)
        {
            await then(user.Id);
        }

        return app.ClientWithToken(await app.IssueTokenAsync(user.Id, "visibility tests"));
    }

    private async Task<Setup> RestrictedConversationAsync(bool restricted = true)
    {
        Guid memberId = default;
        var member = await AgentAsync(id => { memberId = id; return Task.CompletedTask; });
        var outsider = await AgentAsync();
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = "Complaints " + Guid.NewGuid().ToString("N")[..8], restricted })))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(restricted, team["restricted"]!.GetValue<bool>());
        await (await admin.PutAsync($"/api/v1/teams/{team.Id()}/members", Requests.JsonBody(new { userIds = new[] { memberId } }))).ExpectAsync(HttpStatusCode.OK);
        var word = "zv" + Guid.NewGuid().ToString("N")[..10];
        var stored = await Inbound.AnEmail().Subject("Formal complaint").Text($"My complaint about {word} and the manager").ReceiveAsync(admin);
        await (await admin.PostAsync($"/api/v1/conversations/{stored.ConversationId()}/assign", Requests.JsonBody(new { assigneeId = (string?)null, teamId = team.Id() })))
            .ExpectAsync(HttpStatusCode.OK);
        return new Setup(member, outsider, team.Id(), stored.ConversationId(), stored.MessageId(), stored.CustomerId(), word);
    }

    private static async Task<JsonArray> InboxAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/conversations?limit=100")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();

    private static async Task<JsonArray> SearchAsync(HttpClient client, string word) =>
        (await (await client.GetAsync($"/api/v1/search?q={word}")).ExpectAsync(HttpStatusCode.OK)).AsArray();

    private static async Task<JsonArray> TimelineAsync(HttpClient client, string customerId) =>
        (await (await client.GetAsync($"/api/v1/customers/{customerId}/timeline")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();

    [Fact]
    public async Task An_agent_outside_a_restricted_team_sees_nothing_of_its_conversations()
    {
        var s = await RestrictedConversationAsync();

        await (await s.Outsider.GetAsync($"/api/v1/conversations/{s.ConversationId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(await InboxAsync(s.Outsider), c => c!.Id() == s.ConversationId);
        Assert.Empty(await SearchAsync(s.Outsider, s.Word));
        Assert.DoesNotContain(await TimelineAsync(s.Outsider, s.CustomerId), m => m!.Id() == s.MessageId);
        await (await s.Outsider.GetAsync($"/api/v1/messages/{s.MessageId}/attachments/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await s.Outsider.GetAsync($"/api/v1/messages/{s.MessageId}/raw")).ExpectProblemAsync(HttpStatusCode.Forbidden); // agents never get raw mail
    }

    [Fact]
    public async Task An_agent_outside_a_restricted_team_cannot_reply_note_assign_or_close_and_nothing_is_written()
    {
        var s = await RestrictedConversationAsync();

        await (await s.Outsider.PostAsync($"/api/v1/conversations/{s.ConversationId}/replies", Requests.JsonBody(new { text = "Hello" })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await s.Outsider.PostAsync($"/api/v1/conversations/{s.ConversationId}/notes", Requests.JsonBody(new { text = "Peek" })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await s.Outsider.PostAsync($"/api/v1/conversations/{s.ConversationId}/assign", Requests.JsonBody(new { assigneeId = (string?)null, teamId = (string?)null })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await s.Outsider.PostAsync($"/api/v1/conversations/{s.ConversationId}/status", Requests.JsonBody(new { status = "closed" })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        var conversation = await supervisor.ConversationAsync(s.ConversationId);
        Assert.Equal(1, conversation["conversation"]!["messageCount"]!.GetValue<int>());
        Assert.Equal(s.TeamId, conversation["conversation"]!.Str("teamId"));
        Assert.Equal("Open", conversation["conversation"]!.Str("status"), ignoreCase: true);
    }

    [Fact]
    public async Task Members_supervisors_and_auditors_see_it_everywhere()
    {
        var s = await RestrictedConversationAsync();

        foreach (var client in new[] { s.Member, supervisor, app.ClientAs(Roles.Auditor) })
        {
            await (await client.GetAsync($"/api/v1/conversations/{s.ConversationId}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Contains(await InboxAsync(client), c => c!.Id() == s.ConversationId);
            Assert.Contains(await SearchAsync(client, s.Word), h => h!.Id() == s.MessageId);
            Assert.Contains(await TimelineAsync(client, s.CustomerId), m => m!.Id() == s.MessageId);
        }
    }

    [Fact]
    public async Task An_open_team_hides_nothing_and_lifting_the_restriction_shows_the_conversation()
    {
        var open = await RestrictedConversationAsync(restricted: false);
        await (await open.Outsider.GetAsync($"/api/v1/conversations/{open.ConversationId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(await SearchAsync(open.Outsider, open.Word), h => h!.Id() == open.MessageId);

        var s = await RestrictedConversationAsync();
        await (await s.Outsider.GetAsync($"/api/v1/conversations/{s.ConversationId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var lifted = await (await admin.PatchAsync($"/api/v1/teams/{s.TeamId}", Requests.JsonBody(new { restricted = false }))).ExpectAsync(HttpStatusCode.OK);
        Assert.False(lifted["restricted"]!.GetValue<bool>());

        await (await s.Outsider.GetAsync($"/api/v1/conversations/{s.ConversationId}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Search_finds_an_older_message_an_agent_may_see_behind_pages_of_newer_ones_they_may_not()
    {
        var s = await RestrictedConversationAsync();
        var open = await Inbound.AnEmail().Text($"A question about {s.Word} for anyone").ReceiveAsync(admin);
        for (var i = 0; i < 90; i++)
        {
            await (await admin.PostAsync($"/api/v1/conversations/{s.ConversationId}/notes", Requests.JsonBody(new { text = $"{s.Word} {i}" })))
                .ExpectAsync(HttpStatusCode.Created);
        }

        var hit = Assert.Single(await SearchAsync(s.Outsider, s.Word))!;

        Assert.Equal(open.MessageId(), hit.Id());
        Assert.Equal(20, (await SearchAsync(s.Member, s.Word)).Count);
    }

    [Fact]
    public async Task Changing_a_team_needs_the_restricted_flag()
    {
        var s = await RestrictedConversationAsync();

        await (await admin.PatchAsync($"/api/v1/teams/{s.TeamId}", Requests.JsonBody(new { }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "restricted");
    }
}

public sealed class ConversationVisibilityTestsOnSqlite(SqliteRapportFactory app) : ConversationVisibilityTests<SqliteRapportFactory>(app);

public sealed class ConversationVisibilityTestsOnPostgres(PostgresRapportFactory app) : ConversationVisibilityTests<PostgresRapportFactory>(app);
