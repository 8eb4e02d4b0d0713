using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Features.Organisation;
using Rapport.Features.Templates;
using Rapport.Features.Webhooks;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Letters;

/// <summary>
/// Paper letters on the one timeline: an inbound letter is logged by the agent who opened it (its scan and a summary),
/// an outbound one is written here, printed from <see cref="LetterPage"/> and marked posted. Every path applies the
/// conversation's visibility rule: a conversation the person may not see is answered as if it did not exist (null).
/// </summary>
public sealed class LetterService(RapportDbContext db, TimeProvider time, AttachmentStore attachments, ConversationEvents events,
    TemplateService templates, ConversationService conversations)
{
    public const int SummaryMaxLength = 20_000;
    private const string LetterSubject = "Letter";

    /// <summary>
    /// Logs a letter from <paramref name="customerId"/> in a new Letter conversation, or into <paramref name="conversationId"/>.
    /// Everything is checked before anything is written (the scan's bytes included). Null when the customer or the
    /// conversation is not there for this person.
    /// </summary>
    public async Task<LetterDto?> LogInboundAsync(Guid? customerId, Guid? conversationId, LogLetterRequest request, IReadOnlyList<LetterScanFile> scan,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var summary = Required(request.Summary, "summary", "Write a summary of the letter: what the customer asks or tells us.");
        var transcription = string.IsNullOrWhiteSpace(request.Transcription) ? null : request.Transcription.Trim();
        var text = transcription is null ? summary : $"{summary}\n\nTranscription:\n{transcription}";
        if (text.Length > SummaryMaxLength)
        {
            throw new InvalidInputException(transcription is null ? "summary" : "transcription",
                $"The summary and transcription together are {text.Length} characters; at most {SummaryMaxLength}.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var receivedOn = request.ReceivedOn ?? today;
        if (receivedOn > today)
        {
            throw new InvalidInputException("receivedOn", $"{receivedOn:yyyy-MM-dd} is in the future: give the day the letter arrived.");
        }

        if (request.DatedOn is { } dated && dated > today)
        {
            throw new InvalidInputException("datedOn", $"{dated:yyyy-MM-dd} is in the future: give the date written on the letter, or leave it out.");
        }

        var reference = Optional(request.Reference, "reference", Letter.ReferenceMaxLength);
        var subject = Optional(request.Subject, "subject", 300);
        var files = LetterScans.Check(scan, attachments.Limits);

        var viewer = Viewer.Of(user);
        Conversation? conversation = null;
        if (conversationId is { } cid)
        {
            conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == cid).VisibleTo(db, viewer).FirstOrDefaultAsync(ct);
            if (conversation is null)
            {
                return null;
            }
        }

        var customer = await db.Customers.Include(c => c.ContactPoints)
            .FirstOrDefaultAsync(c => c.Id == (conversation == null ? customerId : conversation.CustomerId) && c.MergedIntoId == null, ct);
        if (customer is null)
        {
            return null;
        }

        Customer.RefuseIfErased(customer.ErasedAt);
        var organisation = await OrganisationSettings.LoadAsync(db, ct);
        var (stored, _) = await attachments.StoreAsync(files, ct);
        // A letter that came some days ago sits on the timeline on the day it arrived; one opened today, now.
        var at = receivedOn == today ? now : receivedOn.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        var name = AgentName(user);
        var title = subject ?? (reference is null ? "Letter received" : $"Letter received (reference {reference})");
        var started = conversation is null;
        conversation ??= Conversation.Start(customer.Id, title, Channel.Letter, now);
        var id = Guid.CreateVersion7();
        var message = new Message
        {
            Id = id,
            ConversationId = conversation.Id,
            CustomerId = customer.Id,
            Direction = MessageDirection.Inbound,
            Channel = Channel.Letter,
            ProviderMessageId = $"letter-{id:N}",
            From = LetterAddresses.Of(customer) is { } address ? Conversation.Truncate(LetterAddresses.OneLine(address), 500) : "post",
            FromName = customer.Name,
            To = organisation.Name,
            Subject = title,
            Text = CardNumbers.Mask(text)!,
            At = at,
            StoredAt = now,
            Classification = $"A paper letter, logged by {name}",
        };
        var letter = Letter.Received(message.Id, conversation.Id, receivedOn, request.DatedOn, reference, now);
        customer.RecordContact(at);

        await using (var transaction = await db.BeginWriteTransactionAsync(ct))
        {
            if (started)
            {
                conversation.Add(message);
                db.Conversations.Add(conversation);
            }

            db.Messages.Add(message);
            db.Attachments.AddRange(stored.Select(a => a.ToEntity(message.Id)));
            db.Add(letter);
            await WebhookEvents.RaiseAsync(db, WebhookEvents.MessageReceived,
                [new { message.Id, message.ConversationId, message.CustomerId, message.Channel, message.At, message.Subject, message.Text, message.IsAutomatic }], now, ct);
            db.Audit.Record("letter.received", "conversation", conversation.Id, new
            {
                messageId = message.Id,
                receivedOn,
                datedOn = request.DatedOn,
                reference,
                scan = stored.Select(a => new { a.FileName, a.MediaType, a.Size }),
            });
            await db.SaveChangesAsync(ct);
            if (!started)
            {
                await ConversationCounters.AddAsync(db, [message], ct);
            }

            await transaction.CommitAsync(ct);
        }

        events.Changed(conversation.Id);
        return await GetAsync(conversation.Id, message.Id, viewer, ct);
    }

    /// <summary>
    /// Writes a letter draft in <paramref name="conversationId"/> from text or a template. It is not sent: it waits to be
    /// printed and marked posted. Null when the conversation is not there for this person.
    /// </summary>
    public async Task<LetterDto?> DraftAsync(Guid conversationId, DraftLetterRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var viewer = Viewer.Of(user);
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).VisibleTo(db, viewer).FirstOrDefaultAsync(ct);
        if (conversation is null)
        {
            return null;
        }

        var customer = await db.Customers.AsNoTracking().Include(c => c.ContactPoints).FirstAsync(c => c.Id == conversation.CustomerId, ct);
        Customer.RefuseIfErased(customer.ErasedAt);
        var reference = Optional(request.Reference, "reference", Letter.ReferenceMaxLength);
        string text;
        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            text = request.Text.Trim();
        }
        else
        {
            var rendered = await templates.RenderAsync(request.TemplateId, request.TemplateId is null ? TemplatePurpose.Letter : null,
                new TemplateSubject(customer.Id, null, conversationId), Channel.Letter, new TemplateExtras(), viewer, AgentName(user), ct);
            text = rendered?.Text ?? throw new InvalidInputException("templateId", $"No template has the id '{request.TemplateId}'.");
        }

        if (text.Length > Message.TextMaxLength)
        {
            throw new InvalidInputException("text", $"A letter is at most {Message.TextMaxLength} characters.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var organisation = await OrganisationSettings.LoadAsync(db, ct);
        var name = AgentName(user);
        var message = new Message
        {
            ConversationId = conversation.Id,
            CustomerId = conversation.CustomerId,
            Direction = MessageDirection.Outbound,
            Channel = Channel.Letter,
            From = organisation.Name,
            FromName = name,
            To = LetterAddresses.Of(customer) is { } address ? Conversation.Truncate(LetterAddresses.OneLine(address), 500) : null,
            Subject = LetterSubject,
            Text = CardNumbers.Mask(text)!,
            At = now,
            StoredAt = now,
            AuthorId = user.UserId(),
            AuthorName = name,
        };
        var letter = Letter.Drafted(message.Id, conversation.Id, request.LargePrint ?? customer.Profile.NeedsLargePrint, reference, now);
        await using (var transaction = await db.BeginWriteTransactionAsync(ct))
        {
            db.Messages.Add(message);
            db.Add(letter);
            db.Audit.Record("letter.drafted", "conversation", conversation.Id, new { messageId = message.Id, letter.LargePrint, reference });
            await db.SaveChangesAsync(ct);
            await ConversationCounters.AddAsync(db, [message], ct);
            await transaction.CommitAsync(ct);
        }

        events.Changed(conversation.Id);
        return await GetAsync(conversation.Id, message.Id, viewer, ct);
    }

    /// <summary>
    /// Marks an outbound letter posted to the customer's postal address (kept on the letter as it is now), with a note on
    /// the conversation and the timeline saying so. Refused (409) when it was posted already, and (400 on
    /// <c>postalAddress</c>) when the customer has no postal address to post it to.
    /// </summary>
    public async Task<LetterDto?> MarkPostedAsync(Guid conversationId, Guid letterId, ClaimsPrincipal user, CancellationToken ct)
    {
        var viewer = Viewer.Of(user);
        if (!await db.CanSeeConversationAsync(conversationId, viewer, ct))
        {
            return null;
        }

        var letter = await db.Set<Letter>().FirstOrDefaultAsync(l => l.MessageId == letterId && l.ConversationId == conversationId
            && l.Direction == MessageDirection.Outbound, ct);
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == letterId && m.ConversationId == conversationId, ct);
        if (letter is null || message is null)
        {
            return null;
        }

        if (letter.PostedAt is { } posted)
        {
            throw new ConflictException($"This letter was marked posted on {posted:yyyy-MM-dd} by {letter.PostedByName}.");
        }

        var customer = await db.Customers.AsNoTracking().Include(c => c.ContactPoints).FirstAsync(c => c.Id == message.CustomerId, ct);
        var address = LetterAddresses.Of(customer) ?? throw LetterAddresses.Missing(customer.Name);
        var now = time.GetUtcNow().UtcDateTime;
        var name = AgentName(user);
        letter.MarkPosted(LetterAddresses.OneLine(address), user.UserId(), name, now);
        message.MarkSent();
        await using (var transaction = await db.BeginWriteTransactionAsync(ct))
        {
            // Two agents marking it at once: the first claims it, the second is told (row-locked on PostgreSQL, serialised on SQLite).
            if (await db.Set<Letter>().Where(l => l.MessageId == letterId && l.PostedAt == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(l => l.PostedAt, now), ct) == 0)
            {
                throw new ConflictException("This letter was marked posted by someone else a moment ago.");
            }

            await Cases.CaseActivity.RecordAgentReplyAsync(db, conversationId, now, ct);
            db.Audit.Record("letter.posted", "conversation", conversationId, new { messageId = letterId, postalAddress = letter.PostalAddress, letter.LargePrint });
            await db.SaveChangesAsync(ct);
            await conversations.AddNoteAsync(conversationId, $"Letter posted to {letter.PostalAddress} by {name}.", user, ct);
            await transaction.CommitAsync(ct);
        }

        events.Changed(conversationId);
        return await GetAsync(conversationId, letterId, viewer, ct);
    }

    /// <summary>The letters of a conversation, newest first; null when the conversation is not there for this person.</summary>
    public async Task<List<LetterDto>?> ListAsync(Guid conversationId, Viewer viewer, CancellationToken ct)
    {
        if (!await db.CanSeeConversationAsync(conversationId, viewer, ct))
        {
            return null;
        }

        var rows = await db.Set<Letter>().AsNoTracking().Where(l => l.ConversationId == conversationId)
            .Join(db.Messages.AsNoTracking(), l => l.MessageId, m => m.Id, (l, m) => new { Letter = l, Message = m })
            .OrderByDescending(x => x.Message.At).Take(200).ToListAsync(ct);
        var ids = rows.Select(r => r.Message.Id).ToList();
        var files = (await db.Attachments.AsNoTracking().Where(a => ids.Contains(a.MessageId)).OrderBy(a => a.Id).ToListAsync(ct))
            .GroupBy(a => a.MessageId).ToDictionary(g => g.Key, g => (IReadOnlyList<AttachmentDto>)g.Select(a => a.ToDto()).ToList());
        return rows.Select(r => ToDto(r.Letter, r.Message, files.GetValueOrDefault(r.Message.Id) ?? [])).ToList();
    }

    public async Task<LetterDto?> GetAsync(Guid conversationId, Guid letterId, Viewer viewer, CancellationToken ct) =>
        (await ListAsync(conversationId, viewer, ct))?.FirstOrDefault(l => l.Id == letterId);

    /// <summary>
    /// What the printable page shows for an outbound letter; null when there is no such letter for this person. Refused
    /// (400 on <c>postalAddress</c>) when the customer has no postal address: a letter without one cannot be posted.
    /// <paramref name="largePrint"/> overrides the letter's own choice for this printing.
    /// </summary>
    public async Task<LetterSheet?> SheetAsync(Guid conversationId, Guid letterId, bool? largePrint, Viewer viewer, CancellationToken ct)
    {
        if (!await db.CanSeeConversationAsync(conversationId, viewer, ct))
        {
            return null;
        }

        var letter = await db.Set<Letter>().AsNoTracking().FirstOrDefaultAsync(l => l.MessageId == letterId && l.ConversationId == conversationId
            && l.Direction == MessageDirection.Outbound, ct);
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == letterId && m.ConversationId == conversationId, ct);
        if (letter is null || message is null)
        {
            return null;
        }

        var customer = await db.Customers.AsNoTracking().Include(c => c.ContactPoints).FirstAsync(c => c.Id == message.CustomerId, ct);
        // A posted letter prints as it went; a draft goes to the address the customer has now.
        var address = letter.PostalAddress is { } used ? LetterAddresses.Lines(used) : LetterAddresses.Of(customer) ?? throw LetterAddresses.Missing(customer.Name);
        var organisation = await OrganisationSettings.LoadAsync(db, ct);
        var language = customer.Profile.Language ?? organisation.DefaultLanguage;
        return new LetterSheet(organisation.Name, LetterAddresses.Lines(organisation.PostalAddress), customer.Name, address,
            DateOnly.FromDateTime(letter.PostedAt ?? time.GetUtcNow().UtcDateTime), letter.Reference, message.Text, largePrint ?? letter.LargePrint,
            language, conversationId, letterId, letter.PostedAt);
    }

    private static string AgentName(ClaimsPrincipal user) => user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";

    private static string Required(string? value, string field, string message) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidInputException(field, message) : value.Trim();

    private static string? Optional(string? value, string field, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.Length > max ? throw new InvalidInputException(field, $"At most {max} characters.") : trimmed;
    }

    private static LetterDto ToDto(Letter l, Message m, IReadOnlyList<AttachmentDto> scan) => new(m.Id, m.ConversationId, m.CustomerId, m.Direction, m.Text, m.At,
        l.ReceivedOn, l.DatedOn, l.Reference, l.LargePrint, l.PostalAddress, l.PostedAt, l.PostedByName, m.AuthorName, scan,
        m.Direction == MessageDirection.Outbound ? $"/api/v1/conversations/{m.ConversationId}/letters/{m.Id}/print" : null,
        m.Direction == MessageDirection.Outbound ? LetterPage.PathFor(m.ConversationId, m.Id) : null);
}
