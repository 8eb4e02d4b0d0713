using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>A customer's one timeline across channels and conversations, newest first, including records merged into it.</summary>
public abstract class TimelineTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private static readonly DateTime Monday = RapportFactory.Start.UtcDateTime.AddDays(-7);

    [Fact]
    public async Task The_timeline_lists_every_message_and_note_of_the_customer_newest_first()
    {
        var email = CustomerBuilder.UniqueEmail();
        var customerId = (await Build.ACustomer().WithEmail(email).WithPhone(CustomerBuilder.UniqueUkPhone()).CreateAsync(agent)).Id();
        var phone = (await (await agent.GetAsync($"/api/v1/customers/{customerId}")).ExpectAsync(HttpStatusCode.OK))["contactPoints"]!.AsArray()
            .Single(p => p!.Str("type") == "phone")!.Str("normalized");
        var oldest = await Inbound.AnEmail(email).Text("first, by email").SentAt(Monday).ReceiveAsync(admin);
        var middle = await Inbound.AnSms(phone).Text("second, by SMS").SentAt(Monday.AddHours(1)).ReceiveAsync(admin);
        var newest = await Inbound.AnEmail(email).Text("third, by email").SentAt(Monday.AddHours(2)).ReceiveAsync(admin);
        var note = await (await agent.PostAsync($"/api/v1/conversations/{oldest.ConversationId()}/notes", Requests.JsonBody(new { text = "called back" })))
            .ExpectAsync(HttpStatusCode.Created);

        var timeline = await agent.TimelineAsync(customerId);

        Assert.Equal([note.Id(), newest.MessageId(), middle.MessageId(), oldest.MessageId()], timeline.Select(m => m!.Id()));
        Assert.Equal(["email", "sms", "email"], timeline.Skip(1).Select(m => m!.Str("channel")));
        Assert.Equal(3, timeline.Select(m => m!.Str("conversationId")).Distinct().Count()); // two emails and an SMS
    }

    [Fact]
    public async Task After_a_merge_the_survivors_timeline_includes_the_merged_customers_messages()
    {
        var survivorEmail = CustomerBuilder.UniqueEmail("survivor");
        var duplicatePhone = Inbound.UniqueInternationalPhone();
        var byEmail = await Inbound.AnEmail(survivorEmail).Text("from the survivor").SentAt(Monday).ReceiveAsync(admin);
        var byPhone = await Inbound.AnSms(duplicatePhone).Text("from the duplicate").SentAt(Monday.AddMinutes(5)).ReceiveAsync(admin);
        Assert.NotEqual(byEmail.CustomerId(), byPhone.CustomerId());

        await (await agent.PostAsync($"/api/v1/customers/{byEmail.CustomerId()}/merge",
            Requests.JsonBody(new { duplicateId = byPhone.CustomerId(), reason = "same person" }))).ExpectAsync(HttpStatusCode.OK);

        var timeline = await agent.TimelineAsync(byEmail.CustomerId());
        Assert.Equal([byPhone.MessageId(), byEmail.MessageId()], timeline.Select(m => m!.Id()));
        var moved = await agent.ConversationAsync(byPhone.ConversationId());
        Assert.Equal(byEmail.CustomerId(), moved["conversation"]!.Str("customerId"));
        var next = await Inbound.AnSms(duplicatePhone).Text("still me").ReceiveAsync(admin);
        Assert.Equal(byEmail.CustomerId(), next.CustomerId());
        Assert.Equal(byPhone.ConversationId(), next.ConversationId());
    }

    [Fact]
    public async Task The_timeline_pages_with_a_cursor()
    {
        var email = CustomerBuilder.UniqueEmail();
        var sent = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add((await Inbound.AnEmail(email).Text($"message {i}").SentAt(Monday.AddMinutes(i)).ReceiveAsync(admin)).MessageId());
        }

        var customerId = (await agent.CustomerByEmailAsync(email)).Id();
        var first = await (await agent.GetAsync($"/api/v1/customers/{customerId}/timeline?limit=2")).ExpectAsync(HttpStatusCode.OK);
        var seen = first["items"]!.AsArray().Select(m => m!.Id()).ToList();
        var after = first.Str("next");
        while (after.Length > 0)
        {
            var page = await (await agent.GetAsync($"/api/v1/customers/{customerId}/timeline?limit=2&after={Uri.EscapeDataString(after)}")).ExpectAsync(HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(m => m!.Id()));
            after = page.Str("next");
        }

        Assert.Equal(Enumerable.Reverse(sent), seen);
    }

    [Fact]
    public async Task The_timeline_of_an_unknown_customer_is_a_404_problem()
    {
        await (await agent.GetAsync($"/api/v1/customers/{Guid.NewGuid()}/timeline")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class TimelineTestsOnSqlite(SqliteRapportFactory app) : TimelineTests<SqliteRapportFactory>(app);

public sealed class TimelineTestsOnPostgres(PostgresRapportFactory app) : TimelineTests<PostgresRapportFactory>(app);
