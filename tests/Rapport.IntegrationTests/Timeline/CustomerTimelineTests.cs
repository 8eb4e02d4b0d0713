using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;
using Rapport.Features.Timeline;

namespace Rapport.IntegrationTests.Timeline;

/// <summary>
/// The timeline on the customer page: messages on every channel, promises and cases, newest first, paged; and no more
/// than the viewer may see — a restricted team's conversation, its case and the promise made on it stay hidden from
/// an agent outside the team, exactly as in the API's timeline.
/// </summary>
public abstract class CustomerTimelineTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private async Task<List<TimelineItem>> PageTimelineAsync(string customerId, Viewer viewer, int pageSize = 100)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<TimelineQueries>();
        var all = new List<TimelineItem>();
        string? after = null;
        do
        {
            var page = await queries.ForCustomerAsync(Guid.Parse(customerId), viewer, pageSize, after, CancellationToken.None);
            Assert.True(page.Items.Count <= pageSize);
            all.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        return all;
    }

    [Fact]
    public async Task An_agent_outside_a_restricted_team_does_not_see_its_conversation_case_or_promise_on_the_customer_timeline()
    {
        var member = await app.CreateStaffAsync(Roles.Agent);
        var outsider = await app.CreateStaffAsync(Roles.Agent);
        var outsiderApi = app.ClientWithToken(await app.IssueTokenAsync(outsider.Id, "timeline outsider"));
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = "Fraud " + Guid.NewGuid().ToString("N")[..8], restricted = true })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.PutAsync($"/api/v1/teams/{team.Id()}/members", Requests.JsonBody(new { userIds = new[] { member.Id } }))).ExpectAsync(HttpStatusCode.OK);
        var email = CustomerBuilder.UniqueEmail("restricted");
        var restricted = await Inbound.AnEmail(email).Subject("Fraud on my account").Text("Someone used my card").ReceiveAsync(admin);
        await (await admin.PostAsync($"/api/v1/conversations/{restricted.ConversationId()}/assign", Requests.JsonBody(new { assigneeId = (Guid?)null, teamId = team.Id() })))
            .ExpectAsync(HttpStatusCode.OK);
        var open = await Inbound.AnEmail(email).Subject("Opening hours").Text("When are you open?").ReceiveAsync(admin);
        var fraudCase = await (await admin.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = restricted.ConversationId(), title = "Fraud", teamId = team.Id() })))
            .ExpectAsync(HttpStatusCode.Created);
        var promise = await (await admin.PostAsync("/api/v1/promises", Requests.JsonBody(new { conversationId = restricted.ConversationId(), what = "Call back about the fraud", dueAt = "2099-01-01T10:00:00Z" })))
            .ExpectAsync(HttpStatusCode.Created);
        var customer = restricted.CustomerId();
        Assert.Equal(customer, open.CustomerId());

        var outsiderSees = (await PageTimelineAsync(customer, new Viewer(outsider.Id, false))).Select(i => i.Id.ToString()).ToList();
        var memberSees = (await PageTimelineAsync(customer, new Viewer(member.Id, false))).Select(i => i.Id.ToString()).ToList();
        var apiTimeline = (await (await outsiderApi.GetAsync($"/api/v1/customers/{customer}/timeline")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();

        Assert.Equal([open.MessageId()], outsiderSees);
        Assert.Equal([open.MessageId()], apiTimeline.Select(m => m!.Id()));
        Assert.Contains(restricted.MessageId(), memberSees);
        Assert.Contains(fraudCase["case"]!.Id(), memberSees);
        Assert.Contains(promise.Id(), memberSees);
        Assert.Equal(4, memberSees.Count);
    }

    [Fact]
    public async Task The_timeline_merges_messages_promises_and_cases_newest_first_and_pages_without_gaps_or_repeats()
    {
        var email = CustomerBuilder.UniqueEmail("paged");
        var first = await Inbound.AnEmail(email).Subject("Broken boiler").Text("It stopped").SentAt(RapportFactory.Start.UtcDateTime.AddDays(-3)).ReceiveAsync(admin);
        var customer = first.CustomerId();
        var sms = await Inbound.AnSms(Inbound.UniqueInternationalPhone()).Text("by text").ReceiveAsync(admin);
        await (await admin.PostAsync($"/api/v1/customers/{customer}/merge", Requests.JsonBody(new { duplicateId = sms.CustomerId(), reason = "same person" })))
            .ExpectAsync(HttpStatusCode.OK);
        var made = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            made.Add((await (await admin.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = customer, title = $"Case {i}" })))
                .ExpectAsync(HttpStatusCode.Created))["case"]!.Id());
            made.Add((await (await admin.PostAsync("/api/v1/promises", Requests.JsonBody(new { customerId = customer, what = $"Promise {i}", dueAt = "2099-01-01T10:00:00Z" })))
                .ExpectAsync(HttpStatusCode.Created)).Id());
        }

        var whole = await PageTimelineAsync(customer, new Viewer(Guid.NewGuid(), true));
        var paged = await PageTimelineAsync(customer, new Viewer(Guid.NewGuid(), true), pageSize: 2);

        Assert.Equal(whole.Select(i => i.Id), paged.Select(i => i.Id));
        Assert.Equal(8, whole.Count);
        Assert.Equal(whole.OrderByDescending(i => i.At).Select(i => i.At), whole.Select(i => i.At));
        Assert.Equal(made.Order(), whole.Where(i => i.Kind != TimelineKind.Message).Select(i => i.Id.ToString()).Order());
        Assert.Equal([sms.MessageId(), first.MessageId()], whole.Where(i => i.Kind == TimelineKind.Message).Select(i => i.Id.ToString()));
        var smsItem = whole.Single(i => i.Id.ToString() == sms.MessageId());
        Assert.Equal(Rapport.Features.Customers.Channel.Sms, smsItem.Channel);
        Assert.Equal($"/conversations/{sms.ConversationId()}", smsItem.Href);
        Assert.Equal($"/cases/{made[0]}", whole.Single(i => i.Id.ToString() == made[0]).Href);
    }

    [Fact]
    public async Task A_cursor_the_timeline_did_not_give_out_is_refused_naming_after()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<TimelineQueries>();

        var e = await Assert.ThrowsAsync<Rapport.Infrastructure.Api.InvalidInputException>(() =>
            queries.ForCustomerAsync(Guid.NewGuid(), new Viewer(Guid.NewGuid(), true), 10, "not-a-cursor", CancellationToken.None));

        Assert.Equal("after", e.Field);
    }
}

public sealed class CustomerTimelineTestsOnSqlite(SqliteRapportFactory app) : CustomerTimelineTests<SqliteRapportFactory>(app);

public sealed class CustomerTimelineTestsOnPostgres(PostgresRapportFactory app) : CustomerTimelineTests<PostgresRapportFactory>(app);
