using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Features.Customers;
using Rapport.Features.Promises;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>What an erasure did, counted; the same answer when the customer had already been erased.</summary>
public sealed record ErasureDto(Guid CustomerId, DateTime ErasedAt, bool AlreadyErased, int Conversations, int Messages, int Attachments,
    int Files, int Cases, int Promises, int Referrals, int AuditEntriesRedacted, int OtherValuesScrubbed);

/// <summary>
/// Erasure as anonymisation (C22): removes what identifies a person from every place Rapport keeps it, and keeps the facts
/// statistics need — that there were conversations, messages, cases and promises, when, on which channels, with which
/// statuses and durations — under a tombstone "Erased customer" record. Changes are written as bulk updates, not through
/// tracked entities, so the automatic audit of changes does not copy the erased values into new entries; the erasure
/// itself is one audit entry that lists what it redacted, which is what lets the audit chain still verify.
/// </summary>
public sealed class CustomerErasure(RapportDbContext db, BlobStore blobs, LegalHolds holds, IEnumerable<ISubjectRightsParticipant> sections)
{
    private const string Erased = IdentifierScrub.Replacement;

    /// <summary>Erases the customer (and any records merged into it); null when there is no such customer.</summary>
    public async Task<ErasureDto?> EraseAsync(Guid customerId, string reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidInputException("reason", "Say why the person's data is erased (e.g. the request's reference).");
        }

        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null)
        {
            return null;
        }

        if (customer.MergedIntoId is { } survivor)
        {
            throw new InvalidInputException("id", $"This record was merged into {survivor}; erase that record (it erases this one too).");
        }

        if (customer.ErasedAt is { } erasedAt)
        {
            return await PreviousAsync(customerId, erasedAt, ct);
        }

        if (await holds.BlocksErasureAsync(customerId, ct) is { } held)
        {
            throw new ConflictException(held);
        }

        var now = db.Audit.Time.GetUtcNow().UtcDateTime;
        List<string> files;
        ErasureDto result;
        await using (var transaction = await db.BeginWriteTransactionAsync(ct))
        {
            (result, files) = await EraseInTransactionAsync(customerId, reason.Trim(), now, ct);
            await transaction.CommitAsync(ct);
        }

        result = result with { Files = await UnusedFiles.DeleteAsync(db, blobs, files, ct) };
        return result;
    }

    private async Task<(ErasureDto, List<string> Files)> EraseInTransactionAsync(Guid customerId, string reason, DateTime now, CancellationToken ct)
    {
        var customerIds = await db.Customers.Where(c => c.Id == customerId || c.MergedIntoId == customerId).Select(c => c.Id).ToListAsync(ct);
        var identifiers = await IdentifiersAsync(customerIds, ct);

        var conversations = db.Conversations.Where(c => customerIds.Contains(c.CustomerId));
        var messages = db.Messages.Where(m => customerIds.Contains(m.CustomerId) || conversations.Any(c => c.Id == m.ConversationId));
        var attachments = db.Attachments.Where(a => messages.Any(m => m.Id == a.MessageId));
        var cases = db.Cases.Where(c => customerIds.Contains(c.CustomerId));
        var promises = db.Set<Promise>().Where(p => customerIds.Contains(p.CustomerId));
        var referrals = db.Referrals.Where(r => cases.Any(c => c.Id == r.CaseId) || conversations.Any(c => c.Id == r.ConversationId));

        var conversationIds = await conversations.Select(c => c.Id).ToListAsync(ct);
        var caseIds = await cases.Select(c => c.Id).ToListAsync(ct);
        var promiseIds = await promises.Select(p => p.Id).ToListAsync(ct);
        var referralIds = await referrals.Select(r => r.Id).ToListAsync(ct);
        var caseActionIds = await db.CaseActions.Where(a => caseIds.Contains(a.CaseId)).Select(a => a.Id).ToListAsync(ct);
        var files = await attachments.Where(a => a.BlobRef != null).Select(a => a.BlobRef!).Distinct().ToListAsync(ct);
        files.AddRange(await messages.Where(m => m.RawRef != null).Select(m => m.RawRef!).Distinct().ToListAsync(ct));
        var messageCount = await messages.CountAsync(ct);

        // Messages and what hangs off them: who, what and the original are gone; when, which channel, which way and
        // whether it was delivered stay.
        var attachmentCount = await attachments.ExecuteUpdateAsync(s => s
            .SetProperty(a => a.FileName, Erased).SetProperty(a => a.BlobRef, (string?)null).SetProperty(a => a.ContentId, (string?)null)
            .SetProperty(a => a.NotStoredReason, "erased").SetProperty(a => a.ProviderRef, (string?)null).SetProperty(a => a.FetchPending, false), ct);
        await db.MessageRevisions.Where(r => messages.Any(m => m.Id == r.MessageId)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Text, Erased), ct);
        await db.SplitParts.Where(p => messages.Any(m => m.Id == p.MessageId)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Text, Erased), ct);
        await db.MessageReferences.Where(r => messages.Any(m => m.Id == r.MessageId)).ExecuteDeleteAsync(ct);
        await db.InboundJournal.Where(j => (j.CustomerId != null && customerIds.Contains(j.CustomerId.Value)) || messages.Any(m => m.Id == j.MessageId))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Payload, (string?)null).SetProperty(j => j.Error, (string?)null)
                .SetProperty(j => j.ProviderMessageId, j => "erased:" + j.Sequence.ToString()), ct);
        await messages.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.From, Erased).SetProperty(m => m.FromName, (string?)null).SetProperty(m => m.To, (string?)null)
            .SetProperty(m => m.Subject, (string?)null).SetProperty(m => m.Text, Erased).SetProperty(m => m.Html, (string?)null)
            .SetProperty(m => m.ProviderMessageId, (string?)null).SetProperty(m => m.InReplyTo, (string?)null)
            .SetProperty(m => m.References, (string?)null).SetProperty(m => m.RawRef, (string?)null).SetProperty(m => m.ReplyTo, (string?)null)
            .SetProperty(m => m.Classification, (string?)null).SetProperty(m => m.ParseWarning, (string?)null)
            .SetProperty(m => m.DeliveryError, (string?)null), ct);
        await conversations.ExecuteUpdateAsync(s => s.SetProperty(c => c.Subject, Erased).SetProperty(c => c.LastMessagePreview, (string?)null), ct);
        // The web chat visitor who wrote as them: the name, email and phone they typed go; the (random) handle stays, so
        // their browser's token resumes an empty chat rather than failing.
        await db.ChatVisitors.Where(v => v.ConversationId != null && conversationIds.Contains(v.ConversationId.Value)).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.Name, (string?)null).SetProperty(v => v.Email, (string?)null).SetProperty(v => v.Phone, (string?)null)
            .SetProperty(v => v.SenderEmail, (string?)null), ct);

        // Work done for them: the texts may quote them; kinds, statuses, owners, dates and amounts stay.
        await cases.ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, Erased).SetProperty(c => c.Requirement, "")
            .SetProperty(c => c.RequirementConfirmedHow, (string?)null), ct);
        await db.CaseNotes.Where(n => caseIds.Contains(n.CaseId)).ExecuteUpdateAsync(s => s.SetProperty(n => n.Text, Erased), ct);
        await db.CaseActions.Where(a => caseIds.Contains(a.CaseId)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Description, (string?)null)
            .SetProperty(a => a.Reason, Erased).SetProperty(a => a.DecisionReason, (string?)null).SetProperty(a => a.Outcome, (string?)null), ct);
        await promises.ExecuteUpdateAsync(s => s.SetProperty(p => p.What, Erased).SetProperty(p => p.DueText, (string?)null)
            .SetProperty(p => p.ClosingNote, (string?)null), ct);
        await db.Set<PromiseRenegotiation>().Where(r => promiseIds.Contains(r.PromiseId)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Reason, Erased), ct);
        await referrals.ExecuteUpdateAsync(s => s.SetProperty(r => r.Reason, Erased).SetProperty(r => r.CustomerMessage, (string?)null)
            .SetProperty(r => r.DecisionReason, (string?)null), ct);

        // What the other features keep about them (loyalty, complaints, feedback): each anonymises its own records.
        var subject = new SubjectRecords(customerId, customerIds, conversationIds, caseIds);
        var sectionSubjectIds = new List<Guid>();
        var sectionsErased = new Dictionary<string, int>();
        foreach (var section in sections)
        {
            sectionSubjectIds.AddRange(await section.AuditSubjectIdsAsync(subject, ct));
            sectionsErased[section.Section] = await section.EraseAsync(subject, ct);
        }

        // Copies made for people and systems: notifications about their records, webhook payloads, stored API answers.
        var subjectIds = customerIds.Concat(conversationIds).Concat(caseIds).Concat(promiseIds).Concat(referralIds).Concat(caseActionIds)
            .Concat(sectionSubjectIds).Select(id => id.ToString()).ToList();
        await DeleteNotificationsAsync(subjectIds, ct);
        foreach (var id in customerIds.Concat(conversationIds).Concat(caseIds).Select(id => id.ToString()))
        {
            await db.WebhookDeliveries.Where(d => d.Payload.Contains(id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Payload, """{"erased":true}"""), ct);
            await db.IdempotencyRecords.Where(r => r.ResponseBody.Contains(id)).ExecuteDeleteAsync(ct);
        }

        // The record itself becomes the tombstone.
        await db.ContactPoints.Where(p => customerIds.Contains(p.CustomerId)).ExecuteDeleteAsync(ct);
        await db.CustomerNotes.Where(n => customerIds.Contains(n.CustomerId)).ExecuteDeleteAsync(ct);
        await db.ConfidentialDetails.Where(d => customerIds.Contains(d.CustomerId)).ExecuteDeleteAsync(ct);
        await db.Customers.Where(c => customerIds.Contains(c.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Name, Customer.ErasedName).SetProperty(c => c.NameNormalized, Customer.ErasedName.ToLowerInvariant())
            .SetProperty(c => c.Organisation, (string?)null).SetProperty(c => c.ErasedAt, now).SetProperty(c => c.UpdatedAt, now)
            .SetProperty(c => c.Version, Guid.NewGuid())
            .SetProperty(c => c.Profile.PreferredTimes, (string?)null).SetProperty(c => c.Profile.Language, (string?)null)
            .SetProperty(c => c.Profile.OtherAccessibilityNeeds, (string?)null), ct);

        var scrubbed = await IdentifierScrub.ScrubAsync(db, identifiers.Distinctive, ct);
        var (redacted, vouched) = await AuditRedaction.RedactAsync(db, customerId, subjectIds, identifiers.Distinctive.Append(customerId.ToString()).ToList(), ct);

        var result = new ErasureDto(customerId, now, false, conversationIds.Count, messageCount, attachmentCount, 0, caseIds.Count, promiseIds.Count,
            referralIds.Count, redacted.Count, scrubbed);
        db.Audit.Reason = reason;
        db.Audit.Record(AuditRedaction.ErasedAction, "customer", customerId, new
        {
            result.Conversations,
            result.Messages,
            result.Attachments,
            result.Cases,
            result.Promises,
            result.Referrals,
            mergedRecords = customerIds.Count - 1,
            sections = sectionsErased,
            otherValuesScrubbed = scrubbed,
            redacted,
            vouched = vouched.ToDictionary(v => v.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), v => v.Value),
        });
        await db.SaveChangesAsync(ct);
        return (result, files.Distinct().ToList());
    }

    private sealed record Identifiers(List<string> Distinctive);

    /// <summary>Email addresses and phone numbers as written and as normalised: what identifies them wherever it appears.</summary>
    private async Task<Identifiers> IdentifiersAsync(List<Guid> customerIds, CancellationToken ct)
    {
        var points = await db.ContactPoints.Where(p => customerIds.Contains(p.CustomerId)).Select(p => new { p.Value, p.Normalized }).ToListAsync(ct);
        return new Identifiers(points.SelectMany(p => new[] { p.Value, p.Normalized }).Where(v => !string.IsNullOrWhiteSpace(v)).Distinct().ToList());
    }

    private async Task DeleteNotificationsAsync(List<string> subjectIds, CancellationToken ct)
    {
        var links = subjectIds.SelectMany(id => new[] { $"/cases/{id}", $"/conversations/{id}", $"/customers/{id}", $"/referrals/{id}", $"/promises/{id}" });
        foreach (var chunk in links.Chunk(500))
        {
            await db.Notifications.Where(n => chunk.Contains(n.Link)).ExecuteDeleteAsync(ct);
        }
    }

    private async Task<ErasureDto> PreviousAsync(Guid customerId, DateTime erasedAt, CancellationToken ct)
    {
        var conversations = db.Conversations.Where(c => c.CustomerId == customerId);
        return new ErasureDto(customerId, erasedAt, true, await conversations.CountAsync(ct),
            await db.Messages.CountAsync(m => m.CustomerId == customerId, ct), 0, 0,
            await db.Cases.CountAsync(c => c.CustomerId == customerId, ct), await db.Set<Promise>().CountAsync(p => p.CustomerId == customerId, ct),
            0, 0, 0);
    }
}
