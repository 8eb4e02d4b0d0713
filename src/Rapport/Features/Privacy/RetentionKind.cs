namespace Rapport.Features.Privacy;

/// <summary>A kind of data with its own retention period (C23).</summary>
public enum RetentionKind
{
    /// <summary>Message bodies (text, HTML, subject, earlier revisions) and the raw original (e.g. the .eml file).</summary>
    Messages,

    /// <summary>Attachment files and their names.</summary>
    Attachments,

    /// <summary>Call recordings. Rapport stores none yet: the period can be set now and applies once calls are recorded.</summary>
    CallRecordings,

    /// <summary>The changes recorded in audit entries (who did what and when stays, so the chain still verifies).</summary>
    AuditEntries,

    /// <summary>Closed cases' texts: title, requirement, notes and action reasons (numbers, kinds, dates and amounts stay).</summary>
    ClosedCases,
}

/// <summary>What retention does to an item past its period.</summary>
public enum RetentionAction
{
    /// <summary>The personal content is replaced; the record and the facts statistics need stay.</summary>
    Anonymise,

    /// <summary>The item (a file) is deleted.</summary>
    Delete,
}
