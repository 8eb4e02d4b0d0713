namespace Rapport.Features.Audit;

/// <summary>
/// An entity whose every insert, update and delete is written to the audit trail automatically on save.
/// The subject is the record a person would look up the history of (a contact point's subject is its customer).
/// </summary>
public interface IAudited
{
    string AuditSubjectType { get; }
    Guid AuditSubjectId { get; }
    /// <summary>The entity's name in action names, e.g. "contactPoint" → "contactPoint.added".</summary>
    string AuditEntityName { get; }
}

/// <summary>Properties never written to the audit trail in clear (their change is recorded, not their value).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AuditRedactedAttribute : Attribute;

/// <summary>Properties not worth an audit line (bookkeeping such as row versions).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;
