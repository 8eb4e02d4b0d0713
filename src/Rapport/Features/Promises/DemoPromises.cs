using Rapport.Features.Cases;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Promises;

/// <summary>A few promises on the demo cases: one kept, one due later today, one due tomorrow, and one overdue.</summary>
internal static class DemoPromises
{
    public static void Add(RapportDbContext db, DateTime now)
    {
        var cases = db.ChangeTracker.Entries<Case>().Select(e => e.Entity).Where(c => c.OwnerId is not null).OrderBy(c => c.Number).Take(4).ToList();
        if (cases.Count < 4)
        {
            return;
        }

        var lead = PromiseTimings.Default.ReminderLead;
        Promise Make(Case c, string what, DateTime made, DateTime due, string dueText) =>
            Promise.Make(c.CustomerId, c.OwnerId!.Value, what, due, dueText, lead, c.OwnerId.Value, made, c.Id, teamId: c.TeamId);

        var kept = Make(cases[0], "send you the revised booking confirmation", now.AddDays(-3), now.AddDays(-2), "by tomorrow");
        kept.Keep(kept.OwnerId, "Sent by email.", now.AddDays(-2).AddHours(-3));
        var overdue = Make(cases[1], "call you back about the refund", now.AddDays(-1), now.AddHours(-2), "tomorrow morning");
        db.AddRange(
            kept,
            overdue,
            Make(cases[2], "check with the port whether the earlier sailing has space", now.AddHours(-1), now.AddHours(3), "this afternoon"),
            Make(cases[3], "email you the accessible cabin options", now, now.AddDays(1), "tomorrow"));
    }
}
