using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Cases;
using Rapport.Features.Complaints;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Dashboards;
using Rapport.Features.Feedback;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;
using Rapport.Features.Teams;

namespace Rapport.IntegrationTests.Dashboards;

/// <summary>
/// Facts for one team, drawn by a seeded generator so a failure can be replayed, written straight to the database as
/// the features would leave them; kept in memory too, so a test can count them directly and compare with the rollup.
/// </summary>
public sealed class DashboardData
{
    public static readonly DateOnly From = new(2026, 1, 5); // a Monday
    public static readonly DateOnly To = new(2026, 2, 22); // a Sunday

    public Guid TeamId { get; } = Guid.CreateVersion7();
    public List<Guid> Agents { get; } = [];
    public List<Case> Cases { get; } = [];
    public List<ServiceClockOutcome> Outcomes { get; } = [];
    public List<Promise> Promises { get; } = [];
    public List<FeedbackEntry> Feedback { get; } = [];
    public List<Complaint> Complaints { get; } = [];
    public List<Conversation> Conversations { get; } = [];

    private static readonly string[] Causes = ["delay", "billing-or-charges", "staff-attitude"];
    private static readonly Channel[] Channels = [Channel.Email, Channel.Chat, Channel.Sms, Channel.Phone];

    public static async Task<DashboardData> SeedAsync(RapportFactory app, int seed, bool restricted = false)
    {
        var data = new DashboardData();
        var random = new Random(seed);
        var admin = app.ClientAs(Rapport.Features.Identity.Roles.Administrator);
        var customer = (await (await admin.PostAsync("/api/v1/customers", Requests.JsonBody(new { name = $"Dashboard {Unique.Letters()}", kind = "external" })))
            .ExpectAsync(HttpStatusCode.Created)).Id();
        var customerId = Guid.Parse(customer);
        for (var i = 0; i < 3; i++)
        {
            data.Agents.Add((await app.CreateStaffAsync(Rapport.Features.Identity.Roles.Agent)).Id);
        }

        DateTime At() => From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddSeconds(random.Next(0, (To.DayNumber - From.DayNumber + 1) * 86_400));
        Guid? Owner() => random.Next(4) is var n && n < 3 ? data.Agents[n] : null;

        await app.WithDbAsync(async db =>
        {
            db.Teams.Add(new Team { Id = data.TeamId, Name = $"Dashboards {Unique.Letters()}", Restricted = restricted });
            db.TeamMembers.AddRange(data.Agents.Select(a => new TeamMember { TeamId = data.TeamId, UserId = a }));
            for (var i = 0; i < 40; i++)
            {
                var opened = At();
                var c = Case.Open(random.NextInt64(100_000_000, 900_000_000), customerId, CaseKinds.Information, $"Case {i}", "Help", CasePriority.Normal, opened);
                c.AssignTo(Owner(), data.TeamId, opened);
                data.Cases.Add(c);
            }

            db.Cases.AddRange(data.Cases);
            await db.SaveChangesAsync();

            foreach (var c in data.Cases)
            {
                foreach (var kind in Enum.GetValues<TargetKind>())
                {
                    for (var n = random.Next(0, kind == TargetKind.CustomerUpdate ? 4 : 2); n > 0; n--)
                    {
                        var ended = At();
                        data.Outcomes.Add(new ServiceClockOutcome
                        {
                            CaseId = c.Id,
                            Kind = kind,
                            StartedAt = ended.AddHours(-random.Next(1, 48)),
                            EndedAt = ended,
                            TookSeconds = random.Next(60, 200_000),
                            TargetSeconds = 3600 * random.Next(1, 48),
                            OnTime = random.Next(3) > 0,
                        });
                    }
                }

                if (random.Next(3) == 0)
                {
                    var complaint = Complaint.For(c.Id, At());
                    if (random.Next(4) > 0)
                    {
                        complaint.Listen("It was late", null, null, Causes[random.Next(Causes.Length)], data.Agents[0], complaint.StartedAt);
                    }

                    data.Complaints.Add(complaint);
                }

                if (random.Next(2) == 0)
                {
                    var kind = (SurveyKind)random.Next(3);
                    var (min, max) = SurveyScales.Range(kind);
                    var given = At();
                    data.Feedback.Add(FeedbackEntry.Create(FeedbackSource.Survey, kind, random.Next(min, max + 1), null, given, given,
                        customerId, c.Id, agentId: c.OwnerId));
                }
            }

            for (var i = 0; i < 60; i++)
            {
                var created = At().AddDays(-3);
                var owner = Owner() ?? data.Agents[0];
                var promise = Promise.Make(customerId, owner, $"Call back {i}", created.AddHours(random.Next(1, 72)), null, TimeSpan.FromMinutes(30),
                    owner, created, teamId: data.TeamId);
                var closed = promise.DueAt.AddHours(random.Next(-20, 20));
                if (closed <= created)
                {
                    closed = created.AddMinutes(1);
                }

                var outcome = random.Next(3);
                if (outcome == 0)
                {
                    promise.Keep(owner, null, closed);
                }
                else if (outcome == 1)
                {
                    promise.Break(owner, "Could not", closed);
                }

                data.Promises.Add(promise);
            }

            for (var i = 0; i < 50; i++)
            {
                var conversation = Conversation.Start(customerId, $"Dashboards {i}", Channels[random.Next(Channels.Length)], At());
                conversation.AssignTo(Owner(), data.TeamId);
                if (random.Next(2) == 0)
                {
                    conversation.SetStatus(ConversationStatus.Closed);
                }

                data.Conversations.Add(conversation);
            }

            db.Set<ServiceClockOutcome>().AddRange(data.Outcomes);
            db.Set<Complaint>().AddRange(data.Complaints);
            db.Set<FeedbackEntry>().AddRange(data.Feedback);
            db.Set<Promise>().AddRange(data.Promises);
            db.Conversations.AddRange(data.Conversations);
            await db.SaveChangesAsync();
        });
        return data;
    }

    /// <summary>Rolls up from <paramref name="from"/>, waiting for a run another node (the schedule) might hold.</summary>
    public static async Task<RollupRunDto> RollUpAsync(RapportFactory app, DateOnly from)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<DashboardRollup>().RunAsync(from, CancellationToken.None) is { } run)
            {
                return run;
            }

            Assert.True(attempt < 50, "the rollup's lease was never free");
            await Task.Delay(200);
        }
    }

    public static DateOnly Day(DateTime at) => DateOnly.FromDateTime(at);
}
