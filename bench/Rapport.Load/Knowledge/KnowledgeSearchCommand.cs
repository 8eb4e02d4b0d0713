using System.CommandLine;
using System.Diagnostics;
using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;
using Rapport.Features.Knowledge;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Time;

namespace Rapport.Load.Knowledge;

/// <summary>
/// `knowledge`: fills a migrated database with N knowledge-base articles (travel products and services, made with Bogus
/// from a fixed seed) and times the composer's search — the app's own KnowledgeQueries.ListAsync: ranked full-text
/// query, the rows, owner names, link counts and snippets — for one to four words, one query at a time.
/// </summary>
internal static class KnowledgeSearchCommand
{
    private static readonly string[] Products =
    [
        "late checkout", "early check-in", "airport transfer", "city tour", "spa day", "family room", "accessible room", "pet stay", "ski pass",
        "ferry crossing", "car hire", "travel insurance", "package holiday", "cruise cabin", "wedding package", "gift voucher", "loyalty points",
        "breakfast", "half board", "all inclusive", "room upgrade", "parking", "luggage storage", "bike rental", "guided walk", "boat trip",
        "cooking class", "wine tasting", "kids club", "cot", "extra bed", "sea view", "balcony room", "suite", "group booking", "business lounge",
    ];

    private static readonly string[] Aspects =
    [
        "prices", "cancellation", "refund", "changes", "availability", "what is included", "limits", "alternatives", "booking", "payment",
        "deposit", "opening hours", "age limits", "accessibility", "dogs", "delays", "weather", "confirmation", "vouchers", "discounts",
    ];

    private static readonly string[] Words =
    [
        "guest", "booking", "night", "hotel", "reception", "flight", "driver", "arrival", "departure", "deposit", "refund", "voucher", "supplier",
        "weekend", "season", "children", "adults", "room", "towels", "breakfast", "dinner", "shuttle", "station", "harbour", "hills", "terrace",
        "pool", "garden", "wifi", "laundry", "concierge", "manager", "invoice", "card", "cash", "confirmation", "email", "phone", "luggage",
        "passport", "visa", "insurance", "delay", "storm", "closure", "upgrade", "discount", "points", "member", "gold", "silver", "partner",
    ];

    public static Command Create()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgresql.", Required = true };
        provider.AcceptOnlyFromAmong("sqlite", "postgresql");
        var connection = new Option<string>("--connection") { Description = "Connection string of a fresh database.", Required = true };
        var articles = new Option<int>("--articles") { Description = "Articles to write.", DefaultValueFactory = _ => 10_000 };
        var queries = new Option<int>("--queries") { Description = "Searches to time.", DefaultValueFactory = _ => 2_000 };
        var take = new Option<int>("--take") { Description = "Hits per search (the composer asks for 5, the page for 50).", DefaultValueFactory = _ => 5 };
        var command = new Command("knowledge", "Benchmark knowledge-base search at scale.") { provider, connection, articles, queries, take };
        command.SetAction(async (pr, ct) =>
        {
            var p = pr.GetValue(provider) == "postgresql" ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
            await RunAsync(p, pr.GetValue(connection)!, pr.GetValue(articles), pr.GetValue(queries), pr.GetValue(take), ct);
        });
        return command;
    }

    private static async Task RunAsync(DatabaseProvider provider, string connectionString, int count, int queries, int take, CancellationToken ct)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.Section}:Provider"] = provider.ToString(),
            [$"{DatabaseOptions.Section}:ConnectionString"] = connectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddRapportTime().AddRapportData(configuration);
        await using var sp = services.BuildServiceProvider();
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await db.MigrateAsync(ct);

        var fill = Stopwatch.StartNew();
        var existing = await db.KnowledgeArticles.CountAsync(ct);
        if (existing < count)
        {
            await FillAsync(db, count - existing, ct);
            await db.Database.ExecuteSqlRawAsync(db.IsPostgres ? "ANALYZE knowledge_articles" : "ANALYZE", ct);
        }

        Console.WriteLine($"{provider}: {await db.KnowledgeArticles.CountAsync(ct):N0} articles ready in {fill.Elapsed.TotalSeconds:F0} s");
        var search = new KnowledgeQueries(db, new KnowledgeSearch(db), TimeProvider.System);
        var viewer = new Viewer(Guid.Empty, SeesAll: true);
        var faker = new Faker { Random = new Randomizer(7) };
        foreach (var words in new[] { 1, 2, 3, 4 })
        {
            var texts = Enumerable.Range(0, queries).Select(_ => Query(faker, words)).ToList();
            foreach (var t in texts.Take(50))
            {
                await search.ListAsync(new ArticleFilter(t), viewer, take, ct); // warm
            }

            var times = new List<double>(queries);
            var hits = 0;
            foreach (var t in texts)
            {
                var sw = Stopwatch.StartNew();
                hits += (await search.ListAsync(new ArticleFilter(t), viewer, take, ct))!.Count;
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
            Console.WriteLine($"{words} word(s), {queries} searches, take {take}: p50 {P(0.50):F2} ms · p95 {P(0.95):F2} ms · p99 {P(0.99):F2} ms · max {times[^1]:F2} ms · {hits / (double)queries:F1} hits/search");
        }
    }

    /// <summary>What an agent types: words of a product, an aspect and the customer's question, sometimes a word no article has.</summary>
    private static string Query(Faker f, int words)
    {
        var pool = f.PickRandom(Products).Split(' ', '-').Concat(f.PickRandom(Aspects).Split(' ')).Concat(f.Random.ListItems(Words, 2)).ToList();
        if (f.Random.Bool(0.1f))
        {
            pool.Insert(0, "zzq" + f.Random.AlphaNumeric(5));
        }

        return string.Join(' ', pool.Take(words));
    }

    private static async Task FillAsync(RapportDbContext db, int count, CancellationToken ct)
    {
        var owner = new AppUser { Id = Guid.CreateVersion7(), UserName = $"kb-owner-{Guid.NewGuid():N}", DisplayName = "Bench Owner" };
        db.Users.Add(owner);
        await db.SaveChangesAsync(ct);
        var faker = new Faker("en_GB") { Random = new Randomizer(42) };
        var now = DateTime.UtcNow;
        for (var done = 0; done < count; done += 500)
        {
            foreach (var i in Enumerable.Range(done, Math.Min(500, count - done)))
            {
                var product = faker.PickRandom(Products);
                var aspect = faker.PickRandom(Aspects);
                string Sentence(int n) => string.Join(' ', faker.Random.ListItems(Words, n)) + ".";
                var content = new KnowledgeContent(
                    $"{char.ToUpperInvariant(product[0])}{product[1..]}: {aspect} ({faker.Address.City()} {i})",
                    $"Our {product} {aspect}: {Sentence(12)} {Sentence(10)}",
                    $"## {aspect}\n{string.Join("\n\n", Enumerable.Range(0, faker.Random.Int(3, 12)).Select(_ => Sentence(faker.Random.Int(10, 30))))}",
                    Sentence(8), Sentence(8), $"Offer the {faker.PickRandom(Products)} instead. {Sentence(6)}", $"{faker.Random.Int(1, 14)} working days.",
                    faker.Random.Bool(0.8f) ? KnowledgeAudience.Customer : KnowledgeAudience.Internal);
                var (article, revision) = KnowledgeArticle.Create(content, owner.Id, DateOnly.FromDateTime(now).AddDays(faker.Random.Int(0, 365)),
                    owner.Id, owner.DisplayName, null, now);
                db.Add(article);
                db.Add(revision);
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }
}
