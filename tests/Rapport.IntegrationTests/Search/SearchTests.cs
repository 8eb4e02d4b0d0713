using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;
using Rapport.Features.Search;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Search;

/// <summary>GET /api/v1/search over messages, customers and notes (SQLite FTS5, PostgreSQL tsvector), with marked snippets.</summary>
public abstract class SearchTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    protected TFactory App => app;

    /// <summary>A word no other test writes, so a search finds only what this test stored.</summary>
    private static string AWord() => "zq" + Guid.NewGuid().ToString("N")[..10];

    private async Task<JsonArray> SearchAsync(string query) =>
        (await (await agent.GetAsync($"/api/v1/search?{query}")).ExpectAsync(HttpStatusCode.OK)).AsArray();

    [Fact]
    public async Task Message_text_is_found_with_the_word_marked()
    {
        var word = AWord();
        var stored = await Inbound.AnEmail().Subject("Delivery").Text($"My {word} arrived broken, please send another.").ReceiveAsync(admin);

        var hit = Assert.Single(await SearchAsync($"q={word}"))!;

        Assert.Equal("message", hit.Str("kind"));
        Assert.Equal(stored.MessageId(), hit.Id());
        Assert.Equal(stored.ConversationId(), hit.Str("conversationId"));
        Assert.Equal(stored.CustomerId(), hit.Str("customerId"));
        Assert.Equal("Delivery", hit.Str("title"));
        Assert.Equal($"My <mark>{word}</mark> arrived broken, please send another.", hit.Str("snippet"));
    }

    [Fact]
    public async Task A_word_prefix_finds_the_message_and_marks_the_whole_word()
    {
        var word = AWord();
        await Inbound.AnSms(Inbound.UniqueInternationalPhone()).Text($"Call about {word}ing today").ReceiveAsync(admin);

        var hit = Assert.Single(await SearchAsync($"q={word[..10]}"))!;

        Assert.Contains($"<mark>{word}ing</mark>", hit.Str("snippet"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customer_names_are_found()
    {
        var word = AWord();
        var id = (await Build.ACustomer($"Wilhelmina {word}").CreateAsync(agent)).Id();

        var hit = Assert.Single(await SearchAsync($"q={word.ToUpperInvariant()}"))!;

        Assert.Equal("customer", hit.Str("kind"));
        Assert.Equal(id, hit.Id());
        Assert.Equal($"Wilhelmina <mark>{word}</mark>", hit.Str("snippet"));
    }

    [Fact]
    public async Task Customer_notes_and_conversation_notes_are_found()
    {
        var word = AWord();
        var customerId = (await Build.ACustomer().CreateAsync(agent)).Id();
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/notes", Requests.JsonBody(new { body = $"Prefers {word} deliveries" })))
            .ExpectAsync(HttpStatusCode.Created);
        var conversation = (await Inbound.AnEmail().ReceiveAsync(admin)).ConversationId();
        var note = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/notes", Requests.JsonBody(new { text = $"Checked the {word} stock" })))
            .ExpectAsync(HttpStatusCode.Created);

        var hits = await SearchAsync($"q={word}");

        var customerNote = Assert.Single(hits, h => h!.Str("kind") == "note")!;
        Assert.Equal(customerId, customerNote.Str("customerId"));
        Assert.Equal($"Prefers <mark>{word}</mark> deliveries", customerNote.Str("snippet"));
        var conversationNote = Assert.Single(hits, h => h!.Str("kind") == "message")!;
        Assert.Equal(note.Id(), conversationNote.Id());
    }

    [Fact]
    public async Task Every_word_of_the_query_must_match()
    {
        var (first, second) = (AWord(), AWord());
        var both = await Inbound.AnEmail().Text($"{first} and {second}").ReceiveAsync(admin);
        await Inbound.AnEmail().Text($"only {first}").ReceiveAsync(admin);

        var hit = Assert.Single(await SearchAsync($"q={first}+{second}"))!;

        Assert.Equal(both.MessageId(), hit.Id());
        Assert.Equal($"<mark>{first}</mark> and <mark>{second}</mark>", hit.Str("snippet"));
    }

    [Fact]
    public async Task Messages_come_newest_first_and_stop_at_the_limit()
    {
        var word = AWord();
        var stored = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            stored.Add((await Inbound.AnEmail().Text($"Parcel {word} number {i}").ReceiveAsync(admin)).MessageId());
        }

        var hits = await SearchAsync($"q={word}&limit=3");

        Assert.Equal(stored.AsEnumerable().Reverse().Take(3), hits.Select(h => h!.Id()));
    }

    [Fact]
    public async Task Whole_words_come_before_words_that_only_begin_with_them()
    {
        var word = AWord();
        var whole = await Inbound.AnEmail().Text($"The {word} came late").ReceiveAsync(admin);
        var longer = await Inbound.AnEmail().Text($"The {word}able one came later").ReceiveAsync(admin);

        Assert.Equal([whole.MessageId()], (await SearchAsync($"q={word}&limit=1")).Select(h => h!.Id()));
        Assert.Equal([whole.MessageId(), longer.MessageId()], (await SearchAsync($"q={word}")).Select(h => h!.Id()));
    }

    [Fact]
    public async Task Snippets_escape_the_html_of_the_message_and_mark_only_the_match()
    {
        var word = AWord();
        await Inbound.AnSms(Inbound.UniqueInternationalPhone()).Text($"<img src=x onerror=alert(1)> {word} & more").ReceiveAsync(admin);

        var hit = Assert.Single(await SearchAsync($"q={word}"))!;

        Assert.Equal($"&lt;img src=x onerror=alert(1)&gt; <mark>{word}</mark> &amp; more", hit.Str("snippet"));
    }

    [Fact]
    public async Task The_channel_filter_keeps_only_messages_on_that_channel()
    {
        var word = AWord();
        await Inbound.AnEmail().Text($"{word} by email").ReceiveAsync(admin);
        var sms = await Inbound.AnSms(Inbound.UniqueInternationalPhone()).Text($"{word} by sms").ReceiveAsync(admin);

        var hit = Assert.Single(await SearchAsync($"q={word}&channel=sms"))!;

        Assert.Equal(sms.MessageId(), hit.Id());
    }

    [Fact]
    public async Task The_status_agent_and_date_filters_keep_only_the_messages_that_pass_them()
    {
        var word = AWord();
        var open = await Inbound.AnEmail().Text($"{word} still waiting").ReceiveAsync(admin);
        var closed = await Inbound.AnEmail().Text($"{word} all sorted").ReceiveAsync(admin);
        await (await agent.PostAsync($"/api/v1/conversations/{closed.ConversationId()}/status", Requests.JsonBody(new { status = "closed" }))).ExpectAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var later = await Inbound.AnEmail().Text($"{word} on its way").ReceiveAsync(admin);
        var reply = Guid.Parse(later.MessageId());
        var author = Guid.NewGuid();
        await app.WithDbAsync(db => db.Messages.Where(m => m.Id == reply).ExecuteUpdateAsync(m => m.SetProperty(x => x.AuthorId, author)));
        var since = Uri.EscapeDataString(app.Clock.GetUtcNow().AddMinutes(-1).ToString("O"));

        Assert.Equal([closed.MessageId()], (await SearchAsync($"q={word}&status=closed")).Select(h => h!.Id()));
        Assert.Equal([reply.ToString()], (await SearchAsync($"q={word}&agentId={author}")).Select(h => h!.Id()));
        Assert.Equal([reply.ToString()], (await SearchAsync($"q={word}&from={since}")).Select(h => h!.Id()));
        Assert.Equal([closed.MessageId(), open.MessageId()], (await SearchAsync($"q={word}&to={since}")).Select(h => h!.Id()));
        Assert.Equal(3, (await SearchAsync($"q={word}")).Count);
    }

    [Fact]
    public async Task Search_syntax_typed_by_a_user_is_taken_as_words()
    {
        var word = AWord();
        await Inbound.AnEmail().Text($"refund {word} please").ReceiveAsync(admin);

        var hits = await SearchAsync($"q={Uri.EscapeDataString($"\"{word}\" OR (refund*) NEAR:")}");

        Assert.Empty(hits); // every word must match, and "or"/"near" are not in the message
        Assert.Single(await SearchAsync($"q={Uri.EscapeDataString($"\"{word}\" (refund*)")}"));
    }

    [Theory]
    [InlineData("q=", "q")]
    [InlineData("q=%20%20", "q")]
    [InlineData("q=refund&limit=0", "limit")]
    [InlineData("q=refund&limit=51", "limit")]
    [InlineData("q=refund&channel=pigeon", "channel")]
    public async Task A_bad_search_is_a_400_naming_the_parameter(string query, string field)
    {
        await (await agent.GetAsync($"/api/v1/search?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }
}

public sealed class SearchTestsOnSqlite(SqliteRapportFactory app) : SearchTests<SqliteRapportFactory>(app);

public sealed class SearchTestsOnPostgres(PostgresRapportFactory app) : SearchTests<PostgresRapportFactory>(app)
{
    /// <summary>
    /// PostgreSQL's planner guesses the same for a rare word and a common one it has no statistics for, and with a LIMIT
    /// walks every message for a rare one; so the search asks the statistics which words are common and picks the plan
    /// (SearchService.CommonOnPostgresAsync), read once and kept for minutes. Both plans must give the same, newest-first hits.
    /// </summary>
    [Fact]
    public async Task Common_and_rare_words_are_told_apart_by_the_statistics_and_both_plans_find_newest_first()
    {
        var admin = App.ClientAs(Roles.Administrator);
        var common = "zc" + Guid.NewGuid().ToString("N")[..8];
        var rare = "zr" + Guid.NewGuid().ToString("N")[..8];
        var stored = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var text = i == 20 ? $"About {common} and {rare}" : $"About {common} number {i}";
            stored.Add((await Inbound.AnEmail().Subject("Plans").Text(text).ReceiveAsync(admin)).MessageId());
        }

        // A second common word that stands beside the first in one message only: the newest messages read in key order
        // hold less than a page of both, so the index is asked for the rest and finds the same message again.
        var other = "zo" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 30; i++)
        {
            await Inbound.AnEmail().Subject("Plans").Text($"Regarding {other} item {i}").ReceiveAsync(admin);
        }

        var both = (await Inbound.AnEmail().Subject("Plans").Text($"Both {common} and {other}").ReceiveAsync(admin)).MessageId();
        stored.Add(both);

        await using var scope = App.Services.CreateAsyncScope();
        var search = scope.ServiceProvider.GetRequiredService<SearchService>();
        Assert.False(await IsCommonAsync(search, [common], true)); // not analysed yet; and the statistics are now kept
        // Ten most common words kept (a statistics target of 1): the 40-message word is one.
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE messages ALTER COLUMN search_vector SET STATISTICS 1; ANALYZE messages"));
        try
        {
            Assert.False(await IsCommonAsync(search, [common], true)); // read minutes ago, not on every search
            App.Clock.Advance(SearchVectorStatistics.KeptFor);
            Assert.True(await IsCommonAsync(search, [common], true));
            Assert.True(await IsCommonAsync(search, [common[..6]], false));
            // A word in no message is never among the most common; one in a single message may tie into the few kept at this
            // statistics target, so the rare plan is asserted with a word the statistics cannot list.
            var unseen = "zu" + Guid.NewGuid().ToString("N")[..8];
            Assert.False(await IsCommonAsync(search, [unseen], true));
            Assert.False(await IsCommonAsync(search, [common, unseen], true));

            var agent = App.ClientAs(Roles.Agent);
            var all = (await (await agent.GetAsync($"/api/v1/search?q={common}&limit=50")).ExpectAsync(HttpStatusCode.OK)).AsArray();
            Assert.Equal(Enumerable.Reverse(stored), all.Select(h => h!.Id()));
            var one = (await (await agent.GetAsync($"/api/v1/search?q={rare}+{common}")).ExpectAsync(HttpStatusCode.OK)).AsArray();
            Assert.Equal(stored[20], Assert.Single(one)!.Id());
            Assert.True(await IsCommonAsync(search, [common, other], true));
            var together = (await (await agent.GetAsync($"/api/v1/search?q={other}+{common}")).ExpectAsync(HttpStatusCode.OK)).AsArray();
            Assert.Equal(both, Assert.Single(together)!.Id());
        }
        finally
        {
            await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE messages ALTER COLUMN search_vector SET STATISTICS -1; ANALYZE messages"));
            App.Services.GetRequiredService<SearchVectorStatistics>().Forget();
        }
    }

    /// <summary>
    /// Customers and customer notes are planned the same way: a word their statistics call common is read in table order,
    /// anything rarer comes from the GIN index first (a note no word of which is among the notes' most common ones was
    /// found by reading every note). Both ways find the same customers and notes.
    /// </summary>
    [Fact]
    public async Task Customers_and_notes_are_found_whether_their_words_are_common_or_rare()
    {
        var agent = App.ClientAs(Roles.Agent);
        var common = "zn" + Guid.NewGuid().ToString("N")[..8];
        var rare = "zs" + Guid.NewGuid().ToString("N")[..8];
        var customer = (await Build.ACustomer($"Ottoline {rare}").CreateAsync(agent)).Id();
        for (var i = 0; i < 30; i++)
        {
            var body = i == 7 ? $"Prefers {common} with {rare}" : $"Prefers {common} number {i}";
            await (await agent.PostAsync($"/api/v1/customers/{customer}/notes", Requests.JsonBody(new { body })))
                .ExpectAsync(HttpStatusCode.Created);
        }

        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "ALTER TABLE customer_notes ALTER COLUMN search_vector SET STATISTICS 1; ANALYZE customer_notes; ANALYZE customers"));
        App.Services.GetRequiredService<SearchVectorStatistics>().Forget();
        try
        {
            await using var scope = App.Services.CreateAsyncScope();
            var search = scope.ServiceProvider.GetRequiredService<SearchService>();
            var tables = new[] { "customers", "customer_notes" };
            Assert.Contains("customer_notes", await search.CommonOnPostgresAsync([common], false, tables, CancellationToken.None));
            Assert.DoesNotContain("customer_notes",
                await search.CommonOnPostgresAsync(["zu" + Guid.NewGuid().ToString("N")[..8]], false, tables, CancellationToken.None));

            var both = (await (await agent.GetAsync($"/api/v1/search?q={rare}")).ExpectAsync(HttpStatusCode.OK)).AsArray();
            Assert.Equal(["customer", "note"], both.Select(h => h!.Str("kind")).Order());
            Assert.Equal(customer, both.Single(h => h!.Str("kind") == "customer")!.Id());
            Assert.Contains($"<mark>{rare}</mark>", both.Single(h => h!.Str("kind") == "note")!.Str("snippet"), StringComparison.Ordinal);
            var notes = (await (await agent.GetAsync($"/api/v1/search?q={common}&limit=50")).ExpectAsync(HttpStatusCode.OK)).AsArray();
            Assert.Equal(30, notes.Count(h => h!.Str("kind") == "note"));
        }
        finally
        {
            await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
                "ALTER TABLE customer_notes ALTER COLUMN search_vector SET STATISTICS -1; ANALYZE customer_notes"));
            App.Services.GetRequiredService<SearchVectorStatistics>().Forget();
        }
    }

    private static async Task<bool> IsCommonAsync(SearchService search, List<string> words, bool wholeWords) =>
        (await search.CommonOnPostgresAsync(words, wholeWords, ["messages"], CancellationToken.None)).Contains("messages");
}
