using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Features.Promises;
using Rapport.Features.Timeline;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>
/// A subject-access export (C22): everything Rapport holds about a person, as a ZIP written straight to the response —
/// <c>data.json</c> (every stored field of every record about them), <c>report.html</c> (the same, readable, no scripts)
/// and <c>files/</c> (attachments and raw emails as received). Records are read in order and written as they are read, so
/// a customer with many thousands of messages costs a few seconds and little memory. Records of restricted teams are
/// included: the person has a right to all of it, and only administrators may export.
/// </summary>
public sealed class SubjectAccessExport(RapportDbContext db, BlobStore blobs, TimelineQueries timeline, IEnumerable<ISubjectRightsParticipant> sections)
{
    private const int FlushEvery = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        WriteIndented = false,
    };

    /// <summary>
    /// Records the export in the audit trail (with each confidential value it reveals) before anything is sent; returns
    /// false when there is no such customer.
    /// </summary>
    public async Task<bool> AuditAsync(Guid customerId, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return false;
        }

        var details = await db.ConfidentialDetails.AsNoTracking().Where(d => d.CustomerId == customerId).Select(d => new { d.Id, d.Label, d.Level })
            .ToListAsync(ct);
        foreach (var d in details)
        {
            db.Audit.Record("confidential.read", "customer", customerId, new { detailId = d.Id, label = d.Label, level = d.Level.ToString(), purpose = "subject-access export" });
        }

        db.Audit.Record("customer.exported", "customer", customerId, new { purpose = "subject-access export", confidentialDetails = details.Count });
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task WriteAsync(Guid customerId, Stream response, CancellationToken ct)
    {
        var scope = await ScopeAsync(customerId, ct);
        await using var output = new AsyncWriteStream(response);
        var files = new List<(string Path, string BlobRef)>();
        await using (var archive = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct))
        {
            await using (var entry = await archive.CreateEntry("data.json", CompressionLevel.Fastest).OpenAsync(ct))
            {
                await WriteJsonAsync(scope, entry, files, ct);
            }

            await using (var entry = await archive.CreateEntry("report.html", CompressionLevel.Fastest).OpenAsync(ct))
            {
                await SubjectAccessReport.WriteAsync(db, scope, sections, entry, ct);
            }

            foreach (var (path, blobRef) in files)
            {
                await using var content = await blobs.OpenAsync(blobRef, ct);
                if (content is null)
                {
                    continue;
                }

                await using var entry = await archive.CreateEntry(path, CompressionLevel.Fastest).OpenAsync(ct);
                await content.CopyToAsync(entry, ct);
            }
        }

        await output.FlushAsync(ct);
    }

    /// <summary>The ids of everything about the person: their record and any merged into it, and what hangs off them.</summary>
    internal sealed record Scope(Guid CustomerId, List<Guid> CustomerIds, List<Guid> ConversationIds, List<Guid> CaseIds, List<Guid> PromiseIds,
        List<Guid> ReferralIds)
    {
        /// <summary>What the sections' records are audited under, when not one of the ids above.</summary>
        public List<Guid> OtherAuditSubjectIds { get; } = [];

        public IEnumerable<string> SubjectIds => CustomerIds.Concat(ConversationIds).Concat(CaseIds).Concat(PromiseIds).Concat(ReferralIds)
            .Concat(OtherAuditSubjectIds).Select(id => id.ToString());

        public SubjectRecords Records => new(CustomerId, CustomerIds, ConversationIds, CaseIds);
    }

    private async Task<Scope> ScopeAsync(Guid customerId, CancellationToken ct)
    {
        var customerIds = await db.Customers.Where(c => c.Id == customerId || c.MergedIntoId == customerId).Select(c => c.Id).ToListAsync(ct);
        var conversationIds = await db.Conversations.Where(c => customerIds.Contains(c.CustomerId)).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var caseIds = await db.Cases.Where(c => customerIds.Contains(c.CustomerId)).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var promiseIds = await db.Set<Promise>().Where(p => customerIds.Contains(p.CustomerId)).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        var referralIds = await db.Referrals.Where(r => (r.CaseId != null && caseIds.Contains(r.CaseId.Value))
            || (r.ConversationId != null && conversationIds.Contains(r.ConversationId.Value))).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        var scope = new Scope(customerId, customerIds, conversationIds, caseIds, promiseIds, referralIds);
        foreach (var section in sections)
        {
            scope.OtherAuditSubjectIds.AddRange(await section.AuditSubjectIdsAsync(scope.Records, ct));
        }

        return scope;
    }

    private async Task WriteJsonAsync(Scope scope, Stream entry, List<(string Path, string BlobRef)> files, CancellationToken ct)
    {
        await using var w = new Utf8JsonWriter(entry, new JsonWriterOptions { Encoder = Json.Encoder });
        w.WriteStartObject();
        w.WriteString("format", "rapport-subject-access/1");
        w.WriteString("exportedAt", db.Audit.Time.GetUtcNow().UtcDateTime);
        w.WriteString("customerId", scope.CustomerId);

        var customers = await db.Customers.AsNoTracking().Where(c => scope.CustomerIds.Contains(c.Id))
            .Include(c => c.ContactPoints).Include(c => c.Notes).Include(c => c.ConfidentialDetails).AsSplitQuery().ToListAsync(ct);
        Write(w, "customers", customers);

        w.WritePropertyName("conversations");
        w.WriteStartArray();
        foreach (var chunk in scope.ConversationIds.Chunk(100))
        {
            var conversations = await db.Conversations.AsNoTracking().Where(c => chunk.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync(ct);
            foreach (var conversation in conversations)
            {
                await WriteConversationAsync(w, conversation, files, ct);
            }
        }

        w.WriteEndArray();
        await w.FlushAsync(ct);

        w.WritePropertyName("cases");
        w.WriteStartArray();
        foreach (var chunk in scope.CaseIds.Chunk(100))
        {
            var cases = await db.Cases.AsNoTracking().Where(c => chunk.Contains(c.Id)).Include(c => c.Tags).OrderBy(c => c.Id).ToListAsync(ct);
            var notes = (await db.CaseNotes.AsNoTracking().Where(n => chunk.Contains(n.CaseId)).OrderBy(n => n.At).ToListAsync(ct)).ToLookup(n => n.CaseId);
            var links = (await db.CaseConversations.AsNoTracking().Where(l => chunk.Contains(l.CaseId)).ToListAsync(ct)).ToLookup(l => l.CaseId);
            var actions = (await db.CaseActions.AsNoTracking().Where(a => chunk.Contains(a.CaseId)).OrderBy(a => a.RequestedAt).ToListAsync(ct)).ToLookup(a => a.CaseId);
            foreach (var c in cases)
            {
                w.WriteStartObject();
                Write(w, "case", c);
                Write(w, "notes", notes[c.Id]);
                Write(w, "linkedConversations", links[c.Id].Select(l => l.ConversationId));
                Write(w, "actions", actions[c.Id]);
                w.WriteEndObject();
            }

            await w.FlushAsync(ct);
        }

        w.WriteEndArray();

        var promises = await db.Set<Promise>().AsNoTracking().Where(p => scope.PromiseIds.Contains(p.Id)).OrderBy(p => p.Id).ToListAsync(ct);
        var renegotiations = (await db.Set<PromiseRenegotiation>().AsNoTracking().Where(r => scope.PromiseIds.Contains(r.PromiseId)).ToListAsync(ct))
            .ToLookup(r => r.PromiseId);
        Write(w, "promises", promises.Select(p => new { promise = p, renegotiations = renegotiations[p.Id] }));
        Write(w, "referrals", await db.Referrals.AsNoTracking().Where(r => scope.ReferralIds.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(ct));
        await w.FlushAsync(ct);
        foreach (var section in sections)
        {
            w.WritePropertyName(section.Section);
            await section.WriteDataAsync(w, Json, scope.Records, ct);
            await w.FlushAsync(ct);
        }

        // The timeline as agents see it (a view of the messages, cases and promises above), newest first.
        w.WritePropertyName("timeline");
        w.WriteStartArray();
        string? after = null;
        do
        {
            var page = await timeline.ForCustomerAsync(scope.CustomerIds, new Viewer(Guid.Empty, SeesAll: true), 200, after, ct);
            foreach (var item in page.Items)
            {
                JsonSerializer.Serialize(w, item, Json);
            }

            after = page.Next;
            await w.FlushAsync(ct);
        }
        while (after is not null);

        w.WriteEndArray();

        w.WritePropertyName("auditEntries");
        w.WriteStartArray();
        foreach (var chunk in scope.SubjectIds.Chunk(200))
        {
            var entries = await db.AuditEntries.AsNoTracking().Where(e => chunk.Contains(e.SubjectId)).OrderBy(e => e.Sequence).ToListAsync(ct);
            foreach (var e in entries)
            {
                JsonSerializer.Serialize(w, new ExportedAuditEntry(e.Sequence, e.At, e.ActorId, e.ActorName, e.Action, e.SubjectType, e.SubjectId,
                    JsonDocument.Parse(e.Changes).RootElement.Clone(), e.Reason), Json);
            }

            await w.FlushAsync(ct);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(ct);
    }

    private async Task WriteConversationAsync(Utf8JsonWriter w, Conversation conversation, List<(string Path, string BlobRef)> files, CancellationToken ct)
    {
        var attachments = (await db.Attachments.AsNoTracking()
            .Where(a => db.Messages.Any(m => m.Id == a.MessageId && m.ConversationId == conversation.Id)).ToListAsync(ct)).ToLookup(a => a.MessageId);
        var revisions = (await db.MessageRevisions.AsNoTracking()
            .Where(r => db.Messages.Any(m => m.Id == r.MessageId && m.ConversationId == conversation.Id)).ToListAsync(ct)).ToLookup(r => r.MessageId);
        w.WriteStartObject();
        Write(w, "conversation", conversation);
        w.WritePropertyName("messages");
        w.WriteStartArray();
        var written = 0;
        await foreach (var m in db.Messages.AsNoTracking().Where(m => m.ConversationId == conversation.Id).OrderBy(m => m.At).ThenBy(m => m.Id)
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            w.WriteStartObject();
            Write(w, "message", m);
            if (m.RawRef is { } raw)
            {
                var path = $"files/raw/{m.Id}{Path.GetExtension(raw)}";
                files.Add((path, raw));
                w.WriteString("rawFile", path);
            }

            w.WritePropertyName("attachments");
            w.WriteStartArray();
            foreach (var a in attachments[m.Id])
            {
                w.WriteStartObject();
                Write(w, "attachment", a);
                if (a.BlobRef is { } blob)
                {
                    var path = FilePath(a);
                    files.Add((path, blob));
                    w.WriteString("file", path);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            Write(w, "earlierTexts", revisions[m.Id]);
            w.WriteEndObject();
            if (++written % FlushEvery == 0)
            {
                await w.FlushAsync(ct);
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(ct);
    }

    internal static string FilePath(MessageAttachment a) => $"files/attachments/{a.Id}-{a.FileName}";

    private static void Write<T>(Utf8JsonWriter w, string name, T value)
    {
        w.WritePropertyName(name);
        JsonSerializer.Serialize(w, value, Json);
    }
}

/// <summary>An audit entry as exported, its changes as JSON rather than a string of it.</summary>
internal sealed record ExportedAuditEntry(long Sequence, DateTime At, string ActorId, string ActorName, string Action, string SubjectType,
    string SubjectId, JsonElement Changes, string? Reason);
