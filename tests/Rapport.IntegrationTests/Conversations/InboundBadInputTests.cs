using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>Bad input to the inbound API is an RFC 9457 problem naming the field, and nothing is half-written.</summary>
public abstract class InboundBadInputTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private sealed record Written(Counts Counts, int Conversations, int Messages, int Outbox);

    private Task<Written> WrittenAsync() => app.WithDbAsync(async db => new Written(await Counts.OfAsync(app),
        await db.Conversations.CountAsync(), await db.Messages.CountAsync(), await db.OutboxItems.CountAsync()));

    [Theory]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-1", "text": "hi"}""", "from")]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-1", "from": {}, "text": "hi"}""", "from")]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-1", "from": {"email": "ann@example.com", "phone": "+442079460018"}, "text": "hi"}""", "from")]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-1", "from": {"phone": "12"}, "text": "hi"}""", "from.phone")]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-1", "from": {"phone": "call me maybe"}, "text": "hi"}""", "from.phone")]
    [InlineData("""{"channel": "email", "providerMessageId": "bad-input-1", "from": {"email": "not an address"}, "text": "hi"}""", "from.email")]
    [InlineData("""{"channel": "chat", "providerMessageId": "bad-input-1", "from": {"handle": "@ann"}, "text": "hi"}""", "from.network")]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-1", "from": {"phone": "+442079460018"}, "text": ""}""", "text")]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-1", "from": {"phone": "+442079460018"}, "text": "   "}""", "text")]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-1", "from": {"phone": "+442079460018"}}""", "text")]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-1", "from": {"phone": "+442079460018"}, "text": "hi", "priority": "high"}""", "priority")]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-1", "from": {"phone": "+442079460018", "fax": "x"}, "text": "hi"}""", "from.fax")]
    [InlineData("""{"channel": "pigeon", "providerMessageId": "bad-input-1", "from": {"phone": "+442079460018"}, "text": "hi"}""", "channel")]
    [InlineData("""{"channel": "none", "providerMessageId": "bad-input-1", "from": {"phone": "+442079460018"}, "text": "hi"}""", "channel")]
    [InlineData("""{"channel": "sms", "from": {"phone": "+442079460018"}, "text": "hi"}""", "providerMessageId")]
    [InlineData("""{"channel": "sms", "providerMessageId": "", "from": {"phone": "+442079460018"}, "text": "hi"}""", "providerMessageId")]
    [InlineData("""{"channel": "sms", "providerMessageId": 5, "from": {"phone": "+442079460018"}, "text": "hi"}""", "providerMessageId")]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-1", "from": {"phone": "+442079460018"}, "text": "hi", "sentAt": "yesterday"}""", "sentAt")]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-1", "from": {"phone": "+442079460018"}, "text": "hi", "conversationId": "nope"}""", "conversationId")]
    public async Task Invalid_inbound_json_is_a_400_naming_the_field_and_writes_nothing(string json, string field)
    {
        var before = await WrittenAsync();

        var response = await app.ClientAs(Roles.Administrator).PostAsync("/api/v1/inbound-messages", Requests.JsonBody(json));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await WrittenAsync());
    }

    [Theory]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-2", "from": "+442079460018", "text": "hi"}""", "from", "an object")]
    [InlineData("""{"channel": "sms", "providerMessageId": "bad-input-2", "from": {"phone": 442079460018}, "text": "hi"}""", "from.phone", "a string")]
    [InlineData("""{"channel": "email", "providerMessageId": "bad-input-2", "from": {"email": "ann@example.com"}, "text": "hi", "references": "<a@b>"}""", "references", "an array")]
    public async Task A_value_of_the_wrong_type_is_told_what_the_field_expects(string json, string field, string expected)
    {
        var response = await app.ClientAs(Roles.Administrator).PostAsync("/api/v1/inbound-messages", Requests.JsonBody(json));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal($"The value has the wrong type for this field: {expected} is expected.", problem["errors"]![field]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("text", 100_001)]
    [InlineData("subject", 301)]
    [InlineData("providerMessageId", 501)]
    [InlineData("inReplyTo", 501)]
    public async Task Over_long_fields_are_a_400_naming_the_field_and_write_nothing(string field, int length)
    {
        var before = await WrittenAsync();
        var message = Inbound.AnSms(Inbound.UniqueInternationalPhone()).Set(field, new string('x', length));

        var response = await message.PostAsync(app.ClientAs(Roles.Administrator));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await WrittenAsync());
    }

    [Fact]
    public async Task References_too_long_to_store_are_a_400_and_write_nothing()
    {
        var before = await WrittenAsync();
        var references = Enumerable.Range(0, 50).Select(i => $"<{i}{new string('r', 700)}@example.com>").ToArray();

        var response = await Inbound.AnEmail().References(references).PostAsync(app.ClientAs(Roles.Administrator));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "references");
        Assert.Equal(before, await WrittenAsync());
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Auditor)]
    public async Task Staff_other_than_administrators_may_not_feed_messages(string role)
    {
        var before = await WrittenAsync();

        var response = await Inbound.AnSms(Inbound.UniqueInternationalPhone()).PostAsync(app.ClientAs(role));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await WrittenAsync());
    }
}

public sealed class InboundBadInputTestsOnSqlite(SqliteRapportFactory app) : InboundBadInputTests<SqliteRapportFactory>(app);

public sealed class InboundBadInputTestsOnPostgres(PostgresRapportFactory app) : InboundBadInputTests<PostgresRapportFactory>(app);
