using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Customers;

public abstract class MergeTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private async Task<string> NoteAsync(string id, string body)
    {
        await (await agent.PostAsync($"/api/v1/customers/{id}/notes", Requests.JsonBody(new { body }))).ExpectAsync(HttpStatusCode.Created);
        return body;
    }

    private async Task<List<JsonElement>> HistoryAsync(string id)
    {
        var page = await (await agent.GetAsync($"/api/v1/customers/{id}/history?limit=200")).ExpectAsync(HttpStatusCode.OK);
        return JsonDocument.Parse(page["items"]!.ToJsonString()).RootElement.EnumerateArray().ToList();
    }

    private Task<HttpResponseMessage> MergeAsync(string survivor, string duplicate) =>
        agent.PostAsync($"/api/v1/customers/{survivor}/merge", Requests.JsonBody(new { duplicateId = duplicate, reason = "same person" }));

    [Fact]
    public async Task Merge_keeps_every_contact_point_note_and_history_entry_of_both()
    {
        var survivorPhone = CustomerBuilder.UniqueUkPhone();
        var survivor = (await Build.ACustomer("Ada Lovelace").WithEmail(CustomerBuilder.UniqueEmail("ada")).WithPhone(survivorPhone).CreateAsync(agent)).Id();
        var duplicate = (await Build.ACustomer("A. Lovelace").WithEmail(CustomerBuilder.UniqueEmail("lovelace"))
            .WithPhone(survivorPhone).WithHandle("@ada_l", "instagram").WithAddress("12 St James's Square\nLondon").CreateAsync(agent)).Id();
        var notes = new[] { await NoteAsync(survivor, "Asked about the engine"), await NoteAsync(duplicate, "Prefers letters"), await NoteAsync(duplicate, "Sent brochure") };
        await (await agent.PutAsync($"/api/v1/customers/{duplicate}", Requests.JsonBody(new { name = "Augusta Ada Lovelace", kind = "external", type = "person" })))
            .ExpectAsync(HttpStatusCode.OK);
        var survivorPoints = (await (await agent.GetAsync($"/api/v1/customers/{survivor}")).ExpectAsync(HttpStatusCode.OK))["contactPoints"]!.AsArray().Select(p => p!.Str("normalized"));
        var duplicatePoints = (await (await agent.GetAsync($"/api/v1/customers/{duplicate}")).ExpectAsync(HttpStatusCode.OK))["contactPoints"]!.AsArray().Select(p => p!.Str("normalized"));
        var historyBefore = (await HistoryAsync(survivor)).Concat(await HistoryAsync(duplicate)).Select(e => e.GetProperty("sequence").GetInt64()).ToList();

        var merged = await (await MergeAsync(survivor, duplicate)).ExpectAsync(HttpStatusCode.OK);

        var points = merged["contactPoints"]!.AsArray().Select(p => p!.Str("normalized")).ToList();
        Assert.Equal(survivorPoints.Union(duplicatePoints).Order(), points.Order());
        Assert.Equal(5, points.Count); // two emails, the shared phone once, the handle, the address
        var mergedNotes = await (await agent.GetAsync($"/api/v1/customers/{survivor}/notes")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(notes.Order(), mergedNotes.AsArray().Select(n => n!.Str("body")).Order());
        var history = await HistoryAsync(survivor);
        var sequences = history.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.All(historyBefore, s => Assert.Contains(s, sequences));
        Assert.Contains(history, e => e.GetProperty("subjectId").GetString() == duplicate && e.GetProperty("action").GetString() == "customer.updated");
        Assert.Contains(history, e => e.GetProperty("action").GetString() == "customer.merged" && e.GetProperty("reason").GetString() == "same person");
    }

    [Fact]
    public async Task The_merged_away_id_answers_308_to_the_survivor()
    {
        var survivor = (await Build.ACustomer("Charles Babbage").CreateAsync(agent)).Id();
        var duplicate = (await Build.ACustomer("C. Babbage").CreateAsync(agent)).Id();
        await (await MergeAsync(survivor, duplicate)).ExpectAsync(HttpStatusCode.OK);

        var response = await agent.GetAsync($"/api/v1/customers/{duplicate}");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"/api/v1/customers/{survivor}", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_merged_away_customer_leaves_the_list_and_cannot_be_changed()
    {
        var tag = "zm" + Guid.NewGuid().ToString("N")[..8];
        var survivor = (await Build.ACustomer($"{tag} survivor").CreateAsync(agent)).Id();
        var duplicate = (await Build.ACustomer($"{tag} duplicate").CreateAsync(agent)).Id();
        await (await MergeAsync(survivor, duplicate)).ExpectAsync(HttpStatusCode.OK);

        var list = await (await agent.GetAsync($"/api/v1/customers?q={tag}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([survivor], list["items"]!.AsArray().Select(i => i!.Id()));
        await (await agent.PostAsync($"/api/v1/customers/{duplicate}/notes", Requests.JsonBody(new { body = "late note" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await MergeAsync(survivor, duplicate)).ExpectProblemAsync(HttpStatusCode.BadRequest, "duplicateId");
    }

    [Fact]
    public async Task A_customer_cannot_be_merged_into_itself_or_with_an_unknown_one()
    {
        var id = (await Build.ACustomer().CreateAsync(agent)).Id();
        var before = await Counts.OfAsync(app);

        await (await MergeAsync(id, id)).ExpectProblemAsync(HttpStatusCode.BadRequest, "duplicateId");
        await (await MergeAsync(id, Guid.NewGuid().ToString())).ExpectProblemAsync(HttpStatusCode.BadRequest, "duplicateId");
        await (await MergeAsync(Guid.NewGuid().ToString(), id)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await Counts.OfAsync(app));
    }

    [Fact]
    public async Task Merging_a_survivor_again_redirects_earlier_merges_to_the_final_record()
    {
        var first = (await Build.ACustomer("Record One").CreateAsync(agent)).Id();
        var second = (await Build.ACustomer("Record Two").CreateAsync(agent)).Id();
        var final = (await Build.ACustomer("Record Final").CreateAsync(agent)).Id();
        await (await MergeAsync(second, first)).ExpectAsync(HttpStatusCode.OK);
        await (await MergeAsync(final, second)).ExpectAsync(HttpStatusCode.OK);

        var response = await agent.GetAsync($"/api/v1/customers/{first}");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"/api/v1/customers/{final}", response.Headers.Location?.ToString());
        var history = await HistoryAsync(final);
        Assert.Contains(history, e => e.GetProperty("subjectId").GetString() == first);
    }
}

public sealed class MergeTestsOnSqlite(SqliteRapportFactory app) : MergeTests<SqliteRapportFactory>(app);

public sealed class MergeTestsOnPostgres(PostgresRapportFactory app) : MergeTests<PostgresRapportFactory>(app);
