using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>A legal hold as the API and pages show it.</summary>
public sealed record LegalHoldDto(Guid Id, Guid? CustomerId, Guid? CaseId, string Reason, Guid? PlacedById, string PlacedByName, DateTime PlacedAt,
    bool InForce, DateTime? ReleasedAt, string? ReleasedByName, string? ReleaseReason);

/// <summary>Places a hold on exactly one of a customer or a case; the reason is a matter reference, not the person's details.</summary>
public sealed record PlaceLegalHoldRequest(Guid? CustomerId = null, Guid? CaseId = null,
    [property: System.ComponentModel.DataAnnotations.StringLength(LegalHold.ReasonMaxLength)] string? Reason = null);

/// <summary>Releases a hold; the reason (e.g. "matter closed") is kept with it.</summary>
public sealed record ReleaseLegalHoldRequest([property: System.ComponentModel.DataAnnotations.StringLength(LegalHold.ReasonMaxLength)] string? Reason = null);

/// <summary>Placing, releasing and asking about legal holds; what retention and erasure consult before they remove anything.</summary>
public sealed class LegalHolds(RapportDbContext db, TimeProvider time)
{
    private IQueryable<LegalHold> InForce => db.Set<LegalHold>().Where(h => h.ReleasedAt == null);

    /// <summary>Customers held directly.</summary>
    public IQueryable<Guid> HeldCustomerIds => InForce.Where(h => h.CustomerId != null).Select(h => h.CustomerId!.Value);

    /// <summary>Cases held directly or through their customer.</summary>
    public IQueryable<Guid> HeldCaseIds => db.Cases.Where(c => InForce.Any(h => h.CaseId == c.Id || h.CustomerId == c.CustomerId)).Select(c => c.Id);

    /// <summary>Conversations held through their customer or a held case they are linked to.</summary>
    public IQueryable<Guid> HeldConversationIds => db.Conversations
        .Where(c => InForce.Any(h => h.CustomerId == c.CustomerId)
            || db.CaseConversations.Any(l => l.ConversationId == c.Id && InForce.Any(h => h.CaseId == l.CaseId)))
        .Select(c => c.Id);

    public async Task<List<LegalHoldDto>> ListAsync(Guid? customerId, Guid? caseId, bool inForceOnly, CancellationToken ct)
    {
        var holds = db.Set<LegalHold>().AsNoTracking();
        if (customerId is { } customer)
        {
            // A customer's page shows holds on the customer and on any of their cases.
            holds = holds.Where(h => h.CustomerId == customer || db.Cases.Any(c => c.Id == h.CaseId && c.CustomerId == customer));
        }

        if (caseId is { } theCase)
        {
            holds = holds.Where(h => h.CaseId == theCase || db.Cases.Any(c => c.Id == theCase && c.CustomerId == h.CustomerId));
        }

        if (inForceOnly)
        {
            holds = holds.Where(h => h.ReleasedAt == null);
        }

        var found = await holds.OrderByDescending(h => h.Id).Take(500).ToListAsync(ct);
        return found.Select(ToDto).ToList();
    }

    /// <summary>Why the customer (or one of their cases, or a record merged into them) cannot be erased, or null.</summary>
    public async Task<string?> BlocksErasureAsync(Guid customerId, CancellationToken ct)
    {
        var customers = db.Customers.Where(c => c.Id == customerId || c.MergedIntoId == customerId).Select(c => c.Id);
        var hold = await InForce.Where(h => (h.CustomerId != null && customers.Contains(h.CustomerId.Value))
                || db.Cases.Any(c => c.Id == h.CaseId && customers.Contains(c.CustomerId)))
            .OrderBy(h => h.PlacedAt).FirstOrDefaultAsync(ct);
        return hold is null ? null
            : $"The customer is under legal hold (placed {hold.PlacedAt:yyyy-MM-dd} by {hold.PlacedByName}{(hold.CaseId is null ? "" : " on one of their cases")}): release the hold before erasing.";
    }

    public async Task<LegalHoldDto> PlaceAsync(PlaceLegalHoldRequest request, CancellationToken ct)
    {
        if ((request.CustomerId is null) == (request.CaseId is null))
        {
            throw new InvalidInputException("customerId", "Give exactly one of customerId and caseId.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new InvalidInputException("reason", "Say why the data is held (e.g. the matter's reference).");
        }

        if (request.CustomerId is { } customerId && !await db.Customers.AnyAsync(c => c.Id == customerId && c.MergedIntoId == null, ct))
        {
            throw new InvalidInputException("customerId", $"No customer has the id '{customerId}'.");
        }

        if (request.CaseId is { } caseId && !await db.Cases.AnyAsync(c => c.Id == caseId, ct))
        {
            throw new InvalidInputException("caseId", $"No case has the id '{caseId}'.");
        }

        var hold = new LegalHold
        {
            CustomerId = request.CustomerId,
            CaseId = request.CaseId,
            Reason = request.Reason.Trim(),
            PlacedById = Guid.TryParse(db.Audit.ActorId, out var actor) ? actor : null,
            PlacedByName = db.Audit.ActorName,
            PlacedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Set<LegalHold>().Add(hold);
        await db.SaveChangesAsync(ct);
        return ToDto(hold);
    }

    /// <summary>Releases the hold; null when there is none with this id. Releasing a released hold is refused.</summary>
    public async Task<LegalHoldDto?> ReleaseAsync(Guid id, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidInputException("reason", "Say why the hold is released (e.g. the matter is closed).");
        }

        var hold = await db.Set<LegalHold>().FirstOrDefaultAsync(h => h.Id == id, ct);
        if (hold is null)
        {
            return null;
        }

        if (!hold.InForce)
        {
            throw new ConflictException($"This hold was already released on {hold.ReleasedAt:yyyy-MM-dd} by {hold.ReleasedByName}.");
        }

        hold.Release(Guid.TryParse(db.Audit.ActorId, out var actor) ? actor : null, db.Audit.ActorName, reason.Trim(), time.GetUtcNow().UtcDateTime);
        db.Audit.Reason = reason.Trim();
        await db.SaveChangesAsync(ct);
        return ToDto(hold);
    }

    public static LegalHoldDto ToDto(LegalHold h) => new(h.Id, h.CustomerId, h.CaseId, h.Reason, h.PlacedById, h.PlacedByName, h.PlacedAt, h.InForce,
        h.ReleasedAt, h.ReleasedByName, h.ReleaseReason);
}
