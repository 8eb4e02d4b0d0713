using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>Reading and appending to a customer's consent ledger. Entries are only ever added; each is audited on save.</summary>
public sealed class ConsentLedger(RapportDbContext db, TimeProvider time)
{
    /// <summary>The ledger of the customer (of the record it was merged into, for a merged-away id); null if there is no such customer.</summary>
    public async Task<ConsentLedgerDto?> ReadAsync(Guid customerId, CancellationToken ct)
    {
        if (await LiveCustomerIdAsync(db, customerId, ct) is not { } id)
        {
            return null;
        }

        var entries = await EntriesAsync(db, id, ct);
        return new ConsentLedgerDto(id, ConsentState.Current(entries), entries.Select(e => e.ToDto()).ToList());
    }

    /// <summary>Adds a decision to the ledger; null if there is no such customer.</summary>
    public async Task<ConsentRecord?> RecordAsync(Guid customerId, RecordConsentRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var at = Validate(request, now);
        var merged = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.MergedIntoId, c.ErasedAt }).FirstOrDefaultAsync(ct);
        if (merged is null)
        {
            return null;
        }

        if (merged.MergedIntoId is { } survivor)
        {
            throw new InvalidInputException("id", $"This customer was merged into {survivor}; record consent on that record.");
        }

        Customer.RefuseIfErased(merged.ErasedAt);

        var record = new ConsentRecord
        {
            CustomerId = customerId,
            Purpose = request.Purpose,
            Channel = request.Channel,
            Decision = request.Decision,
            Basis = request.Basis,
            Source = request.Source,
            At = at,
            RecordedAt = now,
            RecordedById = Guid.TryParse(db.Audit.ActorId, out var actor) ? actor : null,
            RecordedByName = db.Audit.ActorName,
            Wording = Blank(request.Wording),
            Evidence = Blank(request.Evidence),
        };
        db.Consents.Add(record);
        await db.SaveChangesAsync(ct);
        return record;
    }

    internal static async Task<Guid?> LiveCustomerIdAsync(RapportDbContext db, Guid customerId, CancellationToken ct)
    {
        var found = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.Id, c.MergedIntoId }).FirstOrDefaultAsync(ct);
        return found is null ? null : found.MergedIntoId ?? found.Id;
    }

    internal static Task<List<ConsentRecord>> EntriesAsync(RapportDbContext db, Guid customerId, CancellationToken ct) =>
        db.Consents.AsNoTracking().Where(c => c.CustomerId == customerId).OrderBy(c => c.At).ThenBy(c => c.RecordedAt).ThenBy(c => c.Id).ToListAsync(ct);

    private static DateTime Validate(RecordConsentRequest request, DateTime now)
    {
        if (request.Purpose == ConsentPurpose.Marketing)
        {
            if (request.Decision == ConsentDecision.Given && request.Channel == ConsentChannel.All)
            {
                throw new InvalidInputException("channel", "Marketing consent is given per channel: name one (email, sms, phone, post or messaging). A withdrawal may cover all.");
            }
        }
        else if (request.Channel != ConsentChannel.All)
        {
            throw new InvalidInputException("channel", $"Only marketing is recorded per channel; leave channel out (all) for {ConsentLabels.Purpose(request.Purpose).ToLowerInvariant()}.");
        }

        if (request.Decision == ConsentDecision.Given && request.Basis == LawfulBasis.Consent && string.IsNullOrWhiteSpace(request.Wording))
        {
            throw new InvalidInputException("wording", "Consent must be shown to be informed: record the words the customer agreed to.");
        }

        var at = request.At is not { } given ? now
            : given.Kind == DateTimeKind.Local ? given.ToUniversalTime()
            : DateTime.SpecifyKind(given, DateTimeKind.Utc);
        if (at > now.AddMinutes(5))
        {
            throw new InvalidInputException("at", "A decision cannot be recorded as made in the future.");
        }

        if (at.Year < 1970)
        {
            throw new InvalidInputException("at", "Give the date and time the customer decided (UTC).");
        }

        return at;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
