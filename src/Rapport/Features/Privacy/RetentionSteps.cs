using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>What is under legal hold at the start of a run: few ids, read once and passed to every query.</summary>
internal sealed record Held(List<Guid> Customers, List<Guid> Cases, List<Guid> Conversations)
{
    public List<string> SubjectIds { get; } = Customers.Concat(Cases).Concat(Conversations).Select(id => id.ToString()).ToList();
}

/// <summary>
/// The work of retention for each kind: which items are past their period (and not yet done), which of those are held,
/// and one bounded batch of the change, in its own transaction. Changes are bulk updates, not tracked entities, so the
/// automatic audit of changes does not copy the removed values into new entries.
/// </summary>
internal sealed class RetentionSteps(RapportDbContext db, BlobStore blobs)
{
    public const string Removed = "[removed under the retention policy]";

    public static RetentionAction ActionFor(RetentionKind kind) =>
        kind is RetentionKind.Attachments or RetentionKind.CallRecordings ? RetentionAction.Delete : RetentionAction.Anonymise;

    public static string Covers(RetentionKind kind) => kind switch
    {
        RetentionKind.Messages => "Message text, HTML, subject, earlier revisions and the raw original (e.g. the .eml file) are removed; when, which channel, which way and who stays.",
        RetentionKind.Attachments => "Attachment files are deleted and their names removed; that there was an attachment, its type and size stay.",
        RetentionKind.CallRecordings => "Rapport stores no call recordings yet: the period is kept and will apply once calls are recorded.",
        RetentionKind.AuditEntries => "The recorded changes (old and new values) of audit entries are redacted; who did what, when, stays and the chain still verifies.",
        RetentionKind.ClosedCases => "Closed cases' title, requirement, notes and action texts are removed; number, kind, status, owner, dates and amounts stay.",
        _ => "",
    };

    /// <summary>Past-period items not yet done, as (due and not held, due but held).</summary>
    public async Task<(int Due, int Held)> CountAsync(RetentionKind kind, DateTime cutOff, Held held, CancellationToken ct) => kind switch
    {
        RetentionKind.Messages => (await Messages(cutOff, held, true).CountAsync(ct), await Messages(cutOff, held, false).CountAsync(ct)),
        RetentionKind.Attachments => (await Attachments(cutOff, held, true).CountAsync(ct), await Attachments(cutOff, held, false).CountAsync(ct)),
        RetentionKind.AuditEntries => (await AuditEntries(cutOff, held, true).CountAsync(ct), await AuditEntries(cutOff, held, false).CountAsync(ct)),
        RetentionKind.ClosedCases => (await ClosedCases(cutOff, held, true).CountAsync(ct), await ClosedCases(cutOff, held, false).CountAsync(ct)),
        _ => (0, 0),
    };

    /// <summary>Applies retention to at most <paramref name="batch"/> items of the kind; returns how many it changed.</summary>
    public Task<int> ApplyBatchAsync(RetentionKind kind, DateTime cutOff, Held held, int batch, DateTime policyOf, Guid runId, CancellationToken ct) => kind switch
    {
        RetentionKind.Messages => MessagesBatchAsync(cutOff, held, batch, ct),
        RetentionKind.Attachments => AttachmentsBatchAsync(cutOff, held, batch, ct),
        RetentionKind.AuditEntries => AuditBatchAsync(cutOff, held, batch, policyOf, runId, ct),
        RetentionKind.ClosedCases => CasesBatchAsync(cutOff, held, batch, ct),
        _ => Task.FromResult(0),
    };

    private IQueryable<Message> Messages(DateTime cutOff, Held held, bool free)
    {
        var past = db.Messages.Where(m => m.At < cutOff && m.Text != Removed);
        return free
            ? past.Where(m => !held.Conversations.Contains(m.ConversationId) && !held.Customers.Contains(m.CustomerId))
            : past.Where(m => held.Conversations.Contains(m.ConversationId) || held.Customers.Contains(m.CustomerId));
    }

    private IQueryable<MessageAttachment> Attachments(DateTime cutOff, Held held, bool free)
    {
        var messages = db.Messages.Where(m => m.At < cutOff);
        messages = free
            ? messages.Where(m => !held.Conversations.Contains(m.ConversationId) && !held.Customers.Contains(m.CustomerId))
            : messages.Where(m => held.Conversations.Contains(m.ConversationId) || held.Customers.Contains(m.CustomerId));
        return db.Attachments.Where(a => a.BlobRef != null && messages.Any(m => m.Id == a.MessageId));
    }

    private IQueryable<AuditEntry> AuditEntries(DateTime cutOff, Held held, bool free)
    {
        // Erasures' and retention's own entries list what they redacted: verification needs them whole.
        var past = db.AuditEntries.Where(e => e.At < cutOff && !e.Changes.StartsWith("{\"redacted\":")
            && e.Action != AuditRedaction.ErasedAction && e.Action != AuditRedaction.RetentionAction);
        return free ? past.Where(e => !held.SubjectIds.Contains(e.SubjectId)) : past.Where(e => held.SubjectIds.Contains(e.SubjectId));
    }

