using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>One way to reach a customer. <see cref="Normalized"/> is the lookup key used by every channel.</summary>
public sealed class ContactPoint : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; internal set; }
    public ContactPointType Type { get; init; }
    /// <summary>As shown to people: an email as given, a phone in international format, a handle with its network.</summary>
    public required string Value { get; init; }
    /// <summary>Lower-cased email, E.164 phone, "network:handle", or a lower-cased single-line address.</summary>
    public required string Normalized { get; init; }
    /// <summary>Social network for <see cref="ContactPointType.Social"/> points (x, facebook, whatsapp, …).</summary>
    public string? Network { get; init; }
    [FreeText]
    public string? Label { get; init; }
    /// <summary>Set when mail to this address bounced; agents are warned before using it.</summary>
    public DateTime? FailingSince { get; private set; }
    public string? FailureReason { get; private set; }

    public void MarkFailing(string reason, DateTime now)
    {
        FailingSince ??= now;
        FailureReason = reason.Length > 300 ? reason[..300] : reason;
    }

    public string AuditSubjectType => "customer";
    public Guid AuditSubjectId => CustomerId;
    public string AuditEntityName => "contactPoint";
}
