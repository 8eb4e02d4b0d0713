using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>
/// A customer's loyalty (score, explanation, grants and extra-mile actions) is shown to whoever may see every one of
/// their conversations and cases, by the rules of <see cref="ConversationVisibility"/> and <see cref="CaseVisibility"/>:
/// the score is read from all of them (a complaint on a restricted team's case moves it), so showing it to someone who
/// may not see one of them would tell them about it. Supervisors, administrators and auditors see every customer's.
/// </summary>
public static class LoyaltyVisibility
{
    public static IQueryable<CustomerLoyalty> VisibleTo(this IQueryable<CustomerLoyalty> rows, RapportDbContext db, Viewer viewer)
    {
        if (viewer.SeesAll)
        {
            return rows;
        }

        var conversations = db.Conversations.VisibleTo(db, viewer).Select(c => c.Id);
        var cases = db.Cases.VisibleTo(db, viewer).Select(c => c.Id);
        return rows.Where(l => db.Conversations.Where(c => c.CustomerId == l.CustomerId).All(c => conversations.Contains(c.Id))
            && db.Cases.Where(c => c.CustomerId == l.CustomerId).All(c => cases.Contains(c.Id)));
    }

    /// <summary>Of <paramref name="customerIds"/>, those whose loyalty <paramref name="viewer"/> may see.</summary>
    public static IQueryable<Guid> WhoseLoyaltyIsVisible(this IQueryable<Guid> customerIds, RapportDbContext db, Viewer viewer)
    {
        if (viewer.SeesAll)
        {
            return customerIds;
        }

        var conversations = db.Conversations.VisibleTo(db, viewer).Select(c => c.Id);
        var cases = db.Cases.VisibleTo(db, viewer).Select(c => c.Id);
        return customerIds.Where(id => db.Conversations.Where(c => c.CustomerId == id).All(c => conversations.Contains(c.Id))
            && db.Cases.Where(c => c.CustomerId == id).All(c => cases.Contains(c.Id)));
    }

    /// <summary>Whether <paramref name="viewer"/> may see the loyalty of customer <paramref name="customerId"/> (false when there is no such customer).</summary>
    public static async Task<bool> CanSeeCustomerLoyaltyAsync(this RapportDbContext db, Guid customerId, Viewer viewer, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return false;
        }

        if (viewer.SeesAll)
        {
            return true;
        }

        var conversations = db.Conversations.VisibleTo(db, viewer).Select(c => c.Id);
        var cases = db.Cases.VisibleTo(db, viewer).Select(c => c.Id);
        return await db.Conversations.Where(c => c.CustomerId == customerId).AllAsync(c => conversations.Contains(c.Id), ct)
            && await db.Cases.Where(c => c.CustomerId == customerId).AllAsync(c => cases.Contains(c.Id), ct);
    }
}
