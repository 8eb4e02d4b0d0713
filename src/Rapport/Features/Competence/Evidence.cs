using Rapport.Features.Identity;

namespace Rapport.Features.Competence;

/// <summary>The kinds of real work that evidence a criterion (C27).</summary>
public enum EvidenceKind
{
    /// <summary>Promises the person made and kept by their due time (Promises).</summary>
    PromisesKeptOnTime,
    /// <summary>Referrals to a colleague or team, each with its reason (Referrals).</summary>
    ReferralsWithReasons,
    /// <summary>Consent asked of customers and recorded in the consent ledger (Privacy).</summary>
    ConsentAsked,
    /// <summary>Complaints handled through LAST whose follow-up was kept or waived with a reason (Complaints).</summary>
    ComplaintsResolvedWithFollowUp,
    /// <summary>Messages sent to customers, per channel (Conversations).</summary>
    ChannelsUsed,
    /// <summary>Customer-update targets met on time on the person's cases (ServiceStandards: keeping customers informed).</summary>
    CustomersKeptInformed,
    /// <summary>Customers' requirements confirmed with them on the person's cases (Cases).</summary>
    RequirementsConfirmed,
    /// <summary>Quality reviews of the person's interactions in which the behaviour was met (Quality).</summary>
    QualityReviews,
    /// <summary>Customer feedback the person shared with colleagues, and improvement ideas from feedback they proposed, agreed or carried out (Feedback).</summary>
    FeedbackActedOn,
    /// <summary>"Extra mile" actions the person logged for customers (Loyalty).</summary>
    ExtraMileActions,
    /// <summary>Offers of added value the person granted to customers within their authority (Loyalty).</summary>
    AddedValueGranted,
}

/// <summary>The records a portfolio links to: what it is, when, a line that says what happened, and where to read it.</summary>
public sealed record EvidenceRecord(string Type, Guid Id, DateTime At, string Summary, string Link);

/// <summary>
/// What one source found for one person: the kind, an optional detail (a channel; a scorecard item such as 000-B8), how
/// many records, and the most recent of them.
/// </summary>
public sealed record EvidenceFound(EvidenceKind Kind, string? Detail, int Count, IReadOnlyList<EvidenceRecord> Records);

/// <summary>Whose work, over which range [From, To), seen by whom (records the viewer may not see are left out, counts included).</summary>
public sealed record EvidenceQuery(Guid StaffId, DateTime From, DateTime To, Viewer Viewer)
{
    /// <summary>How many records a portfolio lists per kind and detail; the count says how many there are in all.</summary>
    public const int RecordsShown = 10;
}

/// <summary>
/// A source of evidence from one feature's records. A new source (a feature built later) registers an implementation
/// with <c>services.AddScoped&lt;ICompetenceEvidenceSource, ...&gt;()</c> and the portfolio picks it up; nothing else changes.
/// </summary>
public interface ICompetenceEvidenceSource
{
    Task<IReadOnlyList<EvidenceFound>> FindAsync(EvidenceQuery query, CancellationToken ct);
}

/// <summary>What evidences a criterion: a kind of work, and when given, only that detail of it (e.g. reviews where 000-B1 was met).</summary>
public sealed record EvidenceNeed(EvidenceKind Kind, string? Detail = null)
{
    public bool IsMetBy(EvidenceFound found) => found.Kind == Kind && (Detail is null || string.Equals(Detail, found.Detail, StringComparison.OrdinalIgnoreCase));
}
