using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>
/// Ingestion acknowledges once a message is journalled (durable) and processes it after: a caller that will not wait gets
/// a receipt (202) and can follow it to the stored message; the journal keeps the outcome; duplicates are caught at the door.
/// </summary>
public abstract class IngestionJournalTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    [Fact]
    public async Task A_caller_that_prefers_not_to_wait_gets_a_receipt_that_leads_to_the_stored_message()
    {
        var message = Inbound.AnEmail().Subject("Late check-out").Text("Could we leave at two?");

        using var response = await PostAsync(message, "respond-async");
        var accepted = await response.ExpectAsync(HttpStatusCode.Accepted);

        Assert.Equal("respond-async", response.Headers.GetValues("Preference-Applied").Single());
        var receipt = accepted.Str("receipt");
        Assert.Equal($"/api/v1/inbound-messages/{receipt}", response.Headers.Location!.OriginalString);
        var stored = await FollowAsync(receipt);
        Assert.Equal("stored", stored.Str("status"));
        var conversation = await agent.ConversationAsync(stored["result"]!.ConversationId());
        Assert.Equal("Could we leave at two?", conversation["messages"]![0]!.Str("text"));
    }

    [Fact]
    public async Task The_same_message_sent_twice_at_once_is_journalled_and_stored_once()
    {
        var message = Inbound.AnEmail().Subject("Twice").Text("Sent by two retries at once");

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await message.PostAsync(admin);
            return (response.StatusCode, Body: JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a =>
        {
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.True(a.Body.Flag("duplicate"));
        });
        Assert.Single(answers.Select(a => a.Body.MessageId()).Distinct());
        var journalled = await app.WithDbAsync(db => db.InboundJournal.CountAsync(j => j.ProviderMessageId == message.ProviderMessageId));
        Assert.Equal(1, journalled);
    }

    [Fact]
    public async Task A_batch_mixing_new_messages_copies_and_messages_journalled_before_is_sorted_out_by_the_unique_index()
    {
        var before = Prepared(Rapport.Features.Customers.Channel.Sms, "sms-before-" + Guid.NewGuid());
        var fresh = Prepared(Rapport.Features.Customers.Channel.Sms, "sms-new-" + Guid.NewGuid());
        var sameIdOtherChannel = Prepared(Rapport.Features.Customers.Channel.WhatsApp, before.ProviderMessageId);
        var first = await JournalAsync([before]);

        var batch = await JournalAsync([fresh, before, fresh, sameIdOtherChannel]);

        Assert.False(first[0].Duplicate);
        Assert.False(batch[0].Duplicate);
        Assert.True(batch[1].Duplicate);
        Assert.Equal(first[0].Entry.Id, batch[1].Entry.Id); // the receipt of the first delivery
        Assert.True(batch[2].Duplicate);
        Assert.Equal(batch[0].Entry.Id, batch[2].Entry.Id); // the copy answers with the batch's own new entry
        Assert.False(batch[3].Duplicate); // a provider id is unique per channel only
        var rows = await app.WithDbAsync(db => db.InboundJournal
            .CountAsync(j => j.ProviderMessageId == before.ProviderMessageId || j.ProviderMessageId == fresh.ProviderMessageId));
        Assert.Equal(3, rows);
    }

    private PreparedMessage Prepared(Rapport.Features.Customers.Channel channel, string providerId) =>
        app.Services.GetRequiredService<InboundPreparationFactory>().Create()
            .Prepare(new InboundMessage(channel, providerId, new InboundSender(Phone: "+447700900123"), "Journal batch"));

    private Task<(InboundJournalEntry Entry, bool Duplicate)[]> JournalAsync(IReadOnlyList<PreparedMessage> items) =>
        app.WithDbAsync(async db =>
        {
            await using var transaction = await db.BeginWriteTransactionAsync(CancellationToken.None);
            var journalled = await InboundJournal.AppendAsync(db, items, DateTime.UtcNow, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            return journalled;
        });

    [Fact]
    public async Task A_processed_message_keeps_its_outcome_in_the_journal_but_not_its_payload()
    {
        var message = Inbound.AnEmail().Subject("Journal").Text("Keep the outcome, drop the copy");
        var result = await message.ReceiveAsync(admin);

        var entry = await app.WithDbAsync(db => db.InboundJournal.AsNoTracking().SingleAsync(j => j.ProviderMessageId == message.ProviderMessageId));

        Assert.Equal(JournalOutcome.Stored, entry.Outcome);
        Assert.Equal(result.MessageId(), entry.MessageId.ToString());
        Assert.NotNull(entry.ProcessedAt);
        Assert.Null(entry.Payload);
    }

    [Fact]
    public async Task An_unknown_receipt_is_a_404_problem_and_a_receipt_is_only_for_those_who_may_feed_messages()
    {
        using var unknown = await admin.GetAsync($"/api/v1/inbound-messages/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        using var response = await PostAsync(Inbound.AnEmail().Text("For the integration only"), "respond-async");
        var receipt = (await response.ExpectAsync(HttpStatusCode.Accepted)).Str("receipt");
        using var asAgent = await agent.GetAsync($"/api/v1/inbound-messages/{receipt}");
        Assert.Equal(HttpStatusCode.Forbidden, asAgent.StatusCode);
    }

    [Fact]
    public async Task A_message_that_cannot_be_processed_is_set_aside_with_its_content_listed_for_an_administrator_and_retried_when_asked()
    {
        var providerId = $"SM{Unique.Letters()}";
        var phone = Inbound.UniqueInternationalPhone();
        var receipt = Guid.CreateVersion7();
        await app.WithDbAsync(async db =>
        {
            db.InboundJournal.Add(new InboundJournalEntry
            {
                Id = receipt,
                Channel = Rapport.Features.Customers.Channel.Sms,
                ProviderMessageId = providerId,
                Payload = "{ this is not what the processor wrote",
                ReceivedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });

        var failed = await FollowAsync(receipt.ToString());
        Assert.Equal("failed", failed.Str("status"));
        using var asAgent = await agent.GetAsync("/api/v1/inbound-messages/set-aside");
        Assert.Equal(HttpStatusCode.Forbidden, asAgent.StatusCode);
        var listed = await (await admin.GetAsync("/api/v1/inbound-messages/set-aside")).ExpectAsync(HttpStatusCode.OK);
        var entry = Assert.Single(listed.AsArray(), e => e!.Str("receipt") == receipt.ToString())!;
        Assert.Equal(providerId, entry.Str("providerMessageId"));
        Assert.Equal(IngestionProcessor.MaxAttempts, entry["attempts"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(entry.Str("error")));

        // The cause is fixed (here: the payload repaired), then an administrator puts it back in the queue.
        var prepared = app.Services.GetRequiredService<InboundPreparationFactory>().Create()
            .Prepare(new InboundMessage(Rapport.Features.Customers.Channel.Sms, providerId, new InboundSender(Phone: phone), "Back from the side"));
        await app.WithDbAsync(db => db.InboundJournal.Where(j => j.Id == receipt)
            .ExecuteUpdateAsync(j => j.SetProperty(x => x.Payload, InboundJournal.Write(prepared))));
        using var retry = await admin.PostAsync($"/api/v1/inbound-messages/set-aside/{receipt}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);

        var stored = await FollowAsync(receipt.ToString());
        Assert.Equal("stored", stored.Str("status"));
        var conversation = await agent.ConversationAsync(stored["result"]!.ConversationId());
        Assert.Equal("Back from the side", conversation["messages"]![0]!.Str("text"));
        using var again = await admin.PostAsync($"/api/v1/inbound-messages/set-aside/{receipt}/retry", null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(InboundBuilder message, string prefer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/inbound-messages") { Content = Requests.JsonBody(message.ToString()) };
        request.Headers.Add("Prefer", prefer);
        return admin.SendAsync(request);
    }

    private async Task<JsonNode> FollowAsync(string receipt)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var state = await (await admin.GetAsync($"/api/v1/inbound-messages/{receipt}")).ExpectAsync(HttpStatusCode.OK);
            if (state.Str("status") != "processing" || DateTime.UtcNow > until)
            {
                return state;
            }

            await Task.Delay(20);
        }
    }
}

public sealed class IngestionJournalTestsOnSqlite(SqliteRapportFactory app) : IngestionJournalTests<SqliteRapportFactory>(app);

public sealed class IngestionJournalTestsOnPostgres(PostgresRapportFactory app) : IngestionJournalTests<PostgresRapportFactory>(app);
