using Rapport.Features.Cases;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Demo;

/// <summary>A handful of cases in every state, so the case list and pages show something on first start.</summary>
internal static class DemoCases
{
    private sealed record Seed(string Kind, string Title, string Requirement, CaseStatus Status, CasePriority Priority, string? Owner,
        string[] Tags, int DaysAgo, string? Note = null, string? ConfirmedHow = null);

    private static readonly Seed[] Seeds =
    [
        new(CaseKinds.Booking, "Move stay to May", "I need to move my three nights in Leeds from April to the first week of May, same room.",
            CaseStatus.Open, CasePriority.Normal, "agent@rapport.demo", ["dates"], 2, "Checked availability: the same room is free 2–5 May.", "Read back on the phone"),
        new(CaseKinds.Complaint, "Room not cleaned during stay", "Our room was not cleaned for two days and nobody answered the front desk phone.",
            CaseStatus.PendingInternal, CasePriority.High, "agent2@rapport.demo", ["housekeeping", "goodwill"], 4,
            "@Sam Supervisor the customer asks for a partial refund; this is above my limit, can you look?"),
        new(CaseKinds.Information, "Step-free access at York", "Is there step-free access from the car park to reception at the York hotel?",
            CaseStatus.New, CasePriority.Normal, null, ["accessibility"], 0),
        new(CaseKinds.Booking, "Group booking for 12", "We are twelve people for a wedding and want rooms close together, 14–16 June.",
            CaseStatus.PendingCustomer, CasePriority.Normal, "agent@rapport.demo", ["group"], 6, "Sent the quote; waiting for the deposit.", "Confirmed by email"),
        new(CaseKinds.Complaint, "Charged twice for coach tickets", "My card was charged twice for the same coach tickets on 3 March.",
            CaseStatus.Open, CasePriority.Urgent, "agent2@rapport.demo", ["billing"], 1),
        new(CaseKinds.Information, "Pets allowed?", "Can I bring my small dog to the Lakeside Lodge?",
            CaseStatus.Resolved, CasePriority.Low, "agent@rapport.demo", [], 12),
        new("lost-property", "Left a jacket in room 214", "I left a blue rain jacket in room 214 when I checked out on Sunday.",
            CaseStatus.Closed, CasePriority.Low, "agent2@rapport.demo", [], 20),
    ];

    public static void Add(RapportDbContext db, IReadOnlyList<Customer> customers, IReadOnlyDictionary<string, AppUser> staff, DateTime now)
    {
        db.CaseKinds.Add(new CaseKind { Key = "lost-property", Name = "Lost property", CreatedAt = now.AddDays(-30) });
        for (var i = 0; i < Seeds.Length; i++)
        {
            var seed = Seeds[i];
            var opened = now.AddDays(-seed.DaysAgo).AddHours(-i);
            var c = Case.Open(i + 1, customers[(i * 17 + 5) % customers.Count].Id, seed.Kind, seed.Title, seed.Requirement, seed.Priority, opened);
            var owner = seed.Owner is null ? null : staff[seed.Owner];
            c.AssignTo(owner?.Id, null, opened);
            c.SetTags(seed.Tags, opened);
            if (seed.ConfirmedHow is not null && owner is not null)
            {
                c.ConfirmRequirement(owner.Id, owner.DisplayName, seed.ConfirmedHow, opened.AddMinutes(10));
            }

            if (seed.Status != CaseStatus.New)
            {
                c.RecordCustomerUpdate(opened.AddHours(1));
                if (seed.Status == CaseStatus.Closed)
                {
                    c.MoveTo(CaseStatus.Resolved, opened.AddHours(2));
                }

                c.MoveTo(seed.Status, opened.AddHours(2));
            }

            db.Cases.Add(c);
            if (owner is not null)
            {
                db.CaseFollowers.Add(new CaseFollower { CaseId = c.Id, UserId = owner.Id });
                if (seed.Note is not null)
                {
                    db.CaseNotes.Add(new CaseNote { CaseId = c.Id, AuthorId = owner.Id, AuthorName = owner.DisplayName, Text = seed.Note, At = opened.AddHours(1) });
                    var colleagues = staff.Values.Select(u => new MentionableUser(u.Id, u.Email ?? "", u.DisplayName)).ToList();
                    foreach (var mentioned in Mentions.Find(seed.Note, colleagues))
                    {
                        Rapport.Features.Notifications.Notifier.Seed(db, new Rapport.Features.Notifications.Notice("mention",
                            $"{owner.DisplayName} mentioned you on {c.Reference} {c.Title}", $"/cases/{c.Id}", opened.AddHours(1)), mentioned);
                    }
                }
            }
        }
    }
}
