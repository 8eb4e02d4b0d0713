using System.Globalization;
using System.Text;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Cases;

/// <summary>A label on a case, lower-cased so filters match however it was typed.</summary>
public sealed class CaseTag : IAudited
{
    public const int MaxLength = 50;

    public Guid CaseId { get; init; }
    public required string Tag { get; init; }

    public string AuditSubjectType => "case";
    public Guid AuditSubjectId => CaseId;
    public string AuditEntityName => "caseTag";

    public static HashSet<string> Normalise(IEnumerable<string> tags)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in tags)
        {
            var tag = raw?.Trim().ToLowerInvariant() ?? "";
            if (tag.Length is 0 or > MaxLength)
            {
                throw new InvalidInputException("tags", $"A tag has 1 to {MaxLength} characters.");
            }

            set.Add(tag);
        }

        return set.Count > 20 ? throw new InvalidInputException("tags", "A case has at most 20 tags.") : set;
    }
}

/// <summary>A colleague who wants to hear about a case.</summary>
public sealed class CaseFollower : IAudited
{
    public Guid CaseId { get; init; }
    public Guid UserId { get; init; }

    public string AuditSubjectType => "case";
    public Guid AuditSubjectId => CaseId;
    public string AuditEntityName => "caseFollower";
}

/// <summary>
/// A conversation linked to a case. A conversation belongs to at most one case at a time (unique on the conversation),
/// so its messages count towards one set of service targets; moving it means unlinking it first.
/// </summary>
public sealed class CaseConversation : IAudited
{
    public Guid CaseId { get; init; }
    public Guid ConversationId { get; init; }
    public DateTime LinkedAt { get; init; }

    public string AuditSubjectType => "case";
    public Guid AuditSubjectId => CaseId;
    public string AuditEntityName => "caseConversation";
}

/// <summary>An internal note on a case, visible to staff only; @mentions notify the colleagues named.</summary>
public sealed class CaseNote : IAudited
{
    public const int TextMaxLength = 10_000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CaseId { get; init; }
    public Guid AuthorId { get; init; }
    public required string AuthorName { get; init; }
    [FreeText]
    public required string Text { get; init; }
    public DateTime At { get; init; }

    public string AuditSubjectType => "case";
    public Guid AuditSubjectId => CaseId;
    public string AuditEntityName => "caseNote";
}

/// <summary>A kind of case the organisation defines beyond the built-in ones (e.g. "warranty claim").</summary>
public sealed class CaseKind : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Key { get; init; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; init; }

    public string AuditSubjectType => "caseKind";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "caseKind";
}

/// <summary>The built-in kinds (standard 000 S: information, booking, complaint) and how a kind's key is written.</summary>
public static class CaseKinds
{
    public const string Information = "information";
    public const string Booking = "booking";
    public const string Complaint = "complaint";

    public static readonly IReadOnlyList<(string Key, string Name)> BuiltIn =
        [(Information, "Information"), (Booking, "Booking"), (Complaint, "Complaint")];

    /// <summary>
    /// A kind's key is its name as an ASCII slug, safe in a URL, a query string or a file: "Warranty claim" →
    /// "warranty-claim", "Réclamation" → "reclamation", "Straße/Öffnung" → "strasse-offnung". Accents are dropped, common
    /// ligatures spelled out, apostrophes removed, anything else separates words. Empty when the name has no Latin letter
    /// or digit (e.g. "Жалоба"): no key can be made from it.
    /// </summary>
    public static string KeyFor(string name)
    {
        var key = new StringBuilder(name.Length);
        var gap = false;
        foreach (var ch in name.Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                || ch is '\'' or '\u2019')
            {
                continue;
            }

            var ascii = Spelled(char.ToLowerInvariant(ch));
            if (ascii.Length == 0)
            {
                gap = key.Length > 0;
                continue;
            }

            if (gap)
            {
                key.Append('-');
                gap = false;
            }

            key.Append(ascii);
        }

        return key.ToString();
    }

    // Latin letters that do not decompose into a base letter and a mark.
    private static string Spelled(char ch) => ch switch
    {
        >= 'a' and <= 'z' or >= '0' and <= '9' => ch.ToString(),
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' or 'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        'ħ' => "h",
        'ŧ' => "t",
        _ => "",
    };
}
