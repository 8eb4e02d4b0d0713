using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Features.Loyalty;

namespace Rapport.IntegrationTests.Privacy;

/// <summary>
/// After erasure the tombstone takes no new personal data (C22): every write that would attach some answers 409 "erased",
/// and a message from the person's old address starts a new customer instead of re-attaching to the erased record.
/// </summary>
public abstract class ErasedRecordsTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    protected TFactory App => app;

    private readonly HttpClient agent = app.ClientAs(Roles.Agent);
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    [Fact]
    public async Task Writes_that_would_attach_personal_data_to_an_erased_customer_answer_409()
    {
        var id = await AnErasedCustomerAsync(CustomerBuilder.UniqueEmail());
        var offer = await (await admin.PostAsync("/api/v1/loyalty/offers", Requests.JsonBody(new
        {
            name = $"Welcome drink {Unique.Letters()[..6]}",
            description = "A drink on arrival",
            action = "goodwillGesture",
            cost = 0m,
            currency = "GBP",
        }))).ExpectAsync(HttpStatusCode.Created);

        var writes = new (string What, Task<HttpResponseMessage> Response)[]
        {
            ("edit", agent.PutAsync($"/api/v1/customers/{id}", Requests.JsonBody(new { name = "Back Again", kind = "external", type = "person" }))),
            ("contact point", agent.PostAsync($"/api/v1/customers/{id}/contact-points", Requests.JsonBody(new { type = "email", value = CustomerBuilder.UniqueEmail() }))),
            ("note", agent.PostAsync($"/api/v1/customers/{id}/notes", Requests.JsonBody(new { body = "Called again" }))),
            ("confidential", agent.PostAsync($"/api/v1/customers/{id}/confidential", Requests.JsonBody(new { label = "PIN", value = "1234", level = "organisation" }))),
            ("consent", agent.PostAsync($"/api/v1/customers/{id}/consents", Requests.JsonBody(new { purpose = "surveys", decision = "given", basis = "consent", source = "agent", wording = "You may ask me about your stay." }))),
            ("case", agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = id, title = "New matter" }))),
            ("business", agent.PostAsync($"/api/v1/customers/{id}/business", Requests.JsonBody(new { kind = "booking", amount = 10m, currency = "GBP", description = "Back again" }))),
            ("extra mile", agent.PostAsync($"/api/v1/customers/{id}/extra-mile", Requests.JsonBody(new { what = "Called them back" }))),
            ("offer", agent.PostAsync($"/api/v1/customers/{id}/offers/{offer.Id()}/grant", Requests.JsonBody(new { note = "Welcome back" }))),
        };

        foreach (var (what, response) in writes)
        {
            var answer = await response;
            Assert.True(answer.StatusCode == HttpStatusCode.Conflict, $"{what}: {(int)answer.StatusCode}");
            Assert.Contains("erased", (await answer.ExpectAsync(HttpStatusCode.Conflict)).Str("detail"), StringComparison.Ordinal);
        }

        var customer = await (await admin.GetAsync($"/api/v1/customers/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Erased customer", customer.Str("name"));
        Assert.Empty(customer["contactPoints"]!.AsArray());
        Assert.Equal(0, await app.WithDbAsync(db => db.CustomerNotes.CountAsync(n => n.CustomerId == Guid.Parse(id))));
        Assert.Equal(0, await app.WithDbAsync(db => db.Cases.CountAsync(c => c.CustomerId == Guid.Parse(id))));
        // Reading their loyalty works it out for the page but does not store a score erasure removed.
        await (await agent.GetAsync($"/api/v1/customers/{id}/loyalty")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(await app.WithDbAsync(db => db.Set<CustomerLoyalty>().AnyAsync(l => l.CustomerId == Guid.Parse(id))));
        Assert.False(await app.WithDbAsync(db => db.Set<LoyaltyAction>().AnyAsync(a => a.CustomerId == Guid.Parse(id))));
    }

    [Fact]
    public async Task A_message_from_the_old_address_starts_a_new_customer_and_does_not_reattach_to_the_erased_record()
    {
        var email = CustomerBuilder.UniqueEmail();
        var first = await Inbound.AnEmail(email).Subject("First").Text("My first question.").ReceiveAsync(admin);
        var erasedId = first.Str("customerId");
        await (await admin.PostAsync($"/api/v1/customers/{erasedId}/erase", Requests.JsonBody(new { reason = "ER-20" }))).ExpectAsync(HttpStatusCode.OK);
        var messagesBefore = await app.WithDbAsync(db => db.Messages.CountAsync(m => m.CustomerId == Guid.Parse(erasedId)));

        var again = await Inbound.AnEmail(email).Subject("Re: First").Text("It is me again.").ReceiveAsync(admin);
        var bySms = await Inbound.AnSms(CustomerBuilder.UniqueUkPhone()).Text("Other person").ReceiveAsync(admin);

        Assert.NotEqual(erasedId, again.Str("customerId"));
        Assert.NotEqual(first.ConversationId(), again.ConversationId());
        Assert.NotEqual(erasedId, bySms.Str("customerId"));
        Assert.Equal(messagesBefore, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.CustomerId == Guid.Parse(erasedId))));
        var fresh = await (await admin.GetAsync($"/api/v1/customers/{again.Str("customerId")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(fresh["contactPoints"]!.AsArray(), p => string.Equals(p!.Str("value"), email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_erased_name_is_found_by_no_search_and_kept_in_no_name_index()
    {
        var word = Unique.Letters().ToLowerInvariant();
        var id = (await Build.ACustomer().Named($"Gone {word}").CreateAsync(agent)).Id();
        Assert.Equal(1, await NameIndexEntriesAsync(word));

        await (await admin.PostAsync($"/api/v1/customers/{id}/erase", Requests.JsonBody(new { reason = "ER-22" }))).ExpectAsync(HttpStatusCode.OK);

        Assert.Empty((await (await admin.GetAsync($"/api/v1/customers?q={word}")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
        Assert.Equal(0, await NameIndexEntriesAsync(word));
    }

    /// <summary>How many entries of the customer name index hold this word.</summary>
    protected abstract Task<int> NameIndexEntriesAsync(string word);

    private async Task<string> AnErasedCustomerAsync(string email)
    {
        var id = (await Build.ACustomer().Named($"Gone {Unique.Letters()}").WithEmail(email).CreateAsync(agent)).Id();
        await (await admin.PostAsync($"/api/v1/customers/{id}/erase", Requests.JsonBody(new { reason = "ER-21" }))).ExpectAsync(HttpStatusCode.OK);
        return id;
    }
}

public sealed class ErasedRecordsTestsOnSqlite(SqliteRapportFactory app) : ErasedRecordsTests<SqliteRapportFactory>(app)
{
    protected override Task<int> NameIndexEntriesAsync(string word) => App.WithDbAsync(db => db.Database
        .SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM customer_fts WHERE customer_fts MATCH {0}", $"Name : \"{word}\"").SingleAsync());
}

public sealed class ErasedRecordsTestsOnPostgres(PostgresRapportFactory app) : ErasedRecordsTests<PostgresRapportFactory>(app)
{
    protected override Task<int> NameIndexEntriesAsync(string word) => App.WithDbAsync(db => db.Database
        .SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM customer_name_words WHERE \"Word\" = {0}", word).SingleAsync());
}
