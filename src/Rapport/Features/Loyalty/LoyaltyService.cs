using Microsoft.EntityFrameworkCore;
using Rapport.Features.Authority;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>A grant beyond the granter's limit of authority: it is refused, and a colleague whose limit covers it grants it.</summary>
public sealed class BeyondAuthorityException(string message) : Exception(message);

/// <summary>
/// Loyalty of one customer (C25): reading it (which also stores it for the at-risk list), logging business and
/// extra-mile actions, and granting offers within the granter's limits of authority (<see cref="LimitCheck"/>).
/// </summary>
public sealed class LoyaltyService(RapportDbContext db, TimeProvider time, LoyaltySignals signals, AuthorityLimitService limits)
{
    private const int RecentShown = 10;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The customer's loyalty as <paramref name="userId"/> sees it (which offers they may grant); null for no such customer.</summary>
    public async Task<LoyaltyDto?> GetAsync(Guid customerId, Guid userId, CancellationToken ct)
    {
        var customer = await db.Customers.Where(c => c.Id == customerId && c.MergedIntoId == null).Select(c => new { c.ErasedAt }).FirstOrDefaultAsync(ct);
        if (customer is null)
        {
            return null;
        }

        var now = Now;
        var settings = await LoyaltySettings.ReadAsync(db, ct);
        // An erased customer's score is worked out for the screen, not stored: erasure removed it, and the at-risk list
        // has no use for a tombstone.
        var figures = customer.ErasedAt is null
            ? await RefreshAsync(customerId, settings, now, ct)
            : (await signals.WorkOutAsync([customerId], settings, now, ct)).Single();
        var (who, mine) = await limits.MineAsync(userId, ct);
        var offers = (await db.Set<LoyaltyOffer>().AsNoTracking().Where(o => o.Active).ToListAsync(ct))
            .OrderBy(o => o.Cost).ThenBy(o => o.Name, StringComparer.Ordinal)
            .Select(o =>
            {
                var limit = LimitCheck.For(mine, who.Id, who.Roles, o.Action, o.Action.IsMonetary() ? o.Currency : null);
                return new OfferChoiceDto(o.ToDto(), limit.Covers(o.Action.IsMonetary() ? o.Cost : null, o.Action.IsMonetary() ? o.Currency : null),
                    $"{o.Action.Label()}: {limit.Describe()} ({limit.Source})");
            }).ToList();
        var actions = await db.Set<LoyaltyAction>().AsNoTracking().Where(a => a.CustomerId == customerId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(RecentShown).ToListAsync(ct);
        var business = await db.Set<BusinessRecord>().AsNoTracking().Where(b => b.CustomerId == customerId)
            .OrderByDescending(b => b.OccurredAt).ThenByDescending(b => b.Id).Take(RecentShown).ToListAsync(ct);
        var value = figures.Business.FirstOrDefault(b => b.Currency == settings.Currency)?.Total ?? 0;
        return new LoyaltyDto(customerId, figures.TenureSince, Math.Round((now - figures.TenureSince).TotalDays / 365.25, 1), figures.RepeatContacts,
            figures.LastContactAt, figures.Business, value, settings.Currency, figures.LongStanding, figures.LongStandingBecause, figures.Risk.Score,
            figures.Risk.Score >= settings.AtRiskScore, figures.Risk.Factors, offers, actions.Select(a => a.ToDto()).ToList(),
            business.Select(b => b.ToDto()).ToList(), now);
    }

    /// <summary>For screens: the loyalty of a customer, or null when <paramref name="viewer"/> may not see it (<see cref="LoyaltyVisibility"/>).</summary>
    public async Task<LoyaltyDto?> GetVisibleAsync(Guid customerId, Identity.Viewer viewer, CancellationToken ct) =>
        await db.CanSeeCustomerLoyaltyAsync(customerId, viewer, ct) ? await GetAsync(customerId, viewer.UserId, ct) : null;

    /// <summary>Logs business the customer brought; null for no such customer.</summary>
    public async Task<BusinessRecord?> RecordBusinessAsync(Guid customerId, RecordBusinessRequest request, Guid userId, CancellationToken ct)
    {
        if (!await WritableAsync(customerId, ct))
        {
            return null;
        }

        var who = await limits.StaffAsync(userId, ct);
        var record = BusinessRecord.Create(customerId, request.Kind, request.Amount, request.Currency, request.OccurredAt?.UtcDateTime, request.Description,
            who.Id, who.Name, Now);
        db.Add(record);
        await db.SaveChangesAsync(ct);
        await RefreshAsync(customerId, await LoyaltySettings.ReadAsync(db, ct), Now, ct);
        return record;
    }

    public async Task<LoyaltyAction?> ExtraMileAsync(Guid customerId, ExtraMileRequest request, Guid userId, CancellationToken ct)
    {
        if (!await WritableAsync(customerId, ct))
        {
            return null;
        }

        var now = Now;
        var at = request.At?.UtcDateTime ?? now;
        if (at > now.AddMinutes(5))
        {
            throw new Infrastructure.Api.InvalidInputException("at", "An extra-mile action is logged once it is done; at is in the future.");
        }

        var who = await limits.StaffAsync(userId, ct);
        var action = LoyaltyAction.ExtraMile(customerId, request.What, who.Id, who.Name, at);
        db.Add(action);
        await db.SaveChangesAsync(ct);
        return action;
    }

    /// <summary>
    /// Grants an offer to the customer on <paramref name="userId"/>'s authority: refused (<see cref="BeyondAuthorityException"/>)
    /// when their limit for the offer's action does not cover its cost. Null when the customer or offer does not exist.
    /// </summary>
    public async Task<LoyaltyAction?> GrantAsync(Guid customerId, Guid offerId, GrantOfferRequest? request, Guid userId, CancellationToken ct)
    {
        var offer = await db.Set<LoyaltyOffer>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == offerId && o.Active, ct);
        if (offer is null || !await WritableAsync(customerId, ct))
        {
            return null;
        }

        var (who, mine) = await limits.MineAsync(userId, ct);
        var cost = offer.Action.IsMonetary() ? offer.Cost : (decimal?)null;
        var currency = offer.Action.IsMonetary() ? offer.Currency : null;
        var limit = LimitCheck.For(mine, who.Id, who.Roles, offer.Action, currency);
        if (!limit.Covers(cost, currency))
        {
            throw new BeyondAuthorityException(
                $"Your limit for {offer.Action.Label().ToLowerInvariant()} ({limit.Describe()}, {limit.Source}) does not cover {offer.CostText}; a colleague whose limit does must grant it.");
        }

        var grant = LoyaltyAction.Grant(customerId, offer, request?.Note, who.Id, who.Name, Now);
        db.Add(grant);
        await db.SaveChangesAsync(ct);
        return grant;
    }

    /// <summary>
    /// Whether the customer exists (and was not merged away); refuses (409) one that was erased, whose record takes no new
    /// personal data — an extra-mile note or a business description may name them.
    /// </summary>
    private async Task<bool> WritableAsync(Guid customerId, CancellationToken ct)
    {
        var customer = await db.Customers.Where(c => c.Id == customerId && c.MergedIntoId == null).Select(c => new { c.ErasedAt }).FirstOrDefaultAsync(ct);
        if (customer is null)
        {
            return false;
        }

        Customers.Customer.RefuseIfErased(customer.ErasedAt);
        return true;
    }

    /// <summary>
    /// Works out one customer's figures and stores them for the at-risk list, unless the stored row says the same and is
    /// fresher than the scheduled refresh would leave it.
    /// </summary>
    public async Task<CustomerLoyaltyFigures> RefreshAsync(Guid customerId, LoyaltySettings settings, DateTime now, CancellationToken ct)
    {
        var figures = (await signals.WorkOutAsync([customerId], settings, now, ct)).Single();
        await LoyaltyStore.SaveAsync(db, [figures], now, ct, keepSameFor: TimeSpan.FromHours(1));
        return figures;
    }
}
