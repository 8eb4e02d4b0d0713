using System.CommandLine;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Cases;
using Rapport.Features.Complaints;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Dashboards;
using Rapport.Features.Feedback;
using Rapport.Features.Identity;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;
using Rapport.Features.Teams;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Time;

namespace Rapport.Load.Dashboards;

/// <summary>
/// `dashboards`: adds a year of dashboard facts (conversations by channel, cases with service-clock outcomes, promises,
/// survey answers, complaints) to a database that already has customers (run `generate` first), rolls them up once
/// (timed: the first run counts all history), then times every chart's query — the API's own ChartQueries.ReadAsync, in
/// process, so HTTP and JSON are left out — for the organisation, a team and an agent, over 30 days by day and a year
/// by week and by month, repeated, and prints p50/p95 per call.
/// </summary>
internal static class DashboardsCommand
{
    public static Command Create()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgresql.", Required = true };
        provider.AcceptOnlyFromAmong("sqlite", "postgresql");
        var connection = new Option<string>("--connection") { Description = "Connection string of a database with customers.", Required = true };
        var conversations = new Option<int>("--conversations") { Description = "Conversations to add (cases a quarter, promises a fifth of that); 0 adds nothing.", DefaultValueFactory = _ => 100_000 };
        var days = new Option<int>("--days") { Description = "Days the facts are spread over, up to today.", DefaultValueFactory = _ => 365 };
        var teams = new Option<int>("--teams") { Description = "Teams.", DefaultValueFactory = _ => 10 };
        var agents = new Option<int>("--agents") { Description = "Agents, spread over the teams.", DefaultValueFactory = _ => 100 };
        var messages = new Option<int>("--messages-per-conversation") { Description = "Messages written in each added conversation (in and out by turns).", DefaultValueFactory = _ => 5 };
        var calls = new Option<int>("--calls") { Description = "Timed calls per chart, scope and range.", DefaultValueFactory = _ => 30 };
        var command = new Command("dashboards", "Benchmark the dashboards' charts on generated facts.") { provider, connection, conversations, messages, days, teams, agents, calls };
        command.SetAction(async (pr, ct) =>
        {
            var p = pr.GetValue(provider) == "postgresql" ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
            await RunAsync(p, pr.GetValue(connection)!, new(pr.GetValue(conversations), pr.GetValue(messages), pr.GetValue(days), pr.GetValue(teams), pr.GetValue(agents)), pr.GetValue(calls), ct);
        });
        return command;
    }

    private sealed record Shape(int Conversations, int MessagesPerConversation, int Days, int Teams, int Agents);

    private static async Task RunAsync(DatabaseProvider provider, string connectionString, Shape shape, int calls, CancellationToken ct)
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
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(60));
        await db.MigrateAsync(ct);

        var (teamIds, agentTeams) = await StaffAsync(db, shape, ct);
        if (shape.Conversations > 0)
        {
            var fill = Stopwatch.StartNew();
            await FillAsync(db, shape, agentTeams, ct);
            await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
            Console.WriteLine($"Added {shape.Conversations:N0} conversations, {(long)shape.Conversations * shape.MessagesPerConversation:N0} messages and their facts in {fill.Elapsed.TotalSeconds:F0} s");
        }

        Console.WriteLine($"{provider}: {await db.Customers.CountAsync(ct):N0} customers, {await db.Messages.CountAsync(ct):N0} messages, "
            + $"{await db.Conversations.CountAsync(ct):N0} conversations, {await db.Cases.CountAsync(ct):N0} cases, load average {LoadAverage()}");

        var rollup = new DashboardRollup(db, new DailyFacts(db), TimeProvider.System, configuration);
        var rolling = Stopwatch.StartNew();
        var run = await rollup.RunAsync(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-shape.Days), ct)
            ?? throw new InvalidOperationException("Another rollup holds the lease.");
        Console.WriteLine($"Rollup of {run.Days} days: {rolling.Elapsed.TotalSeconds:F1} s ({await db.Set<DailyFigure>().CountAsync(ct):N0} figures)");
        var steady = Stopwatch.StartNew();
        await rollup.RunAsync(null, ct);
        Console.WriteLine($"Scheduled rollup (settling window): {steady.Elapsed.TotalSeconds:F1} s");

        var queries = new ChartQueries(db, new ComplaintCatalogue(db, TimeProvider.System, configuration));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        (string Name, DashboardScope Scope)[] scopes =
            [("organisation", new(null, null)), ("team", new(teamIds[0], null)), ("agent", new(null, agentTeams[0].Agent))];
        (string Name, DateOnly From, ChartBucket Bucket)[] ranges =
            [("30 days by day", today.AddDays(-29), ChartBucket.Day), ("a year by week", today.AddDays(-364), ChartBucket.Week), ("a year by month", today.AddDays(-364), ChartBucket.Month)];
        var all = new List<double>();
        Console.WriteLine("chart\tscope\trange\tp50 ms\tp95 ms");
        foreach (var chart in Charts.All)
        {
            foreach (var (scopeName, chartScope) in scopes)
            {
                foreach (var (rangeName, from, bucket) in ranges)
                {
                    for (var i = 0; i < 3; i++)
                    {
                        await queries.ReadAsync(chart, from, today, bucket, chartScope, ct); // warm
                    }

                    var times = new List<double>(calls);
                    for (var i = 0; i < calls; i++)
                    {
                        var sw = Stopwatch.StartNew();
                        await queries.ReadAsync(chart, from, today, bucket, chartScope, ct);
                        times.Add(sw.Elapsed.TotalMilliseconds);
                    }

                    all.AddRange(times);
                    Console.WriteLine($"{chart.Name}\t{scopeName}\t{rangeName}\t{P(times, 0.50):F1}\t{P(times, 0.95):F1}");
                }
            }
        }

        Console.WriteLine($"All {all.Count:N0} calls: p50 {P(all, 0.50):F1} ms · p95 {P(all, 0.95):F1} ms · max {all.Max():F1} ms · load average {LoadAverage()}");
    }

    private static double P(List<double> times, double q)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The bench's teams and agents: made once, found again on the next run by their names.</summary>
    private static async Task<(List<Guid> Teams, List<(Guid Agent, Guid Team)> AgentTeams)> StaffAsync(RapportDbContext db, Shape shape, CancellationToken ct)
    {
        var teams = await db.Teams.Where(t => t.Name.StartsWith("Bench team ")).OrderBy(t => t.Name).Select(t => t.Id).ToListAsync(ct);
        if (teams.Count == 0)
        {
            teams = Enumerable.Range(0, shape.Teams).Select(_ => Guid.CreateVersion7()).ToList();
            db.Teams.AddRange(teams.Select((id, i) => new Team { Id = id, Name = $"Bench team {i:000}" }));
            for (var i = 0; i < shape.Agents; i++)
            {
                var agent = new AppUser { Id = Guid.CreateVersion7(), UserName = $"bench-agent-{i:0000}-{Guid.NewGuid():N}", DisplayName = $"Bench Agent {i:0000}" };
                db.Users.Add(agent);
                db.TeamMembers.Add(new TeamMember { TeamId = teams[i % teams.Count], UserId = agent.Id });
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        var members = await db.TeamMembers.Where(m => teams.Contains(m.TeamId)).OrderBy(m => m.UserId).Select(m => new { m.UserId, m.TeamId }).ToListAsync(ct);
        return (teams, members.Select(m => (m.UserId, m.TeamId)).ToList());
    }

    private static async Task FillAsync(RapportDbContext db, Shape shape, List<(Guid Agent, Guid Team)> staff, CancellationToken ct)
    {
        var customers = await db.Customers.OrderBy(c => c.Id).Select(c => c.Id).Take(50_000).ToListAsync(ct);
        if (customers.Count == 0)
        {
            throw new InvalidOperationException("No customers: run `generate` first.");
        }

        var random = new Random(28);
        var now = DateTime.UtcNow;
        var channels = new[] { Channel.Email, Channel.Email, Channel.Chat, Channel.Sms, Channel.Phone, Channel.WhatsApp };
        var causes = ComplaintCauses.DefaultNames.Select(ComplaintCauses.KeyFor).ToArray();
        var number = await db.Cases.MaxAsync(c => (long?)c.Number, ct) ?? 0;
        DateTime At() => now.AddSeconds(-random.NextDouble() * shape.Days * 86_400);
        const int batch = 2_000;
        var rows = new RowWriter(db);
        for (var done = 0; done < shape.Conversations; done += batch)
        {
            var started = new List<Conversation>(batch);
            var written = new List<Message>(batch * shape.MessagesPerConversation);
            for (var i = done; i < Math.Min(shape.Conversations, done + batch); i++)
            {
                var (agent, team) = staff[random.Next(staff.Count)];
                var customer = customers[random.Next(customers.Count)];
                var channel = channels[random.Next(channels.Length)];
                var conversation = Conversation.Start(customer, $"Bench {i}", channel, At());
                conversation.AssignTo(agent, team);
                for (var m = 0; m < shape.MessagesPerConversation; m++)
                {
                    var message = BenchMessage(random, conversation, customer, agent, channel, m);
                    conversation.Add(message);
                    written.Add(message);
                }

                conversation.SetStatus(random.Next(10) == 0 ? ConversationStatus.Open : ConversationStatus.Closed);
                started.Add(conversation);
                if (i % 4 == 0)
                {
                    AddCase(db, random, ++number, customer, agent, team, conversation.CreatedAt, now, causes);
                }

                if (i % 5 == 0)
                {
                    var created = conversation.CreatedAt;
                    var promise = Promise.Make(customer, agent, "Call back", created.AddHours(random.Next(1, 72)), null, TimeSpan.FromMinutes(30), agent, created, teamId: team);
                    var closed = promise.DueAt.AddHours(random.Next(-20, 8));
                    if (closed < now && closed > created)
                    {
                        if (random.Next(8) == 0)
                        {
                            promise.Break(agent, "Could not", closed);
                        }
                        else
                        {
                            promise.Keep(agent, null, closed);
                        }
                    }

                    db.Add(promise);
                }
            }

            // Conversations and messages as ingestion writes them (RowWriter: the EF model's tables and conversions,
            // no change tracker), the rest through EF, in one transaction per batch.
            await using var transaction = await db.BeginWriteTransactionAsync(ct);
            await rows.InsertAsync(started, ct);
            await rows.InsertAsync(written, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            if ((done / batch) % 50 == 49)
            {
                Console.WriteLine($"  {done + batch:N0} conversations, {(long)(done + batch) * shape.MessagesPerConversation:N0} messages");
            }
        }
    }

    /// <summary>The text of every generated message is two of these; `run --scenario message-search` draws its words from them.</summary>
    internal static readonly string[] Sentences =
    [
        "Hello, I booked a room for next weekend and would like to change the dates if possible.",
        "Thank you for getting back to me so quickly, that is very helpful.",
        "Could you tell me whether breakfast is included in the price of the package?",
        "We have changed the booking as you asked; the confirmation is attached to this message.",
        "The delivery did not arrive on the day you promised and nobody called to explain why.",
        "I am sorry for the delay. I have asked the warehouse and will call you back by five o'clock today.",
        "My order number is on the receipt, the parcel was left with a neighbour without a note.",
        "Your refund has been approved and should reach your account within three to five working days.",
    ];

    /// <summary>A customer's message or an agent's answer, by turns, minutes to hours apart after the conversation began.</summary>
    private static Message BenchMessage(Random random, Conversation conversation, Guid customer, Guid agent, Channel channel, int index)
    {
        var inbound = index % 2 == 0;
        var at = conversation.CreatedAt.AddMinutes(index * random.Next(5, 240));
        at = at > DateTime.UtcNow ? DateTime.UtcNow : at;
        return new Message
        {
            ConversationId = conversation.Id,
            CustomerId = customer,
            Direction = inbound ? MessageDirection.Inbound : MessageDirection.Outbound,
            Channel = channel,
            From = inbound ? $"customer-{customer:N}@example.com" : "service@example.com",
            AuthorId = inbound ? null : agent,
            Subject = conversation.Subject,
            Text = Sentences[random.Next(Sentences.Length)] + " " + Sentences[random.Next(Sentences.Length)],
            At = at,
            StoredAt = at,
        };
    }

    private static void AddCase(RapportDbContext db, Random random, long number, Guid customer, Guid agent, Guid team, DateTime opened, DateTime now, string[] causes)
    {
        var c = Case.Open(number, customer, CaseKinds.Information, "Bench case", "Help", CasePriority.Normal, opened);
        c.AssignTo(agent, team, opened);
        db.Cases.Add(c);
        var at = opened;
        foreach (var kind in new[] { TargetKind.FirstResponse, TargetKind.CustomerUpdate, TargetKind.CustomerUpdate, TargetKind.Resolution })
        {
            var took = random.Next(600, 3 * 86_400);
            at = at.AddSeconds(took);
            if (at >= now)
            {
                break;
            }

            db.Add(new ServiceClockOutcome
            {
                CaseId = c.Id,
                Kind = kind,
                StartedAt = at.AddSeconds(-took),
                EndedAt = at,
                TookSeconds = took,
                TargetSeconds = kind == TargetKind.Resolution ? 3 * 86_400 : 8 * 3600,
                OnTime = took <= (kind == TargetKind.Resolution ? 3 * 86_400 : 8 * 3600),
            });
        }

        if (random.Next(3) == 0 && at < now)
        {
            var kind = (SurveyKind)random.Next(3);
            var (min, max) = SurveyScales.Range(kind);
            db.Add(FeedbackEntry.Create(FeedbackSource.Survey, kind, random.Next(min, max + 1), null, at, at, customer, c.Id, agentId: agent));
        }

        if (random.Next(20) == 0)
        {
            var complaint = Complaint.For(c.Id, opened);
            complaint.Listen("Bench complaint", null, null, causes[random.Next(causes.Length)], agent, opened);
            db.Add(complaint);
        }
    }
}
