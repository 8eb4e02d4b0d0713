using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Audit;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Demo;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Demo;

/// <summary>
/// A fresh demo database, as `dotnet run` makes on first start: conversations on every channel, each stored as ingestion
/// stores any message (findable by search, on its customer's timeline), seeded once only; demo replies caught on this
/// machine and marked sent.
/// </summary>
public abstract class DemoSeedTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private static readonly Channel[] EveryChannel =
        [Channel.Email, Channel.Sms, Channel.WhatsApp, Channel.Messenger, Channel.Telegram, Channel.Chat, Channel.Phone, Channel.Letter];

    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    [Fact]
    public async Task Every_channel_has_a_conversation_found_by_search_and_on_its_customers_timeline()
    {
        foreach (var channel in EveryChannel)
        {
            var message = await app.WithDbAsync(db => db.Messages.AsNoTracking()
                .Where(m => m.Channel == channel && m.Direction == MessageDirection.Inbound).OrderByDescending(m => m.At).FirstOrDefaultAsync());
            Assert.True(message is not null, $"The demo has no {channel} conversation.");

            var word = message.Text.Split([' ', '\n', ',', '.', '?', '!', ':', ';'], StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.All(char.IsLetter)).OrderByDescending(w => w.Length).First();
            var hits = (await (await admin.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(word)}&limit=50")).ExpectAsync(HttpStatusCode.OK)).AsArray();
            Assert.True(hits.Any(h => h!.Str("conversationId") == message.ConversationId.ToString()), $"Searching '{word}' does not find the {channel} conversation.");

            var timeline = (await (await admin.GetAsync($"/api/v1/customers/{message.CustomerId}/timeline")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
            Assert.True(timeline.Any(i => i!.ToJsonString().Contains(message.ConversationId.ToString(), StringComparison.Ordinal)),
                $"The {channel} conversation is not on its customer's timeline.");
        }
    }

    [Fact]
    public async Task The_inbox_has_assigned_work_an_open_case_a_promise_due_soon_and_a_returning_customer()
    {
        var (assigned, withCase, promiseDue, returning) = await app.WithDbAsync(async db => (
            await db.Conversations.CountAsync(c => c.AssigneeId != null),
            await db.Cases.CountAsync(c => db.Set<Rapport.Features.Cases.CaseConversation>().Any(l => l.CaseId == c.Id)),
            await db.Set<Rapport.Features.Promises.Promise>().CountAsync(p => p.ConversationId != null || p.MessageId != null),
            await db.Conversations.GroupBy(c => c.CustomerId).CountAsync(g => g.Count() > 1)));

        Assert.True(assigned >= 2, $"{assigned} conversations are assigned.");
        Assert.True(withCase >= 1, "No case is linked to a conversation.");
        Assert.True(promiseDue >= 1, "No promise was made in a conversation.");
        Assert.True(returning >= 1, "No customer has an earlier conversation.");
    }

    [Fact]
    public async Task The_demo_mailbox_and_accounts_show_the_seeded_traffic_not_never_used()
    {
        var channels = (await (await admin.GetAsync("/api/v1/channels/health")).ExpectAsync(HttpStatusCode.OK)).AsArray()
            .Where(c => c!.Str("name").Contains("replies caught, never sent", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, channels.Count);
        foreach (var channel in channels)
        {
            Assert.True(channel!["lastReceiveAt"] is not null, $"{channel.Str("name")} has never received.");
            Assert.Equal("ok", channel.Str("status"));
        }
    }

    [Fact]
    public async Task Seeding_again_adds_nothing()
    {
        async Task<(int, int, int, int)> CountAsync() => await app.WithDbAsync(async db =>
            (await db.Conversations.CountAsync(), await db.Messages.CountAsync(), await db.Customers.CountAsync(), await db.Mailboxes.CountAsync()));
        var before = await CountAsync();

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("tests");
        Assert.False(await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync("rapport-demo", default));
        var db = scope.ServiceProvider.GetRequiredService<Rapport.Infrastructure.Data.RapportDbContext>();
        var customers = await db.Customers.Include(c => c.ContactPoints).Take(20).ToListAsync();
        var staff = await db.Users.Where(u => u.Email!.EndsWith("@rapport.demo")).ToDictionaryAsync(u => u.Email!);
        Assert.False(await scope.ServiceProvider.GetRequiredService<DemoConversations>().SeedAsync(customers, staff, Guid.Empty, Guid.Empty, default));

        Assert.Equal(before, await CountAsync());
        Assert.True(before.Item1 >= EveryChannel.Length);
    }

    [Fact]
    public async Task A_demo_email_reply_is_caught_on_this_machine_and_marked_sent()
    {
        var conversation = await app.WithDbAsync(db => db.Conversations.AsNoTracking().Where(c => c.Subject == "Moving our May booking HH-40219").Select(c => c.Id).SingleAsync());

        var reply = await (await admin.PostAsync($"/api/v1/conversations/{conversation}/replies",
            Requests.JsonBody(new { text = "All done: your booking is now 9–12 May, quiet room requested." }))).ExpectAsync(HttpStatusCode.Accepted);

        var id = Guid.Parse(reply.Id());
        await app.RunOutboxUntilAsync(async () => await app.WithDbAsync(db => db.Messages.AnyAsync(m => m.Id == id && m.Delivery != DeliveryState.Queued)),
            "the demo reply's outcome");
        var delivery = await app.WithDbAsync(db => db.Messages.Where(m => m.Id == id).Select(m => m.Delivery).SingleAsync());
        Assert.Equal(DeliveryState.Sent, delivery);
        var caught = app.Services.GetRequiredService<DemoOutbox>().Newest;
        Assert.Contains(caught, m => m.Channel == "Email" && m.Text.Contains("quiet room requested", StringComparison.Ordinal)
            && m.Subject!.Contains("Moving our May booking HH-40219", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_demo_whatsapp_reply_goes_to_the_stand_in_and_is_marked_sent()
    {
        var conversation = await app.WithDbAsync(db => db.Messages.AsNoTracking().Where(m => m.Channel == Channel.WhatsApp).Select(m => m.ConversationId).FirstAsync());

        var reply = await (await admin.PostAsync($"/api/v1/conversations/{conversation}/replies",
            Requests.JsonBody(new { text = "Good news: a sea-view room is free." }))).ExpectAsync(HttpStatusCode.Accepted);

        var id = Guid.Parse(reply.Id());
        await app.RunOutboxUntilAsync(async () => await app.WithDbAsync(db => db.Messages.AnyAsync(m => m.Id == id && m.Delivery != DeliveryState.Queued)),
            "the demo WhatsApp reply's outcome");
        Assert.Equal(DeliveryState.Sent, await app.WithDbAsync(db => db.Messages.Where(m => m.Id == id).Select(m => m.Delivery).SingleAsync()));
        Assert.Contains(app.Services.GetRequiredService<DemoOutbox>().Newest, m => m.Channel == "WhatsApp" && m.Text == "Good news: a sea-view room is free.");
    }
}

/// <summary>The host in demo mode, as `dotnet run` starts it.</summary>
public sealed class DemoSqliteFactory : SqliteRapportFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rapport:Demo:Seed", "true");
    }
}

/// <summary>The host in demo mode on PostgreSQL.</summary>
public sealed class DemoPostgresFactory : PostgresRapportFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rapport:Demo:Seed", "true");
    }
}

public sealed class DemoSeedTestsOnSqlite(DemoSqliteFactory app) : DemoSeedTests<DemoSqliteFactory>(app);

public sealed class DemoSeedTestsOnPostgres(DemoPostgresFactory app) : DemoSeedTests<DemoPostgresFactory>(app);
