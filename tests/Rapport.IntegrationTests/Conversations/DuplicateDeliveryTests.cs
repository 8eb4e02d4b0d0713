using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>A provider that delivers the same message twice (a retry, a race) gets one stored message and the same answer.</summary>
public abstract class DuplicateDeliveryTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private Task<int> StoredAsync(string providerMessageId) =>
        app.WithDbAsync(db => db.Messages.CountAsync(m => m.ProviderMessageId == providerMessageId));

    [Fact]
    public async Task A_second_delivery_of_the_same_message_answers_200_duplicate_and_stores_nothing_more()
    {
        var message = Inbound.AnSms(Inbound.UniqueInternationalPhone()).Text("Where is my order?");
        var first = await message.ReceiveAsync(admin);

        var second = await (await message.PostAsync(admin)).ExpectAsync(HttpStatusCode.OK);

        Assert.True(second.Flag("duplicate"));
        Assert.Equal(first.MessageId(), second.MessageId());
        Assert.Equal(first.ConversationId(), second.ConversationId());
        Assert.Equal(1, await StoredAsync(message.ProviderMessageId));
    }

    [Fact]
    public async Task The_same_provider_id_on_another_channel_is_another_message()
    {
        var id = $"shared-{Unique.Letters()}";
        await Inbound.AnSms(Inbound.UniqueInternationalPhone()).WithId(id).ReceiveAsync(admin);

        var chat = await Inbound.AChat($"@other{Unique.Letters()}"[..20]).WithId(id).ReceiveAsync(admin);

        Assert.False(chat.Flag("duplicate"));
        Assert.Equal(2, await StoredAsync(id));
    }

    [Fact]
    public async Task Twenty_concurrent_deliveries_of_one_message_store_it_exactly_once()
    {
        var sender = CustomerBuilder.UniqueEmail("impatient");
        var message = Inbound.AnEmail(sender).Subject("Sent twenty times").Text("Network trouble");
        var clients = Enumerable.Range(0, 20).Select(_ => app.ClientAs(Roles.Administrator)).ToList();

        var responses = await Task.WhenAll(clients.Select(c => message.PostAsync(c)));

        var bodies = await Task.WhenAll(responses.Select(r => r.ExpectAsync(r.StatusCode == HttpStatusCode.Created ? HttpStatusCode.Created : HttpStatusCode.OK)));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Single(bodies.Select(b => b.MessageId()).Distinct());
        Assert.Equal(1, await StoredAsync(message.ProviderMessageId));
        Assert.Equal(1, await app.WithDbAsync(db => db.ContactPoints.CountAsync(p => p.Normalized == sender)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Conversations.CountAsync(c => c.CustomerId == Guid.Parse(bodies[0].CustomerId()))));
    }
}

public sealed class DuplicateDeliveryTestsOnSqlite(SqliteRapportFactory app) : DuplicateDeliveryTests<SqliteRapportFactory>(app);

public sealed class DuplicateDeliveryTestsOnPostgres(PostgresRapportFactory app) : DuplicateDeliveryTests<PostgresRapportFactory>(app);
