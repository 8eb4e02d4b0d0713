using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>Messages join the conversation they belong to: email by Message-ID references, chat and SMS by the open conversation.</summary>
public abstract class ThreadingTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    [Fact]
    public async Task An_email_replying_to_a_stored_one_joins_its_conversation()
    {
        var customer = CustomerBuilder.UniqueEmail();
        var first = Inbound.AnEmail(customer).Subject("Broken kettle");
        var stored = await first.ReceiveAsync(admin);

        var reply = await Inbound.AnEmail(customer).Subject("Re: Broken kettle").InReplyTo(first.ProviderMessageId).ReceiveAsync(admin);

        Assert.Equal(stored.ConversationId(), reply.ConversationId());
        Assert.False(reply.Flag("newConversation"));
    }

    [Fact]
    public async Task An_email_naming_a_stored_one_only_in_its_references_joins_its_conversation()
    {
        var first = Inbound.AnEmail().Subject("Invoice");
        var stored = await first.ReceiveAsync(admin);

        var reply = await Inbound.AnEmail().References("<unknown@elsewhere.example>", first.ProviderMessageId).ReceiveAsync(admin);

        Assert.Equal(stored.ConversationId(), reply.ConversationId());
    }

    [Fact]
    public async Task A_new_email_without_references_starts_a_new_conversation_even_from_the_same_customer()
    {
        var customer = CustomerBuilder.UniqueEmail();
        var first = await Inbound.AnEmail(customer).Subject("Order 1").ReceiveAsync(admin);

        var second = await Inbound.AnEmail(customer).Subject("Order 2").ReceiveAsync(admin);

        Assert.Equal(first.CustomerId(), second.CustomerId());
        Assert.NotEqual(first.ConversationId(), second.ConversationId());
    }

    public static TheoryData<int[]> ArrivalOrders() => [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

    [Theory]
    [MemberData(nameof(ArrivalOrders))]
    public async Task A_three_message_email_thread_is_one_conversation_in_any_arrival_order(int[] order)
    {
        var ids = Enumerable.Range(1, 3).Select(i => $"<{i}.{Unique.Letters()}@thread.example>").ToArray();
        var thread = new[]
        {
            Inbound.AnEmail("jdoe@machine.example").WithId(ids[0]).Subject("Saying Hello"),
            Inbound.AnEmail("smith@home.example").WithId(ids[1]).Subject("Re: Saying Hello").InReplyTo(ids[0]).References(ids[0]),
            Inbound.AnEmail("jdoe@machine.example").WithId(ids[2]).Subject("Re: Saying Hello").InReplyTo(ids[1]).References(ids[0], ids[1]),
        };

        var results = new List<System.Text.Json.Nodes.JsonNode>();
        foreach (var i in order)
        {
            results.Add(await thread[i].ReceiveAsync(admin));
        }

        Assert.Single(results.Select(r => r.ConversationId()).Distinct());
        var conversation = await agent.ConversationAsync(results[0].ConversationId());
        Assert.Equal(3, conversation["messages"]!.AsArray().Count);
    }

    [Fact]
    public async Task Chat_messages_continue_the_customers_open_chat_conversation()
    {
        var handle = $"@chatter{Unique.Letters()}"[..20];
        var first = await Inbound.AChat(handle).Text("Hi").ReceiveAsync(admin);

        var second = await Inbound.AChat(handle).Text("Are you there?").ReceiveAsync(admin);

        Assert.Equal(first.ConversationId(), second.ConversationId());
        Assert.Equal(2, (await agent.ConversationAsync(first.ConversationId()))["conversation"]!["messageCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sms_messages_continue_the_customers_open_sms_conversation_but_not_a_closed_one()
    {
        var phone = Inbound.UniqueInternationalPhone();
        var first = await Inbound.AnSms(phone).Text("Hello").ReceiveAsync(admin);
        var second = await Inbound.AnSms(phone).Text("Still waiting").ReceiveAsync(admin);
        await (await agent.PostAsync($"/api/v1/conversations/{first.ConversationId()}/status", Requests.JsonBody(new { status = "closed" })))
            .ExpectAsync(HttpStatusCode.OK);

        var third = await Inbound.AnSms(phone).Text("New question").ReceiveAsync(admin);

        Assert.Equal(first.ConversationId(), second.ConversationId());
        Assert.NotEqual(first.ConversationId(), third.ConversationId());
        Assert.True(third.Flag("newConversation"));
    }

    [Fact]
    public async Task A_message_on_another_channel_starts_its_own_conversation()
    {
        var email = CustomerBuilder.UniqueEmail();
        var customerId = (await Build.ACustomer().WithEmail(email).WithHandle($"@both{Unique.Letters()}"[..18], "telegram").CreateAsync(agent)).Id();
        var handle = (await (await agent.GetAsync($"/api/v1/customers/{customerId}")).ExpectAsync(HttpStatusCode.OK))["contactPoints"]!.AsArray()
            .Single(p => p!.Str("type") == "social")!.Str("value");
        var chat = await Inbound.AChat(handle).ReceiveAsync(admin);

        var mail = await Inbound.AnEmail(email).ReceiveAsync(admin);

        Assert.Equal(customerId, chat.CustomerId());
        Assert.Equal(customerId, mail.CustomerId());
        Assert.NotEqual(chat.ConversationId(), mail.ConversationId());
    }

    [Fact]
    public async Task A_conversation_id_given_by_the_caller_is_followed_for_the_same_customer()
    {
        var phone = Inbound.UniqueInternationalPhone();
        var first = await Inbound.AnSms(phone).ReceiveAsync(admin);
        await (await agent.PostAsync($"/api/v1/conversations/{first.ConversationId()}/status", Requests.JsonBody(new { status = "closed" })))
            .ExpectAsync(HttpStatusCode.OK);

        var next = await Inbound.AnSms(phone).Set("conversationId", first.ConversationId()).ReceiveAsync(admin);

        Assert.Equal(first.ConversationId(), next.ConversationId());
        Assert.Equal("open", (await agent.ConversationAsync(first.ConversationId()))["conversation"]!.Str("status"));
    }
}

public sealed class ThreadingTestsOnSqlite(SqliteRapportFactory app) : ThreadingTests<SqliteRapportFactory>(app);

public sealed class ThreadingTestsOnPostgres(PostgresRapportFactory app) : ThreadingTests<PostgresRapportFactory>(app);
