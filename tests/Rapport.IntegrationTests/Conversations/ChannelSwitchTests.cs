using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.IntegrationTests.Channels.WebChat;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>
/// "Continue on…" (C7): a chat continued by email stays the same conversation with its case, the customer is told on the
/// new channel in the organisation's words, later replies go there, the switch is audited and on the timeline; bad input
/// names the field and writes nothing; someone who may not see the conversation gets 404.
/// </summary>
public abstract class ChannelSwitchTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string Origin = "https://www.harbour-hotel.test";
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private Task<Message> StoredAsync(Guid id) => app.WithDbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == id));

    private async Task<(ChatVisitorClient Visitor, Message First)> ChatAsync(string text = "Can you send me the booking details?")
    {
        await admin.CreateMailboxAsync("switch-" + Unique.Letters()[..6]);
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = new ChatVisitorClient(app.ClientAs(null), Origin);
        await visitor.StartAsync(site);
        var said = await visitor.SayAsync(text);
        return (visitor, await StoredAsync(Guid.Parse(said["messageId"]!.GetValue<string>())));
    }

    private static string Switch(Guid conversationId) => $"/api/v1/conversations/{conversationId}/channel-switch";

    private async Task<(int Switches, int Messages, int Points)> WrittenAsync(Message first) => await app.WithDbAsync(async db => (
        await db.Set<ChannelSwitch>().CountAsync(s => s.ConversationId == first.ConversationId),
        await db.Messages.CountAsync(m => m.ConversationId == first.ConversationId),
        await db.ContactPoints.CountAsync(p => p.CustomerId == first.CustomerId)));

    [Fact]
    public async Task A_chat_continued_by_email_tells_the_customer_there_keeps_the_case_and_later_replies_follow()
    {
        var (visitor, first) = await ChatAsync();
        var email = CustomerBuilder.UniqueEmail("tom");
        var created = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = first.ConversationId, title = "Booking details" })))
            .ExpectAsync(HttpStatusCode.Created);

        var options = await (await agent.GetAsync($"/api/v1/conversations/{first.ConversationId}/channel-options")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("chat", options.Str("repliesGoOn").ToLowerInvariant());
        var emailOption = options["options"]!.AsArray().Single(o => o!.Str("channel").Equals("email", StringComparison.OrdinalIgnoreCase))!;
        Assert.True(emailOption["enabled"]!.GetValue<bool>());
        var whatsApp = options["options"]!.AsArray().Single(o => o!.Str("channel").Equals("whatsApp", StringComparison.OrdinalIgnoreCase))!;
        Assert.False(whatsApp["enabled"]!.GetValue<bool>());
        Assert.Contains("written", whatsApp.Str("reason"), StringComparison.Ordinal);

        var made = await (await agent.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "email", newContactPoint = email })))
            .ExpectAsync(HttpStatusCode.Created);

        var told = await StoredAsync(Guid.Parse(made["message"]!.Id()));
        Assert.Equal(Channel.Email, told.Channel);
        Assert.Equal(email, told.To);
        Assert.Equal(first.ConversationId, told.ConversationId);
        Assert.Contains("following your chat with us, we're continuing here by email", told.Text, StringComparison.Ordinal);
        Assert.Equal("email", await app.WithDbAsync(db => db.OutboxItems.Where(o => o.SubjectId == told.Id).Select(o => o.Kind).SingleAsync()));
        Assert.Contains("Switched from web chat to email", made["note"]!.Str("text"), StringComparison.Ordinal);

        // The address the agent entered is now the customer's, and both changes are in the customer's audit trail.
        var points = await app.WithDbAsync(db => db.ContactPoints.Where(p => p.CustomerId == first.CustomerId).Select(p => p.Normalized).ToListAsync());
        Assert.Contains(email, points);
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.SubjectId == first.CustomerId.ToString()).Select(a => a.Action).ToListAsync());
        Assert.Contains("channelSwitch.added", actions);
        Assert.Contains("contactPoint.added", actions);

        // An ordinary reply now goes by email, in the same conversation, linked to the same case.
        var reply = await (await agent.PostAsync($"/api/v1/conversations/{first.ConversationId}/replies", Requests.JsonBody(new { text = "Here are the details." })))
            .ExpectAsync(HttpStatusCode.Accepted);
        var sent = await StoredAsync(Guid.Parse(reply.Id()));
        Assert.Equal(Channel.Email, sent.Channel);
        Assert.Equal(email, sent.To);
        Assert.Equal(1, await app.WithDbAsync(db => db.CaseConversations.CountAsync(l => l.ConversationId == first.ConversationId && l.CaseId == Guid.Parse(created["case"]!.Id()))));
        var timeline = await agent.TimelineAsync(first.CustomerId.ToString());
        Assert.Contains(timeline, i => i!.Str("direction") == "note" && i!.Str("text").StartsWith("Switched from web chat to email", StringComparison.Ordinal));

        // When the customer writes in the chat again, the answer goes back the way they came.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await visitor.SayAsync("Actually, I'm still here.");
        var back = await (await agent.PostAsync($"/api/v1/conversations/{first.ConversationId}/replies", Requests.JsonBody(new { text = "Great, here it is." })))
            .ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(Channel.Chat, (await StoredAsync(Guid.Parse(back.Id()))).Channel);
    }

    [Fact]
    public async Task A_switch_to_phone_records_it_offers_the_number_to_call_and_leaves_written_replies_where_they_were()
    {
        var (_, first) = await ChatAsync();
        var phone = CustomerBuilder.UniqueUkPhone();

        var made = await (await agent.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "phone", newContactPoint = phone })))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Null(made["message"]);
        Assert.StartsWith("tel:+44", made.Str("callLink"), StringComparison.Ordinal);
        Assert.Contains("The next step is a call", made["note"]!.Str("text"), StringComparison.Ordinal);
        var reply = await (await agent.PostAsync($"/api/v1/conversations/{first.ConversationId}/replies", Requests.JsonBody(new { text = "Calling you now." })))
            .ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(Channel.Chat, (await StoredAsync(Guid.Parse(reply.Id()))).Channel);
    }

    [Fact]
    public async Task Bad_switches_are_refused_naming_the_field_and_write_nothing()
    {
        var (_, first) = await ChatAsync();
        var stranger = await Build.ACustomer().WithEmail(CustomerBuilder.UniqueEmail("stranger")).CreateAsync(admin);
        var strangersPoint = stranger["contactPoints"]![0]!.Id();
        var before = await WrittenAsync(first);

        await (await agent.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "pigeon" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");
        await (await agent.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "none" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");
        await (await agent.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "email", contactPointId = strangersPoint })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "contactPointId");
        await (await agent.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "email" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "contactPointId");
        await (await agent.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "email", newContactPoint = "not an address" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "newContactPoint");
        await (await agent.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "phone", newContactPoint = "call me maybe" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "newContactPoint");
        await (await agent.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "whatsApp" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");
        await (await agent.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "letter" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");
        await (await agent.PostAsync(Switch(Guid.NewGuid()), Requests.JsonBody(new { channel = "email", newContactPoint = "a@example.com" })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await WrittenAsync(first));
    }

    [Fact]
    public async Task Someone_who_may_not_see_the_conversation_gets_404_and_nothing_is_written()
    {
        var outsiderUser = await app.CreateStaffAsync(Roles.Agent);
        var outsider = app.ClientWithToken(await app.IssueTokenAsync(outsiderUser.Id, "switch tests"));
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = "Complaints " + Unique.Letters()[..8], restricted = true })))
            .ExpectAsync(HttpStatusCode.Created);
        var (_, first) = await ChatAsync("A private complaint");
        await (await admin.PostAsync($"/api/v1/conversations/{first.ConversationId}/assign", Requests.JsonBody(new { assigneeId = (string?)null, teamId = team.Id() })))
            .ExpectAsync(HttpStatusCode.OK);
        var before = await WrittenAsync(first);

        await (await outsider.GetAsync($"/api/v1/conversations/{first.ConversationId}/channel-options")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "email", newContactPoint = CustomerBuilder.UniqueEmail() })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await WrittenAsync(first));
        await (await admin.GetAsync($"/api/v1/conversations/{first.ConversationId}/channel-options")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_erased_customers_conversation_takes_no_new_address_and_nothing_is_written()
    {
        var (_, first) = await ChatAsync("Please forget me after this");
        await (await admin.PostAsync($"/api/v1/customers/{first.CustomerId}/erase", Requests.JsonBody(new { reason = "ER-switch" }))).ExpectAsync(HttpStatusCode.OK);
        var before = await WrittenAsync(first);

        await (await agent.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "email", newContactPoint = CustomerBuilder.UniqueEmail("erased") })))
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(before, await WrittenAsync(first));
    }

    [Fact]
    public async Task The_customers_preferences_order_the_channels_and_warn_about_another_channel_or_time()
    {
        var (_, first) = await ChatAsync();
        var customer = await (await admin.GetAsync($"/api/v1/customers/{first.CustomerId}")).ExpectAsync(HttpStatusCode.OK);
        var today = TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DayOfWeek;
        var otherDays = Enum.GetValues<DayOfWeek>().Where(d => d != today && d != (DayOfWeek)(((int)today + 6) % 7)).Select(d => d.ToString().ToLowerInvariant()).ToArray();
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{first.CustomerId}")
        {
            Content = Requests.JsonBody(new
            {
                name = customer.Str("name"),
                kind = "external",
                type = "person",
                profile = new { preferredChannel = "email", preferredDays = otherDays, preferredFrom = "09:00", preferredUntil = "17:30", needsRelayService = true, needsLargePrint = true },
            }),
        };
        var updated = await (await admin.SendAsync(put)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("09:00", updated["profile"]!.Str("preferredFrom"));
        Assert.Equal(otherDays.Length, updated["profile"]!["preferredDays"]!.AsArray().Count);

        var options = await (await agent.GetAsync($"/api/v1/conversations/{first.ConversationId}/channel-options")).ExpectAsync(HttpStatusCode.OK);
        var listed = options["options"]!.AsArray();
        Assert.Equal("email", listed[0]!.Str("channel").ToLowerInvariant());
        Assert.True(listed[0]!["preferred"]!.GetValue<bool>());
        Assert.True(options["outsidePreferredTimes"]!.GetValue<bool>());
        var warnings = options["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();
        Assert.Contains(warnings, w => w.Contains("prefers email", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("outside", StringComparison.Ordinal));
        Assert.Contains(options["accessibilityNotes"]!.AsArray(), n => n!.GetValue<string>().Contains("relay", StringComparison.OrdinalIgnoreCase));
        var phone = listed.Single(o => o!.Str("channel").Equals("phone", StringComparison.OrdinalIgnoreCase))!;
        Assert.Contains(phone["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("relay", StringComparison.OrdinalIgnoreCase));

        var made = await (await agent.PostAsync(Switch(first.ConversationId), Requests.JsonBody(new { channel = "phone", newContactPoint = CustomerBuilder.UniqueUkPhone() })))
            .ExpectAsync(HttpStatusCode.Created);
        var said = made["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();
        Assert.Contains(said, w => w.Contains("prefers email, not phone", StringComparison.Ordinal));
        Assert.Contains(said, w => w.Contains("outside", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"preferredChannel": "telepathy"}""", "profile.preferredChannel")]
    [InlineData("""{"preferredDays": ["monday", "funday"]}""", "profile.preferredDays[1]")]
    [InlineData("""{"preferredFrom": "25:00", "preferredUntil": "26:00"}""", "profile.preferredFrom")]
    [InlineData("""{"preferredFrom": "09:00"}""", "profile.preferredUntil")]
    [InlineData("""{"preferredFrom": "09:00", "preferredUntil": "09:00"}""", "profile.preferredUntil")]
    public async Task A_bad_preference_is_refused_naming_the_field(string profile, string field)
    {
        var before = await Counts.OfAsync(app);
        await (await agent.PostAsync("/api/v1/customers", Requests.JsonBody($$"""{"name": "Preferences", "profile": {{profile}}}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await Counts.OfAsync(app));
    }

    [Theory]
    [InlineData("telegram")]
    [InlineData("whatsApp")]
    [InlineData("messenger")]
    [InlineData("letter")]
    [InlineData("video")]
    public async Task Any_channel_the_product_supports_can_be_the_preferred_one(string channel)
    {
        var created = await Build.ACustomer().WithProfile(new JsonObject { ["preferredChannel"] = channel }).CreateAsync(agent);
        Assert.Equal(channel, created["profile"]!.Str("preferredChannel"), ignoreCase: true);
    }
}

public sealed class ChannelSwitchTestsOnSqlite(SqliteRapportFactory app) : ChannelSwitchTests<SqliteRapportFactory>(app);

public sealed class ChannelSwitchTestsOnPostgres(PostgresRapportFactory app) : ChannelSwitchTests<PostgresRapportFactory>(app);
