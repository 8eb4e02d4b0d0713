using System.Security.Claims;
using Rapport.Features.Identity;

namespace Rapport.Features.Audit;

/// <summary>
/// Who is acting in this scope and why. Set once per entry point (HTTP request, Blazor page, CLI command);
/// the DbContext stamps every audit entry with it.
/// </summary>
public sealed class AuditContext(TimeProvider time)
{
    public TimeProvider Time => time;

    private readonly List<AuditDraft> explicitEntries = [];

    public string ActorId { get; private set; } = "system";
    public string ActorName { get; private set; } = "system";
    public ClaimsPrincipal Principal { get; private set; } = new(new ClaimsIdentity());

    /// <summary>Why the current change is made, when the user gave a reason.</summary>
    public string? Reason { get; set; }

    public void SetActor(ClaimsPrincipal principal)
    {
        Principal = principal;
        if (principal.Identity?.IsAuthenticated == true)
        {
            ActorId = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
            ActorName = principal.FindFirstValue(RapportClaims.DisplayName)
                ?? principal.Identity.Name ?? ActorId;
        }
    }

    public void SetSystemActor(string name)
    {
        ActorId = "system";
        ActorName = name;
    }

    /// <summary>Records an action that is not a plain row change (a merge, a confidential read); written on the next save.</summary>
    public void Record(string action, string subjectType, Guid subjectId, object details) =>
        Record(action, subjectType, subjectId.ToString(), details);

    /// <summary>As above, for a subject that is not one record (e.g. "customers"/"export" for a bulk export).</summary>
    public void Record(string action, string subjectType, string subjectId, object details) =>
        explicitEntries.Add(new AuditDraft(action, subjectType, subjectId, AuditJson.Serialize(details)));

    internal List<AuditDraft> TakeExplicitEntries()
    {
        var taken = explicitEntries.ToList();
        explicitEntries.Clear();
        return taken;
    }
}

internal sealed record AuditDraft(string Action, string SubjectType, string SubjectId, string Changes);
