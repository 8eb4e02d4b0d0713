using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Features.Notifications;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Referrals;

/// <summary>One pending referral in the demo: Ben passes the housekeeping complaint to Sam, whose authority covers a refund.</summary>
internal static class DemoReferrals
{
    public static async Task AddAsync(RapportDbContext db, IReadOnlyDictionary<string, AppUser> staff, DateTime now, CancellationToken ct)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Title == "Room not cleaned during stay", ct);
        if (c is null)
        {
            return;
        }

        var ben = staff["agent2@rapport.demo"];
        var sam = staff["supervisor@rapport.demo"];
        var at = now.AddHours(-3);
        var referral = Referral.Make(c.Id, null, ben.Id, ben.DisplayName, sam.Id, null, sam.DisplayName,
            "The customer asks for a partial refund for two nights; that is above my limit and Sam can authorise it.", at);
        db.Referrals.Add(referral);
        Notifier.Seed(db, new Notice(ReferralNotices.Kind, $"{ben.DisplayName} referred case {c.Reference} {c.Title} to you: {referral.Reason}",
            $"/referrals/{referral.Id}", at), sam.Id);
        await db.SaveChangesAsync(ct);
    }
}
