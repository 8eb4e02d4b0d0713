using Microsoft.EntityFrameworkCore;
using Rapport.Features.Templates;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>Who is contacting us, as every channel asks it (C3): the customer, how long they have been one, and the greeting.</summary>
public sealed record ReturningCustomerDto(
    CustomerSummaryDto Customer, string MatchedBy, string MatchedValue, DateTime CustomerSince, string Tenure,
    DateTime? LastContactAt, CommunicationProfileDto Profile, string Greeting, int OtherMatches);

/// <summary>The one lookup by email, phone (any common format) or social handle used by every channel.</summary>
public sealed class ReturningCustomerLookup(RapportDbContext db, ContactPointRules rules, TimeProvider time, TemplateService templates)
{
    /// <summary>
    /// One statement, compiled (every channel asks it for every contact): the customers holding the point, the one
    /// contacted most recently (several records can share a point — a household phone) and how many others there are
    /// (up to 9); the greeting from its template follows.
    /// </summary>
    private static readonly CompiledForEachModel<Func<RapportDbContext, string, ContactPointType, CancellationToken, Task<Holder?>>> ByContactPoint = new(() =>
        EF.CompileAsyncQuery((RapportDbContext db, string key, ContactPointType type, CancellationToken ct) => db.Customers.AsNoTracking()
            .Where(c => c.MergedIntoId == null && db.ContactPoints.Where(p => p.Normalized == key && p.Type == type).Select(p => p.CustomerId).Contains(c.Id))
            .OrderByDescending(c => c.LastContactAt ?? c.CustomerSince)
            .Select(c => new Holder(c.Id, c.Name, c.Type, c.Kind, c.Organisation, c.CustomerSince, c.LastContactAt, c.Profile,
                c.ContactPoints.Where(p => p.Type == ContactPointType.Email).OrderBy(p => p.Id).Select(p => p.Value).FirstOrDefault(),
                c.ContactPoints.Where(p => p.Type == ContactPointType.Phone).OrderBy(p => p.Id).Select(p => p.Value).FirstOrDefault(),
                db.Customers.Where(o => o.MergedIntoId == null && db.ContactPoints.Where(p => p.Normalized == key && p.Type == type).Select(p => p.CustomerId).Contains(o.Id))
                    .OrderBy(o => o.Id).Take(10).Count()))
            .FirstOrDefault()));

    private sealed record Holder(Guid Id, string Name, PartyType Type, CustomerKind Kind, string? Organisation, DateTime CustomerSince,
        DateTime? LastContactAt, CommunicationProfile Profile, string? PrimaryEmail, string? PrimaryPhone, int Matches);

    public async Task<ReturningCustomerDto?> FindAsync(string? email, string? phone, string? handle, string? network, CancellationToken ct)
    {
        var (type, key, matchedBy) = KeyFor(email, phone, handle, network);
        var customer = await ByContactPoint.For(db)(db, key, type, ct);
        if (customer is null)
        {
            return null;
        }

        var tenure = Tenure(customer.CustomerSince, time.GetUtcNow().UtcDateTime);
        var greeting = await templates.GreetingAsync(new GreetingSubject(customer.Name, customer.Type, customer.CustomerSince, customer.Profile.Language),
            ChannelFor(type, network), ct);
        var summary = new CustomerSummaryDto(customer.Id, customer.Name, customer.Type, customer.Kind, customer.Organisation,
            customer.PrimaryEmail, customer.PrimaryPhone, customer.CustomerSince, customer.LastContactAt, customer.Profile.HasAccessibilityNeeds);
        return new ReturningCustomerDto(summary, matchedBy, key, customer.CustomerSince, tenure, customer.LastContactAt,
            customer.Profile.ToDto(), greeting, customer.Matches - 1);
    }

    /// <summary>The greeting for someone no customer record knows yet (the first-contact template for the channel).</summary>
    public Task<string> FirstContactGreetingAsync(Channel channel, CancellationToken ct) => templates.GreetingAsync(null, channel, ct);

    /// <summary>The channel a contact point is reached on, for choosing the greeting's template.</summary>
    public static Channel ChannelFor(ContactPointType type, string? network) => type switch
    {
        ContactPointType.Email => Channel.Email,
        ContactPointType.Phone => Channel.Phone,
        _ => network?.Trim().ToLowerInvariant() switch
        {
            "whatsapp" => Channel.WhatsApp,
            "messenger" or "facebook" => Channel.Messenger,
            "telegram" => Channel.Telegram,
            "webchat" => Channel.Chat,
            _ => Channel.Social,
        },
    };

    /// <summary>The channel of a lookup from one box (as <see cref="FindAnyAsync"/> reads it).</summary>
    public static Channel ChannelOf(string? query, string? network) =>
        !string.IsNullOrWhiteSpace(network) ? ChannelFor(ContactPointType.Social, network)
        : query?.Contains('@', StringComparison.Ordinal) == true && !query.TrimStart().StartsWith('@') ? Channel.Email : Channel.Phone;

    /// <summary>
    /// The lookup from one box, as an agent types it: with a network it is a handle (a WhatsApp handle is a phone
    /// number); otherwise "@name" needs a network, text with an @ is an email, and anything else a phone number.
    /// </summary>
    public Task<ReturningCustomerDto?> FindAnyAsync(string? query, string? network, CancellationToken ct)
    {
        var text = query?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new InvalidInputException("query", "Enter an email, a phone number or a social handle.");
        }

        if (!string.IsNullOrWhiteSpace(network))
        {
            return FindAsync(null, null, text, network, ct);
        }

        if (text.StartsWith('@'))
        {
            throw new InvalidInputException("network", $"Choose the network '{text}' is a handle on.");
        }

        return text.Contains('@', StringComparison.Ordinal) ? FindAsync(text, null, null, null, ct) : FindAsync(null, text, null, null, ct);
    }

    private (ContactPointType Type, string Key, string MatchedBy) KeyFor(string? email, string? phone, string? handle, string? network)
    {
        var given = new[] { email, phone, handle }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            throw new InvalidInputException("query", "Give exactly one of email, phone or handle (with network).");
        }

        if (!string.IsNullOrWhiteSpace(email))
        {
            return (ContactPointType.Email, ContactPointRules.NormalizeEmail(email, "email"), "email");
        }

        if (!string.IsNullOrWhiteSpace(phone))
        {
            return (ContactPointType.Phone, rules.NormalizePhone(phone, "phone"), "phone");
        }

        return (ContactPointType.Social, rules.NormalizeHandle(handle!, network, "handle"), "handle");
    }

    public static string Tenure(DateTime since, DateTime now)
    {
        var months = ((now.Year - since.Year) * 12) + now.Month - since.Month - (now.Day < since.Day ? 1 : 0);
        if (months < 1)
        {
            var days = Math.Max(0, (int)(now - since).TotalDays);
            return days == 1 ? "1 day" : $"{days} days";
        }

        var (years, rest) = (months / 12, months % 12);
        var parts = new List<string>();
        if (years > 0) parts.Add(years == 1 ? "1 year" : $"{years} years");
        if (rest > 0) parts.Add(rest == 1 ? "1 month" : $"{rest} months");
        return string.Join(" ", parts);
    }
}
