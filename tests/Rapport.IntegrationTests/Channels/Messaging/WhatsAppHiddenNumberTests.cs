using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Channels.Messaging;

/// <summary>
/// A WhatsApp user who hides their number arrives with an empty wa_id: known by the business-scoped id, never matched on
/// the blank phone. (Its message id is the docs example's, so it has a database of its own.)
/// </summary>
public abstract class WhatsAppHiddenNumberTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    [Fact]
    public async Task A_sender_without_a_phone_is_a_new_customer_known_by_the_business_scoped_id()
    {
        var admin = app.ClientAs(Roles.Administrator);
        await CorpusAccounts.ConnectAsync(admin);
        await Inbound.AnSms(Inbound.UniqueInternationalPhone()).Text("someone else").ReceiveAsync(admin);

        var answer = await app.ClientAs(null).SendAsync(ProviderWebhooks.Request("whatsapp/inbound-text-username-empty-wa_id.case.json"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await app.ProcessedAsync();

        var message = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="));
        Assert.Equal((Channel.WhatsApp, "whatsapp:user.93737...", "Sheena Nelson"), (message.Channel, message.From, message.FromName));
        var points = await app.WithDbAsync(db => db.ContactPoints.Where(p => p.CustomerId == message.CustomerId).Select(p => p.Normalized).ToListAsync());
        Assert.Equal(["whatsapp:user.93737..."], points);
    }
}

public sealed class WhatsAppHiddenNumberTestsOnSqlite(SqliteRapportFactory app) : WhatsAppHiddenNumberTests<SqliteRapportFactory>(app);

public sealed class WhatsAppHiddenNumberTestsOnPostgres(PostgresRapportFactory app) : WhatsAppHiddenNumberTests<PostgresRapportFactory>(app);
