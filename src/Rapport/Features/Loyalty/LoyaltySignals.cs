using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Complaints;
using Rapport.Features.Feedback;
using Rapport.Features.Promises;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>
/// Works out the loyalty figures of a batch of customers with one grouped query per source (conversations, complaints,
/// feedback, promises, business) — every one on an index that starts with the customer — so the scheduled refresh costs
/// a few queries per few hundred customers, never a scan of their messages.
/// </summary>
public sealed class LoyaltySignals(RapportDbContext db)
{
    private const int YearDays = 365;
    /// <summary>How far back the usual interval between conversations is read.</summary>
    private const int IntervalYears = 2;
    /// <summary>The scored answers that count as "recent feedback".</summary>
    private const int RecentFeedback = 3;

    public async Task<IReadOnlyList<CustomerLoyaltyFigures>> WorkOutAsync(IReadOnlyCollection<Guid> customerIds, LoyaltySettings settings, DateTime now,
        CancellationToken ct)
    {
        var yearAgo = now.AddDays(-YearDays);
        var twoYearsAgo = now.AddDays(-2 * YearDays);
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id))
            .Select(c => new { c.Id, c.CustomerSince, c.CreatedAt, c.LastContactAt }).ToListAsync(ct);
        var conversations = (await db.Conversations.AsNoTracking()
                .Where(c => customerIds.Contains(c.CustomerId) && c.LastMessageAt >= now.AddDays(-IntervalYears * YearDays))
                .Select(c => new { c.CustomerId, c.CreatedAt, c.LastMessageAt }).ToListAsync(ct))
            .ToLookup(c => c.CustomerId);
        var firstConversation = (await db.Conversations.AsNoTracking().Where(c => customerIds.Contains(c.CustomerId))
                .GroupBy(c => c.CustomerId).Select(g => new { g.Key, First = g.Min(c => c.CreatedAt) }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.First);
        var openComplaints = (await db.Set<Complaint>().AsNoTracking()
                .Join(db.Cases, k => k.CaseId, c => c.Id, (k, c) => c)
                .Where(c => customerIds.Contains(c.CustomerId) && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed)
                .GroupBy(c => c.CustomerId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
        var feedback = (await db.Set<FeedbackEntry>().AsNoTracking()
                .Where(f => f.CustomerId != null && customerIds.Contains(f.CustomerId.Value) && f.Rating != null && f.GivenAt >= yearAgo)
                .Select(f => new { CustomerId = f.CustomerId!.Value, f.GivenAt, f.Id, f.Rating }).ToListAsync(ct))
            .ToLookup(f => f.CustomerId);
        var broken = (await db.Set<Promise>().AsNoTracking()
                .Where(p => customerIds.Contains(p.CustomerId) && p.Status == PromiseStatus.Broken && p.ClosedAt >= yearAgo)
                .GroupBy(p => p.CustomerId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
        // Amounts summed here, not in SQL: SQLite cannot add decimals.
        var business = (await db.Set<BusinessRecord>().AsNoTracking().Where(b => customerIds.Contains(b.CustomerId))
                .Select(b => new { b.CustomerId, b.Currency, b.Amount, b.OccurredAt }).ToListAsync(ct))
            .ToLookup(b => b.CustomerId);

        return customers.Select(c =>
        {
            var theirs = conversations[c.Id].OrderBy(x => x.CreatedAt).ToList();
            var starts = theirs.Select(x => x.CreatedAt).ToList();
            double? usual = starts.Count >= 2 ? (starts[^1] - starts[0]).TotalDays / (starts.Count - 1) : null;
            var lastContact = c.LastContactAt ?? (theirs.Count > 0 ? theirs.Max(x => x.LastMessageAt) : null);
            var recent = feedback[c.Id].OrderByDescending(f => f.GivenAt).ThenByDescending(f => f.Id).Take(RecentFeedback).ToList();
            var low = recent.Count == 0 ? 0 : recent.Sum(f => f.Rating switch { FeedbackRating.Negative => 1.0, FeedbackRating.Neutral => 0.5, _ => 0 }) / recent.Count;
            var records = business[c.Id].ToList();
            var totals = records.GroupBy(b => b.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new BusinessTotal(g.Key, g.Count(), g.Sum(b => b.Amount), g.Count(b => b.OccurredAt >= yearAgo),
                    g.Where(b => b.OccurredAt >= yearAgo).Sum(b => b.Amount)))
                .ToList();
            var inCurrency = records.Where(b => b.Currency == settings.Currency).ToList();
            var byValue = inCurrency.Count > 0;
            var thisYear = byValue ? inCurrency.Where(b => b.OccurredAt >= yearAgo).Sum(b => b.Amount) : records.Count(b => b.OccurredAt >= yearAgo);
            var lastYear = byValue
                ? inCurrency.Where(b => b.OccurredAt >= twoYearsAgo && b.OccurredAt < yearAgo).Sum(b => b.Amount)
                : records.Count(b => b.OccurredAt >= twoYearsAgo && b.OccurredAt < yearAgo);
            var signals = new RiskSignals(lastContact is { } l ? Math.Max(0, Math.Floor((now - l).TotalDays)) : null, usual,
                openComplaints.GetValueOrDefault(c.Id), recent.Count, low, broken.GetValueOrDefault(c.Id), thisYear, lastYear);

            var since = firstConversation.TryGetValue(c.Id, out var first) && first < c.CustomerSince ? first : c.CustomerSince;
            var value = inCurrency.Sum(b => b.Amount);
            var because = since <= now.AddYears(-settings.LongStandingYears)
                ? $"a customer for {settings.LongStandingYears} years or more"
                : settings.LongStandingValue > 0 && value >= settings.LongStandingValue
                    ? $"business of {Authority.Currencies.Format(settings.LongStandingValue, settings.Currency)} or more"
                    : null;
            return new CustomerLoyaltyFigures(c.Id, since, theirs.Count(x => x.LastMessageAt >= yearAgo), lastContact, totals, because is not null, because,
                RiskScore.Explain(signals, settings.Weights));
        }).ToList();
    }
}
