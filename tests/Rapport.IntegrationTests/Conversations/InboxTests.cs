using System.Text.Json.Nodes;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>The agent's inbox: unassigned and mine views, status, internal notes.</summary>
public abstract class InboxTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private async Task<(HttpClient Client, string UserId)> AnAgentAsync()
    {
        var user = await app.CreateStaffAsync(Roles.Agent);
        return (app.ClientWithToken(await app.IssueTokenAsync(user.Id, "inbox tests")), user.Id.ToString());
    }

    private static async Task<List<string>> InboxAsync(HttpClient client, string query)
    {
        var ids = new List<string>();
        string? after = null;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/conversations?{query}&limit=200{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}"))
                .ExpectAsync(HttpStatusCode.OK);
            ids.AddRange(page["items"]!.AsArray().Select(c => c!.Id()));
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);

        return ids;
    }

    private static Task<HttpResponseMessage> AssignAsync(HttpClient client, string conversationId, string? userId) =>
        client.PostAsync($"/api/v1/conversations/{conversationId}/assign", Requests.JsonBody(new { assigneeId = userId, teamId = (string?)null }));

    [Fact]
    public async Task A_new_conversation_is_unassigned_and_moves_to_mine_when_assigned_to_me()
    {
        var (agent, me) = await AnAgentAsync();
        var conversation = (await Inbound.AnEmail().Subject("Refund").ReceiveAsync(admin)).ConversationId();
        Assert.Contains(conversation, await InboxAsync(agent, "view=unassigned"));
        Assert.DoesNotContain(conversation, await InboxAsync(agent, "view=mine"));

        var assigned = await (await AssignAsync(agent, conversation, me)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(me, assigned.Str("assigneeId"));
        Assert.Contains(conversation, await InboxAsync(agent, "view=mine"));
        Assert.DoesNotContain(conversation, await InboxAsync(agent, "view=unassigned"));
        Assert.Contains(conversation, await InboxAsync(agent, "view=all"));
    }

    [Fact]
    public async Task A_conversation_assigned_to_a_colleague_is_not_in_my_view()
    {
        var (agent, _) = await AnAgentAsync();
        var (colleague, theirs) = await AnAgentAsync();
        var conversation = (await Inbound.AnEmail().ReceiveAsync(admin)).ConversationId();

        await (await AssignAsync(colleague, conversation, theirs)).ExpectAsync(HttpStatusCode.OK);

        Assert.DoesNotContain(conversation, await InboxAsync(agent, "view=mine"));
        Assert.Contains(conversation, await InboxAsync(colleague, "view=mine"));
    }

    [Fact]
    public async Task Assigning_to_an_unknown_user_is_a_400_naming_the_assignee()
    {
        var (agent, _) = await AnAgentAsync();
        var conversation = (await Inbound.AnEmail().ReceiveAsync(admin)).ConversationId();

        await (await AssignAsync(agent, conversation, Guid.NewGuid().ToString())).ExpectProblemAsync(HttpStatusCode.BadRequest, "assigneeId");
        await (await AssignAsync(agent, Guid.NewGuid().ToString(), null)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Status_changes_show_in_the_conversation_and_filter_the_inbox()
    {
        var (agent, _) = await AnAgentAsync();
        var conversation = (await Inbound.AnEmail().ReceiveAsync(admin)).ConversationId();

        var pending = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/status", Requests.JsonBody(new { status = "pending" })))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("pending", pending.Str("status"));
        Assert.Contains(conversation, await InboxAsync(agent, "status=pending"));
        Assert.DoesNotContain(conversation, await InboxAsync(agent, "status=open"));
        await (await agent.PostAsync($"/api/v1/conversations/{conversation}/status", Requests.JsonBody(new { status = "solved-ish" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task An_inbound_message_reopens_a_closed_conversation_it_replies_to()
    {
        var (agent, _) = await AnAgentAsync();
        var first = Inbound.AnEmail();
        var conversation = (await first.ReceiveAsync(admin)).ConversationId();
        await (await agent.PostAsync($"/api/v1/conversations/{conversation}/status", Requests.JsonBody(new { status = "closed" }))).ExpectAsync(HttpStatusCode.OK);

        var reply = await Inbound.AnEmail().InReplyTo(first.ProviderMessageId).ReceiveAsync(admin);

        Assert.Equal(conversation, reply.ConversationId());
        Assert.Equal("open", (await agent.ConversationAsync(conversation))["conversation"]!.Str("status"));
    }

    [Fact]
    public async Task A_note_is_added_to_the_conversation_as_internal_with_its_author_and_masked()
    {
        var (agent, _) = await AnAgentAsync();
        var conversation = (await Inbound.AnEmail().ReceiveAsync(admin)).ConversationId();

        var note = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/notes",
            Requests.JsonBody(new { text = "Customer read out card 4111 1111 1111 1111 on the phone" }))).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("note", note.Str("direction"));
        Assert.Equal("Agent Tester", note.Str("authorName"));
        Assert.Equal("Customer read out card •••• •••• •••• 1111 on the phone", note.Str("text"));
        var messages = (await agent.ConversationAsync(conversation))["messages"]!.AsArray();
        Assert.Contains(messages, m => m!.Id() == note.Id());
        await (await agent.PostAsync($"/api/v1/conversations/{conversation}/notes", Requests.JsonBody(new { text = "" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
    }

    [Fact]
    public async Task An_unknown_conversation_is_a_404_problem()
    {
        var (agent, _) = await AnAgentAsync();

        await (await agent.GetAsync($"/api/v1/conversations/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.PostAsync($"/api/v1/conversations/{Guid.NewGuid()}/notes", Requests.JsonBody(new JsonObject { ["text"] = "x" })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class InboxTestsOnSqlite(SqliteRapportFactory app) : InboxTests<SqliteRapportFactory>(app);

public sealed class InboxTestsOnPostgres(PostgresRapportFactory app) : InboxTests<PostgresRapportFactory>(app);
