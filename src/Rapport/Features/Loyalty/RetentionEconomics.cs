using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Csv;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>
/// The cost of keeping customers against the cost of winning new ones over [from, to) (004 K2, K11; 002 K4), from the
/// organisation's own figures. Customers active at the start are those with contact or business in the
/// <c>lostAfterDays</c> before it; of them, lost are those with no contact or business in the range whose silence
/// reached <c>lostAfterDays</c> before its end, and kept are the rest. Retention cost is the offers granted in the range
/// plus the yearly retention spend for the range's share of a year.
/// </summary>
public sealed record RetentionReportDto(
    DateTime From,
    DateTime To,
    string Currency,
    int ActiveAtStart,
    int Kept,
    int Lost,
    int NewCustomers,
    double? RetentionRate,
    int OffersGranted,
    decimal OffersCost,
    IReadOnlyList<OtherCurrencyCost> OffersCostInOtherCurrencies,
    decimal RetentionSpend,
    decimal RetentionCost,
    decimal? CostPerCustomerKept,
    decimal CostToWinCustomer,
    decimal CostToReplaceLost,
    decimal? WinToKeepRatio,
    int ExtraMileActions);

/// <summary>Offers granted in a currency other than the report's: shown apart, never converted.</summary>
public sealed record OtherCurrencyCost(string Currency, decimal Cost);

public sealed class RetentionEconomics(RapportDbContext db)
{
    public async Task<RetentionReportDto> BuildAsync(DateTime from, DateTime to, CancellationToken ct)
    {
        var settings = await LoyaltySettings.ReadAsync(db, ct);
        var lostAfter = TimeSpan.FromDays(settings.LostAfterDays);
        var lookback = from - lostAfter;

        // Contact (a conversation spans its first to its last message) and business, per customer, from the look-back on.
        var spans = (await db.Conversations.AsNoTracking().Where(c => c.LastMessageAt >= lookback && c.CreatedAt < to)
                .Select(c => new { c.CustomerId, Start = c.CreatedAt, End = c.LastMessageAt }).ToListAsync(ct))
            .Concat(await db.Set<BusinessRecord>().AsNoTracking().Where(b => b.OccurredAt >= lookback && b.OccurredAt < to)
                .Select(b => new { b.CustomerId, Start = b.OccurredAt, End = b.OccurredAt }).ToListAsync(ct))
            .ToLookup(s => s.CustomerId);
        var current = (await db.Customers.AsNoTracking().Where(c => c.MergedIntoId == null && c.CustomerSince < from)
                .Select(c => c.Id).ToListAsync(ct)).Where(id => spans.Contains(id));
        int active = 0, lost = 0;
        foreach (var id in current)
        {
            var theirs = spans[id].ToList();
            var before = theirs.Where(s => s.Start < from).ToList();
            if (before.Count == 0)
            {
                continue; // first active in the range: not a customer the range could lose
            }

            active++;
            var lastBefore = before.Max(s => s.End < from ? s.End : from);
            if (!theirs.Any(s => s.End >= from) && lastBefore + lostAfter < to)
            {
                lost++;
            }
        }

        var kept = active - lost;
        var newCustomers = await db.Customers.CountAsync(c => c.MergedIntoId == null && c.CustomerSince >= from && c.CustomerSince < to, ct);
        var grants = await db.Set<LoyaltyAction>().AsNoTracking().Where(a => a.At >= from && a.At < to)
            .Select(a => new { a.Kind, a.Cost, a.Currency }).ToListAsync(ct);
        var offers = grants.Where(g => g.Kind == LoyaltyActionKind.OfferGranted).ToList();
        var offersCost = offers.Where(g => g.Currency == settings.Currency).Sum(g => g.Cost ?? 0);
        var others = offers.Where(g => g.Currency is not null && g.Currency != settings.Currency).GroupBy(g => g.Currency!)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new OtherCurrencyCost(g.Key, g.Sum(x => x.Cost ?? 0))).ToList();
        var spend = decimal.Round(settings.RetentionSpendPerYear * (decimal)((to - from).TotalDays / 365.0), 2);
        var retentionCost = offersCost + spend;
        decimal? perKept = kept > 0 ? decimal.Round(retentionCost / kept, 2) : null;
        return new RetentionReportDto(from, to, settings.Currency, active, kept, lost, newCustomers,
            active > 0 ? Math.Round((double)kept / active, 4) : null, offers.Count, offersCost, others, spend, retentionCost, perKept,
            settings.CostToWinCustomer, settings.CostToWinCustomer * lost,
            perKept is > 0 ? decimal.Round(settings.CostToWinCustomer / perKept.Value, 2) : null,
            grants.Count(g => g.Kind == LoyaltyActionKind.ExtraMile));
    }

    /// <summary>The report's numbers as CSV: one measure per row, with its value and currency where it is money.</summary>
    public static string ToCsv(RetentionReportDto r)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CsvCells.WriterConfiguration()))
        {
            void Row(string measure, object? value, string? currency = null)
            {
                csv.WriteField(CsvCells.Escape(measure));
                csv.WriteField(CsvCells.Escape(Convert.ToString(value, CultureInfo.InvariantCulture)));
                csv.WriteField(CsvCells.Escape(currency));
                csv.NextRecord();
            }

            Row("measure", "value", "currency");
            Row("from", r.From.ToString("O", CultureInfo.InvariantCulture));
            Row("to", r.To.ToString("O", CultureInfo.InvariantCulture));
            Row("activeAtStart", r.ActiveAtStart);
            Row("kept", r.Kept);
            Row("lost", r.Lost);
            Row("newCustomers", r.NewCustomers);
            Row("retentionRate", r.RetentionRate);
            Row("offersGranted", r.OffersGranted);
            Row("offersCost", r.OffersCost, r.Currency);
            foreach (var other in r.OffersCostInOtherCurrencies)
            {
                Row("offersCost", other.Cost, other.Currency);
            }

            Row("retentionSpend", r.RetentionSpend, r.Currency);
            Row("retentionCost", r.RetentionCost, r.Currency);
            Row("costPerCustomerKept", r.CostPerCustomerKept, r.Currency);
            Row("costToWinCustomer", r.CostToWinCustomer, r.Currency);
            Row("costToReplaceLost", r.CostToReplaceLost, r.Currency);
            Row("winToKeepRatio", r.WinToKeepRatio);
            Row("extraMileActions", r.ExtraMileActions);
        }

        return text.ToString();
    }
}
