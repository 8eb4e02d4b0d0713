using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>POST /api/v1/inbound-messages: the sender is matched to a customer (or becomes one) and what is stored is safe to show.</summary>
public abstract class IngestionTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    [Fact]
    public async Task A_new_sender_becomes_a_customer_and_is_recognised_by_the_same_phone_written_another_way()
    {
        var international = Inbound.UniqueInternationalPhone();
        var national = "0" + international[4..].Replace(" ", "", StringComparison.Ordinal);

        var first = await Inbound.AnSms(international).Text("Is my parcel coming today?").ReceiveAsync(admin);
        var second = await Inbound.AnSms(national).Text("Sorry, tomorrow is fine too").ReceiveAsync(admin);

        Assert.True(first.Flag("newCustomer"));
        Assert.False(second.Flag("newCustomer"));
        Assert.Equal(first.CustomerId(), second.CustomerId());
        var customer = await (await agent.GetAsync($"/api/v1/customers/{first.CustomerId()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["phone"], customer["contactPoints"]!.AsArray().Select(p => p!.Str("type")));
    }

    [Fact]
    public async Task A_new_sender_by_phone_is_named_and_shown_with_the_number_as_people_write_it()
    {
        var international = Inbound.UniqueInternationalPhone(); // "+44 20 3xxx xxxx"
        var e164 = international.Replace(" ", "", StringComparison.Ordinal); // as SMS providers send it

        var result = await Inbound.AnSms(e164).Text("Is my parcel coming today?").ReceiveAsync(admin);

        var customer = await (await agent.GetAsync($"/api/v1/customers/{result.CustomerId()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(international, customer.Str("name"));
        var phone = customer["contactPoints"]!.AsArray().Single()!;
        Assert.Equal(international, phone.Str("value"));
        Assert.Equal(e164, phone.Str("normalized"));
    }

    [Fact]
    public async Task A_returning_customer_is_matched_by_email_whatever_its_case()
    {
        var email = $"Ada.Lovelace.{Unique.Letters()}@Example.com";
        var customerId = (await Build.ACustomer("Ada Lovelace").WithEmail(email).CreateAsync(agent)).Id();

        var result = await Inbound.AnEmail(email.ToUpperInvariant()).Subject("Engine").ReceiveAsync(admin);

        Assert.Equal(customerId, result.CustomerId());
        Assert.False(result.Flag("newCustomer"));
        Assert.True(result.Flag("newConversation"));
    }

    [Fact]
    public async Task Text_with_nul_characters_is_stored_with_them_replaced_not_refused_by_the_database()
    {
        var result = await Inbound.AnEmail().Subject("Nul\u0000subject").Text("Before\u0000after").ReceiveAsync(admin);

        var message = await agent.MessageAsync(result.ConversationId(), result.MessageId());
        Assert.Equal("Before\uFFFDafter", message.Str("text"));
        Assert.Equal("Nul\uFFFDsubject", message.Str("subject"));
    }

    [Fact]
    public async Task A_system_with_the_integration_role_may_feed_messages()
    {
        var integration = await app.IntegrationClientAsync();

        var result = await Inbound.AChat($"@caller{Unique.Letters()}"[..20]).ReceiveAsync(integration);

        Assert.False(result.Flag("duplicate"));
    }

    [Fact]
    public async Task Card_numbers_are_masked_before_the_message_is_stored()
    {
        var result = await Inbound.AnEmail().Subject("Card 4111 1111 1111 1111")
            .Text("Please charge 4111 1111 1111 1111 again; my phone is 020 7946 0018.").ReceiveAsync(admin);

        var message = await agent.MessageAsync(result.ConversationId(), result.MessageId());
        Assert.Equal("Please charge •••• •••• •••• 1111 again; my phone is 020 7946 0018.", message.Str("text"));
        Assert.Equal("Card •••• •••• •••• 1111", message.Str("subject"));
        var stored = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.Id == Guid.Parse(result.MessageId())));
        Assert.DoesNotContain("4111 1111 1111 1111", stored.Text + stored.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_is_sanitised_before_it_is_stored_and_text_is_derived_from_it()
    {
        var result = await Inbound.AnEmail().Text("")
            .Html("<p>Hello <b>team</b></p><script>alert('x')</script><img src=\"x\" onerror=\"alert(1)\"><a href=\"javascript:alert(2)\">link</a>")
            .ReceiveAsync(admin);

        var message = await agent.MessageAsync(result.ConversationId(), result.MessageId());
        var html = message.Str("html");
        Assert.Contains("<b>team</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Hello team", message.Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_inbox_shows_the_new_conversation_with_the_sender_as_customer()
    {
        var email = CustomerBuilder.UniqueEmail("grace");
        var result = await Inbound.AnEmail(email).Set("from", new System.Text.Json.Nodes.JsonObject { ["email"] = email, ["name"] = "Grace Hopper" })
            .Subject("Compiler question").Text("Does it handle COBOL?").ReceiveAsync(admin);

        var conversation = await agent.ConversationAsync(result.ConversationId());

        Assert.Equal("Grace Hopper", conversation["conversation"]!.Str("customerName"));
        Assert.Equal("Compiler question", conversation["conversation"]!.Str("subject"));
        Assert.Equal("open", conversation["conversation"]!.Str("status"));
        Assert.Equal("email", conversation["conversation"]!.Str("lastChannel"));
        var message = Assert.Single(conversation["messages"]!.AsArray())!;
        Assert.Equal("inbound", message.Str("direction"));
        Assert.Equal(email, message.Str("from"));
    }
}

public sealed class IngestionTestsOnSqlite(SqliteRapportFactory app) : IngestionTests<SqliteRapportFactory>(app);

public sealed class IngestionTestsOnPostgres(PostgresRapportFactory app) : IngestionTests<PostgresRapportFactory>(app);