    private IQueryable<Case> ClosedCases(DateTime cutOff, Held held, bool free)
    {
        var past = db.Cases.Where(c => c.Status == CaseStatus.Closed && c.ResolvedAt != null && c.ResolvedAt < cutOff && c.Title != Removed);
        return free ? past.Where(c => !held.Cases.Contains(c.Id)) : past.Where(c => held.Cases.Contains(c.Id));
    }

    private async Task<int> MessagesBatchAsync(DateTime cutOff, Held held, int batch, CancellationToken ct)
    {
        var ids = await Messages(cutOff, held, true).OrderBy(m => m.At).Select(m => m.Id).Take(batch).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }

        List<string> files;
        await using (var transaction = await db.BeginWriteTransactionAsync(ct))
        {
            var messages = db.Messages.Where(m => ids.Contains(m.Id));
            files = await messages.Where(m => m.RawRef != null).Select(m => m.RawRef!).ToListAsync(ct);
            var conversations = await messages.Select(m => m.ConversationId).Distinct().ToListAsync(ct);
            await db.MessageRevisions.Where(r => ids.Contains(r.MessageId)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Text, Removed), ct);
            await db.SplitParts.Where(p => ids.Contains(p.MessageId)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Text, Removed), ct);
            await db.InboundJournal.Where(j => j.MessageId != null && ids.Contains(j.MessageId.Value))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Payload, (string?)null).SetProperty(j => j.Error, (string?)null), ct);
            await messages.ExecuteUpdateAsync(s => s.SetProperty(m => m.Text, Removed).SetProperty(m => m.Html, (string?)null)
                .SetProperty(m => m.Subject, (string?)null).SetProperty(m => m.RawRef, (string?)null).SetProperty(m => m.ParseWarning, (string?)null), ct);
            // A conversation whose every message is gone no longer shows a preview of one.
            await db.Conversations.Where(c => conversations.Contains(c.Id) && !db.Messages.Any(m => m.ConversationId == c.Id && m.Text != Removed))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastMessagePreview, (string?)null), ct);
            await transaction.CommitAsync(ct);
        }

        await UnusedFiles.DeleteAsync(db, blobs, files, ct);
        return ids.Count;
    }

    private async Task<int> AttachmentsBatchAsync(DateTime cutOff, Held held, int batch, CancellationToken ct)
    {
        var found = await Attachments(cutOff, held, true).OrderBy(a => a.Id).Select(a => new { a.Id, a.BlobRef }).Take(batch).ToListAsync(ct);
        if (found.Count == 0)
        {
            return 0;
        }

        var ids = found.Select(a => a.Id).ToList();
        await db.Attachments.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.BlobRef, (string?)null)
            .SetProperty(a => a.FileName, Removed).SetProperty(a => a.ContentId, (string?)null).SetProperty(a => a.NotStoredReason, "retention")
            .SetProperty(a => a.ProviderRef, (string?)null).SetProperty(a => a.FetchPending, false), ct);
        await UnusedFiles.DeleteAsync(db, blobs, found.Select(a => a.BlobRef!), ct);
        return ids.Count;
    }

    private async Task<int> AuditBatchAsync(DateTime cutOff, Held held, int batch, DateTime policyOf, Guid runId, CancellationToken ct)
    {
        var sequences = await AuditEntries(cutOff, held, true).OrderBy(e => e.Sequence).Select(e => e.Sequence).Take(batch).ToListAsync(ct);
        if (sequences.Count == 0)
        {
            return 0;
        }

        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var vouched = await AuditRedaction.RedactSequencesAsync(db, sequences, AuditRedaction.RetentionMarker(policyOf), ct);
        // Like an erasure's, this entry lists what it redacted: verification accepts a marker only where such an entry names it.
        db.Audit.Record(AuditRedaction.RetentionAction, "retention", runId, new
        {
            kind = RetentionKind.AuditEntries.ToString(),
            cutOff,
            policyOf,
            redacted = sequences,
            vouched = vouched.ToDictionary(v => v.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), v => v.Value),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return sequences.Count;
    }

    private async Task<int> CasesBatchAsync(DateTime cutOff, Held held, int batch, CancellationToken ct)
    {
        var ids = await ClosedCases(cutOff, held, true).OrderBy(c => c.ResolvedAt).Select(c => c.Id).Take(batch).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }

        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        await db.Cases.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, Removed).SetProperty(c => c.Requirement, "")
            .SetProperty(c => c.RequirementConfirmedHow, (string?)null), ct);
        await db.CaseNotes.Where(n => ids.Contains(n.CaseId)).ExecuteUpdateAsync(s => s.SetProperty(n => n.Text, Removed), ct);
        await db.CaseActions.Where(a => ids.Contains(a.CaseId)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Description, (string?)null)
            .SetProperty(a => a.Reason, Removed).SetProperty(a => a.DecisionReason, (string?)null).SetProperty(a => a.Outcome, (string?)null), ct);
        await db.Referrals.Where(r => r.CaseId != null && ids.Contains(r.CaseId.Value)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Reason, Removed)
            .SetProperty(r => r.CustomerMessage, (string?)null).SetProperty(r => r.DecisionReason, (string?)null), ct);
        await transaction.CommitAsync(ct);
        return ids.Count;
    }
}
