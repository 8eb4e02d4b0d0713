using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>What an administrator configures for loyalty: the offers of added value and the settings (weights, thresholds, figures).</summary>
public sealed class LoyaltyAdministration(RapportDbContext db, TimeProvider time, LoyaltyRefresh refresh)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<OfferDto>> OffersAsync(bool includeInactive, CancellationToken ct) =>
        (await db.Set<LoyaltyOffer>().AsNoTracking().Where(o => includeInactive || o.Active).ToListAsync(ct))
            .OrderByDescending(o => o.Active).ThenBy(o => o.Name, StringComparer.Ordinal).Select(o => o.ToDto()).ToList();

    public async Task<OfferDto?> OfferAsync(Guid id, CancellationToken ct) =>
        (await db.Set<LoyaltyOffer>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct))?.ToDto();

    public async Task<OfferDto> CreateOfferAsync(OfferRequest r, CancellationToken ct)
    {
        var offer = LoyaltyOffer.Create(r.Name, r.Description, r.Action, r.Cost, r.Currency, r.Active, Now);
        db.Add(offer);
        await db.SaveChangesAsync(ct);
        return offer.ToDto();
    }

    public async Task<OfferDto?> UpdateOfferAsync(Guid id, OfferRequest r, CancellationToken ct)
    {
        var offer = await db.Set<LoyaltyOffer>().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (offer is null)
        {
            return null;
        }

        offer.Change(r.Name, r.Description, r.Action, r.Cost, r.Currency, r.Active, Now);
        await db.SaveChangesAsync(ct);
        return offer.ToDto();
    }

    /// <summary>Withdraws an offer: it is no longer offered, and the grants of it stay on record.</summary>
    public async Task<bool> WithdrawOfferAsync(Guid id, CancellationToken ct)
    {
        var offer = await db.Set<LoyaltyOffer>().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (offer is null)
        {
            return false;
        }

        offer.Change(offer.Name, offer.Description, offer.Action, offer.Cost, offer.Action == Authority.AuthorityActionType.PolicyException ? null : offer.Currency,
            active: false, Now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<LoyaltySettingsDto> SettingsAsync(CancellationToken ct) => (await LoyaltySettings.ReadAsync(db, ct)).ToDto();

    /// <summary>Saves the settings and wakes the refresh, so the stored scores follow new weights without waiting for the schedule.</summary>
    public async Task<LoyaltySettingsDto> SaveSettingsAsync(LoyaltySettingsDto request, CancellationToken ct)
    {
        var settings = await db.Set<LoyaltySettings>().FirstOrDefaultAsync(s => s.Id == LoyaltySettings.SingletonId, ct);
        if (settings is null)
        {
            settings = new LoyaltySettings();
            db.Add(settings);
        }

        settings.Change(request, Now);
        await db.SaveChangesAsync(ct);
        refresh.Wake();
        return settings.ToDto();
    }
}
