using Rapport.Features.Audit;
using Rapport.Features.Authority;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>What kind of business a customer brought: a purchase, a booking, a renewal, or something else.</summary>
public enum BusinessKind { Purchase, Booking, Renewal, Other }

/// <summary>
/// One piece of business a customer brought, as the organisation logs it (C25, repeat business and value): what, how
/// much in which currency, and when. Rapport records it for loyalty; it is not an accounting system.
/// </summary>
public sealed class BusinessRecord : IAudited
{
    public const int DescriptionMaxLength = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; set; }
    public BusinessKind Kind { get; private init; }
    public decimal Amount { get; private init; }
    public string Currency { get; private init; } = "";
    /// <summary>When the business happened (the purchase or booking date), as UTC midnight of that day or the instant given.</summary>
    public DateTime OccurredAt { get; private init; }
    [FreeText]
    public string Description { get; private init; } = "";
    public Guid? RecordedById { get; private init; }
    public string RecordedByName { get; private init; } = "";
    public DateTime RecordedAt { get; private init; }

    public string AuditSubjectType => "customer";
    public Guid AuditSubjectId => CustomerId;
    public string AuditEntityName => "businessRecord";

    public static BusinessRecord Create(Guid customerId, BusinessKind kind, decimal? amount, string? currency, DateTime? occurredAt,
        string? description, Guid? byId, string byName, DateTime now)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new InvalidInputException("kind", "Kind is purchase, booking, renewal or other.");
        }

        var when = occurredAt ?? now;
        if (when > now.AddDays(1))
        {
            throw new InvalidInputException("occurredAt", "Business is logged once it has happened; occurredAt is in the future.");
        }

        var text = description?.Trim() ?? "";
        if (text.Length is 0 or > DescriptionMaxLength)
        {
            throw new InvalidInputException("description", $"Say what the business was, in 1 to {DescriptionMaxLength} characters.");
        }

        return new BusinessRecord
        {
            CustomerId = customerId,
            Kind = kind,
            Amount = Currencies.RequireAmount(amount, "amount", allowZero: true),
            Currency = Currencies.Require(currency, "currency"),
            OccurredAt = when,
            Description = text,
            RecordedById = byId,
            RecordedByName = byName,
            RecordedAt = now,
        };
    }
}
