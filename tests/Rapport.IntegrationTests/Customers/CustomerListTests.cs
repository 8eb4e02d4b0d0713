using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Customers;

public abstract class CustomerListTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    protected TFactory App => app;

    private static string Tag() => "zq" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The ids of every customer a name search lists, page after page.</summary>
    protected async Task<List<string>> FoundAsync(string q) => (await WalkAsync($"&q={Uri.EscapeDataString(q)}", 50)).Select(c => c.Id()).ToList();

    private async Task<List<JsonNode>> WalkAsync(string query, int limit)
    {
        var client = app.ClientAs(Roles.Agent);
        var items = new List<JsonNode>();
        string? next = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/customers?limit={limit}{query}" + (next is null ? "" : $"&after={Uri.EscapeDataString(next)}");
            var page = await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            var batch = page["items"]!.AsArray().Select(i => i!).ToList();
            Assert.True(batch.Count <= limit, $"A page has at most {limit} items.");
            items.AddRange(batch);
            next = page["next"]?.GetValue<string>();
            Assert.True(++pages < 1000, "Paging does not end.");
        }
        while (next is not null);

        return items;
    }

    [Fact]
    public async Task Paging_with_limit_and_next_walks_every_customer_exactly_once_in_name_order()
    {
        var tag = Tag();
        var client = app.ClientAs(Roles.Agent);
        var names = new[] { "delta", "alpha", "echo", "charlie", "bravo", "golf", "foxtrot" }.Select(n => $"{tag} {n}").ToList();
        foreach (var name in names)
        {
            await Build.ACustomer(name).CreateAsync(client);
        }

        var walked = await WalkAsync($"&q={tag}", limit: 3);

        Assert.Equal(names.Order(StringComparer.Ordinal), walked.Select(c => c.Str("name")));
    }

    [Fact]
    public async Task Paging_the_whole_list_never_repeats_or_skips_a_customer()
    {
        var client = app.ClientAs(Roles.Agent);
        var mine = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add((await Build.ACustomer($"{Tag()} whole list").CreateAsync(client)).Id());
        }

        var walked = (await WalkAsync("", limit: 2)).Select(c => c.Id()).ToList();
        var total = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Customers));

        Assert.Equal(walked.Count, walked.Distinct().Count());
        Assert.Equal(total, walked.Count);
        Assert.All(mine, id => Assert.Contains(id, walked));
    }

    [Fact]
    public async Task Customers_with_the_same_name_page_in_a_stable_order()
    {
        var name = $"{Tag()} same name";
        var client = app.ClientAs(Roles.Agent);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Build.ACustomer(name).CreateAsync(client)).Id());
        }

        var walked = await WalkAsync($"&q={Uri.EscapeDataString(name)}", limit: 2);

        Assert.Equal(ids.Order(), walked.Select(c => c.Id()).Order());
        Assert.Equal(5, walked.Select(c => c.Id()).Distinct().Count());
    }

    [Fact]
    public async Task Filter_by_kind_returns_only_that_kind()
    {
        var tag = Tag();
        var client = app.ClientAs(Roles.Agent);
        await Build.ACustomer($"{tag} contractor").OfKind("contractor").CreateAsync(client);
        await Build.ACustomer($"{tag} external").OfKind("external").CreateAsync(client);
        await Build.ACustomer($"{tag} other company").OfKind("otherCompany").Organisation().CreateAsync(client);

        var contractors = await WalkAsync($"&q={tag}&kind=contractor", 50);
        var companies = await WalkAsync($"&q={tag}&kind=OtherCompany", 50);

        Assert.Equal([$"{tag} contractor"], contractors.Select(c => c.Str("name")));
        Assert.Equal([$"{tag} other company"], companies.Select(c => c.Str("name")));
        Assert.Equal("otherCompany", companies[0].Str("kind"));
    }

    [Fact]
    public async Task Search_finds_a_customer_by_name_email_or_phone()
    {
        var tag = Tag();
        var email = CustomerBuilder.UniqueEmail(tag);
        var phone = CustomerBuilder.UniqueUkPhone();
        var client = app.ClientAs(Roles.Agent);
        var id = (await Build.ACustomer($"Hedy {tag} Lamarr").WithEmail(email).WithPhone(phone).CreateAsync(client)).Id();

        foreach (var q in new[] { $"{tag} lamarr", tag.ToUpperInvariant(), email.ToUpperInvariant(), phone, "+44" + phone[1..].Replace(" ", "", StringComparison.Ordinal) })
        {
            var found = await WalkAsync($"&q={Uri.EscapeDataString(q)}", 50);
            Assert.True(found.Count == 1 && found[0].Id() == id, $"Searching '{q}' found {found.Count} customers.");
        }
    }

    [Fact]
    public async Task Name_search_matches_the_start_of_each_word_in_any_order_and_any_case()
    {
        var tag = Tag();
        var client = app.ClientAs(Roles.Agent);
        var hedy = (await Build.ACustomer($"Hedy {tag} Lamarr").CreateAsync(client)).Id();
        var ada = (await Build.ACustomer($"Ada {tag} Lovelace").CreateAsync(client)).Id();

        Assert.Equal([hedy], await FoundAsync($"lam {tag}"));
        Assert.Equal([hedy], await FoundAsync($"{tag.ToUpperInvariant()} HEDY"));
        Assert.Equal(new[] { ada, hedy }.Order(), (await FoundAsync(tag)).Order());
        Assert.Empty(await FoundAsync($"{tag} amarr"));
        Assert.Empty(await FoundAsync($"{tag} lamarrs"));
    }

    [Fact]
    public async Task Name_search_keeps_accents_and_punctuation_as_typed_and_ignores_the_organisation()
    {
        var tag = Tag();
        var client = app.ClientAs(Roles.Agent);
        var zoe = (await Build.ACustomer($"Zoë {tag} O'Brien").CreateAsync(client)).Id();
        var employee = (await Build.ACustomer($"{tag} person").WorksFor($"Zoë {tag} O'Brien Ltd").CreateAsync(client)).Id();

        Assert.Equal([zoe], await FoundAsync($"ZOË {tag}"));
        Assert.Equal([zoe], await FoundAsync($"{tag} o'brien"));
        Assert.Equal([zoe], await FoundAsync($"{tag} o'b"));
        Assert.Empty(await FoundAsync($"zoe {tag}"));
        Assert.Equal([employee], await FoundAsync($"{tag} person"));
        Assert.Empty(await FoundAsync($"{tag} \"o'brien OR"));
    }

    [Fact]
    public async Task The_summary_shows_the_first_email_and_phone()
    {
        var tag = Tag();
        var email = CustomerBuilder.UniqueEmail(tag);
        await Build.ACustomer($"{tag} summary").WithEmail(email).WithPhone("020 7946 0018").CreateAsync(app.ClientAs(Roles.Agent));

        var item = (await WalkAsync($"&q={tag}", 50)).Single();

        Assert.Equal(email, item.Str("primaryEmail"));
        Assert.Equal("+44 20 7946 0018", item.Str("primaryPhone"));
    }

    [Fact]
    public async Task The_summary_keeps_showing_the_first_email_added_when_more_are_added()
    {
        var tag = Tag();
        var client = app.ClientAs(Roles.Agent);
        var first = CustomerBuilder.UniqueEmail(tag);
        var id = (await Build.ACustomer($"{tag} several").WithEmail(first).CreateAsync(client)).Id();
        foreach (var value in new[] { "a" + CustomerBuilder.UniqueEmail(tag), "+44 20 7946 0019", "0" + CustomerBuilder.UniqueEmail(tag) })
        {
            var type = value.StartsWith('+') ? "phone" : "email";
            await (await client.PostAsync($"/api/v1/customers/{id}/contact-points", Requests.JsonBody(new { type, value })))
                .ExpectAsync(HttpStatusCode.Created);
        }

        var item = (await WalkAsync($"&q={tag}", 50)).Single();

        Assert.Equal(first, item.Str("primaryEmail"));
        Assert.Equal("+44 20 7946 0019", item.Str("primaryPhone"));
    }

    /// <summary>
    /// The first page may be kept in memory (SQLite, <c>CustomerListCache</c>): a customer created, given an email, or
    /// deleted shows on the very next first page read, after one was read just before.
    /// </summary>
    [Fact]
    public async Task The_first_page_shows_each_write_at_once()
    {
        var client = app.ClientAs(Roles.Agent);
        async Task<JsonArray> FirstPage() =>
            (await (await client.GetAsync("/api/v1/customers?limit=100")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        async Task<JsonNode?> OnFirstPage(string id) => (await FirstPage()).FirstOrDefault(i => i!.Id() == id);

        var name = $"0000 {Tag()} first page";
        await FirstPage();
        var id = (await Build.ACustomer(name).CreateAsync(client)).Id();
        Assert.Equal(name, (await OnFirstPage(id))?.Str("name"));

        var email = CustomerBuilder.UniqueEmail("first-page");
        await (await client.PostAsync($"/api/v1/customers/{id}/contact-points", Requests.JsonBody(new { type = "email", value = email })))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(email, (await OnFirstPage(id))?.Str("primaryEmail"));

        await (await app.ClientAs(Roles.Supervisor).DeleteAsync($"/api/v1/customers/{id}?reason=first%20page%20test")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Null(await OnFirstPage(id));
    }
}

public sealed class CustomerListTestsOnSqlite(SqliteRapportFactory app) : CustomerListTests<SqliteRapportFactory>(app)
{
    /// <summary>
    /// Every row of the list shows its customer's first email and phone: both are read from the contact points' index
    /// alone, with no sort per row (it was two temporary B-trees per row, most of the page's SQL time).
    /// </summary>
    [Fact]
    public async Task The_list_reads_each_rows_first_email_and_phone_from_the_index_alone()
    {
        var plan = await App.WithDbAsync(async db =>
        {
            var sql = db.Customers.Where(c => c.MergedIntoId == null).OrderBy(c => c.NameNormalized).ThenBy(c => c.Id).Take(51)
                .Select(Rapport.Features.Customers.CustomerQueries.SummaryOf).ToQueryString();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            // ToQueryString gives the parameters as the sqlite3 shell's ".param set NAME VALUE" lines before the statement.
            var lines = sql.Split('\n');
            foreach (var set in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)).Select(l => l.Split(' ')))
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = set[2];
                parameter.Value = long.Parse(set[3], System.Globalization.CultureInfo.InvariantCulture);
                command.Parameters.Add(parameter);
            }

            command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
            var details = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                details.Add(reader.GetString(3));
            }

            return details;
        });

        Assert.Equal(2, plan.Count(d => d.Contains("USING COVERING INDEX ix_contact_points_by_customer (CustomerId=? AND Type=?)", StringComparison.Ordinal)));
        Assert.DoesNotContain(plan, d => d.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    /// <summary>
    /// The name index keeps lists of word starts of one to four characters (FTS5 prefix indexes: a common start such as
    /// "and" is read as far as needed instead of merged whole), and those lists follow a create, a rename and a delete:
    /// FTS5's own integrity check compares every list, the prefix ones included, with the names in the table.
    /// </summary>
    [Fact]
    public async Task The_name_index_keeps_short_word_starts_and_they_follow_a_rename_and_a_delete()
    {
        var client = App.ClientAs(Roles.Agent);
        var before = "zq" + Unique.Letters().ToLowerInvariant()[..8];
        var after = "zw" + Unique.Letters().ToLowerInvariant()[..8];
        var id = (await Build.ACustomer($"Andrea {before} and Sons").CreateAsync(client)).Id();

        Assert.Contains("prefix='1 2 3 4'", await App.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE name = 'customer_fts'").SingleAsync()), StringComparison.Ordinal);
        Assert.Equal([id], await FoundAsync($"an {before[..4]} s"));
        Assert.Equal([id], await FoundAsync($"{before} and sons andrea"));
        await IntactAsync();

        await (await client.PutAsync($"/api/v1/customers/{id}", Requests.JsonBody(new { name = $"Andrea {after}", kind = "external", type = "person" })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(await FoundAsync($"{before[..4]} an"));
        Assert.Equal([id], await FoundAsync($"{after[..3]} andr"));
        Assert.Empty(await FoundAsync($"{after} sons"));
        await IntactAsync();

        await (await App.ClientAs(Roles.Supervisor).DeleteAsync($"/api/v1/customers/{id}?reason=name%20prefix%20test")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Empty(await FoundAsync($"{after[..4]} a"));
        await IntactAsync();

        // Raises SQLITE_CORRUPT_VTAB ("database disk image is malformed") when a list differs from the table.
        Task IntactAsync() => App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("INSERT INTO customer_fts(customer_fts, rank) VALUES ('integrity-check', 1)"));
    }
}

public sealed class CustomerListTestsOnPostgres(PostgresRapportFactory app) : CustomerListTests<PostgresRapportFactory>(app)
{
    /// <summary>
    /// A name search reads the range of the rarest word start in <c>customer_name_words</c> (by the statistics' shares)
    /// and checks the other words against the name kept in the same entries.
    /// </summary>
    [Fact]
    public async Task The_rarest_word_start_is_read_and_the_other_words_are_checked_in_its_entries()
    {
        var client = App.ClientAs(Roles.Agent);
        var common = "zc" + Guid.NewGuid().ToString("N")[..8];
        var rare = "zr" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 30; i++)
        {
            await Build.ACustomer($"Harbour {common} {i}").CreateAsync(client);
        }

        var both = Guid.Parse((await Build.ACustomer($"{rare} {common} Ltd").CreateAsync(client)).Id());
        var rareOnly = Guid.Parse((await Build.ACustomer($"O'{rare} Partners").CreateAsync(client)).Id());
        // Ten most common words kept (a statistics target of 1): the 31-name word is one.
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE customers ALTER COLUMN search_vector SET STATISTICS 1; ANALYZE customers"));
        var statistics = App.Services.GetRequiredService<SearchVectorStatistics>();
        statistics.Forget();
        try
        {
            await using (var scope = App.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
                var words = await statistics.OfAsync(db, "customers", CancellationToken.None);
                Assert.True(words!.Lists(common, wholeWord: true));
                Assert.Equal([rare, common], CustomerNameSearch.Ranked([common, rare], words));

                async Task<List<Guid>> Read(string q, params string[] ranked) =>
                    await CustomerNameSearch.OnPostgres(db, CustomerNameSearch.Words(q), ranked).ToListAsync();
                // The rare start's range holds both of its names; the common word is checked in its entries.
                Assert.Equal([both], await Read($"{rare} {common}", rare, common));
                Assert.Equal(new[] { both, rareOnly }.Order(), (await Read(rare[..6], rare[..6])).Order());
                // Read by the common start instead, the same answer from 31 entries.
                Assert.Equal([both], await Read($"{rare} {common}", common, rare));
                // A start the node did not rank (here all but "o") is read first; a word as typed still has to be in the name.
                Assert.Equal([rareOnly], await Read($"o'{rare[..6]}", "o"));
                Assert.Empty(await Read($"{rare} 100%", rare));
            }

            async Task<List<Guid>> Found(string q) => (await FoundAsync(q)).Select(Guid.Parse).ToList();
            Assert.Equal([both], await Found($"{rare} {common}"));
            Assert.Equal([both], await Found($"{common[..5]} {rare[..6]}"));
            Assert.Equal(new[] { both, rareOnly }.Order(), (await Found(rare)).Order());
            Assert.Equal(31, (await Found(common)).Count);
        }
        finally
        {
            await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE customers ALTER COLUMN search_vector SET STATISTICS -1; ANALYZE customers"));
            statistics.Forget();
        }
    }

    /// <summary>The name words follow every change of a name: created, renamed, deleted (a trigger keeps them).</summary>
    [Fact]
    public async Task The_name_words_follow_a_rename_and_a_delete()
    {
        var client = App.ClientAs(Roles.Agent);
        var before = "zb" + Guid.NewGuid().ToString("N")[..8];
        var after = "za" + Guid.NewGuid().ToString("N")[..8];
        var id = (await Build.ACustomer($"Jean-Luc {before}").CreateAsync(client)).Id();

        async Task<List<string>> Words() => await App.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT \"Word\" AS \"Value\" FROM customer_name_words WHERE \"CustomerId\" = {0} ORDER BY 1", Guid.Parse(id)).ToListAsync());

        Assert.Equal(new[] { before, "jean", "jean-luc", "luc" }.Order(StringComparer.Ordinal), await Words());
        Assert.Equal([id], await FoundAsync($"jean-l {before[..6]}"));

        await (await client.PutAsync($"/api/v1/customers/{id}", Requests.JsonBody(new { name = $"Jean-Luc {after}", kind = "external", type = "person" })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { after, "jean", "jean-luc", "luc" }.Order(StringComparer.Ordinal), await Words());
        Assert.Empty(await FoundAsync(before));
        Assert.Equal([id], await FoundAsync($"luc {after}"));

        await (await App.ClientAs(Roles.Supervisor).DeleteAsync($"/api/v1/customers/{id}?reason=name%20words%20test")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Empty(await Words());
        Assert.Empty(await FoundAsync(after));
    }
}
