using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Channels.Email;
using Rapport.Features.Channels.Letters;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Channels.Telephone;
using Rapport.Features.Channels.WebChat;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Features.Promises;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Demo;

/// <summary>
/// The demo inbox: conversations on every channel Rapport carries (an email thread with an attachment, SMS, WhatsApp,
/// Messenger, Telegram, web chat, a recorded phone call, a letter), some assigned, one with an open case, one with a
/// promise due soon, and a returning customer with an old conversation. Customers' messages come in through ingestion
/// (journalled, matched, threaded, stored as any other); calls, letters, cases and promises through their services; agents'
/// earlier replies are addressed by the channels' own reply code and stored as sent. Times are relative to the clock's now.
/// </summary>
public sealed class DemoConversations(RapportDbContext db, InboundPreparationFactory preparation, IEnumerable<IReplyChannel> replyChannels,
    ConversationService conversations, CaseService cases, PromiseService promises, CallService calls, LetterService letters,
    AttachmentStore attachments, MailboxSecrets mailboxSecrets, ChannelSecrets channelSecrets, IUserClaimsPrincipalFactory<AppUser> principals,
    TimeProvider time)
{
    /// <summary>Seeds once: nothing when the database already has conversations or the demo's channels.</summary>
    public async Task<bool> SeedAsync(IReadOnlyList<Customer> customers, IReadOnlyDictionary<string, AppUser> staff, Guid bookings, Guid care,
        CancellationToken ct)
    {
        if (await db.Conversations.AnyAsync(ct) || await DemoChannels.ExistAsync(db, ct))
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var amira = staff["agent@rapport.demo"];
        var ben = staff["agent2@rapport.demo"];
        var asAmira = await principals.CreateAsync(amira);
        var asBen = await principals.CreateAsync(ben);
        var site = await DemoChannels.AddAsync(db, mailboxSecrets, channelSecrets, bookings, now, ct);

        await ReturningCustomerAsync(customers, amira, bookings, now, ct);
        await CaseByEmailAsync(ben, asBen, care, now, ct);
        await SmsAsync(now, ct);
        await WhatsAppWithPromiseAsync(ben, asBen, bookings, now, ct);
        await MessengerAsync(bookings, now, ct);
        await TelegramAsync(amira, now, ct);
        await ChatAsync(site, now, ct);
        await CallAsync(customers, asAmira, bookings, now, ct);
        await LetterAsync(customers, asBen, care, now, ct);
        db.ChangeTracker.Clear();
        await DemoChannels.RecordSeededActivityAsync(db, ct);
        return true;
    }

    /// <summary>A customer from the records, answered by email months ago, writes again: a thread of three with an attachment.</summary>
    private async Task ReturningCustomerAsync(IReadOnlyList<Customer> customers, AppUser amira, Guid bookings, DateTime now, CancellationToken ct)
    {
        var customer = customers.FirstOrDefault(c => c.Kind == CustomerKind.External && c.ContactPoints.Any(p => p.Type == ContactPointType.Email));
        var from = customer is null
            ? new InboundSender(Email: "olivia.hughes@example.com", Name: "Olivia Hughes")
            : new InboundSender(Email: customer.ContactPoints.First(p => p.Type == ContactPointType.Email).Value, Name: customer.Name);

        var earlier = await InAsync(new InboundMessage(Channel.Email, "<autumn-break-1@mail.example.com>", from,
            "Hello,\n\nWe would like two nights at the Lakeside Lodge over the October half term, a family room for two adults and two children. Is there anything free from the 24th?\n\nThanks",
            Subject: "Family room for October half term", To: DemoChannels.MailboxAddress, SentAt: now.AddDays(-240)), ct);
        await SentReplyAsync(earlier, "Hello,\n\nYes: family room 12 is free on 24–26 October and I have held it for you until Friday. Reply to this email to confirm and I will send the booking.\n\nBest wishes,\nAmira",
            amira, now.AddDays(-240).AddHours(3), ct);
        await InAsync(new InboundMessage(Channel.Email, "<autumn-break-2@mail.example.com>", from,
            "Perfect, please book it. Thank you!", Subject: "Re: Family room for October half term", To: DemoChannels.MailboxAddress,
            SentAt: now.AddDays(-239), InReplyTo: "<autumn-break-1@mail.example.com>", References: ["<autumn-break-1@mail.example.com>"]), ct);
        await conversations.SetStatusAsync(earlier.ConversationId, ConversationStatus.Closed, ct);

        var (files, _) = await attachments.StoreAsync(
            [new AttachmentCandidate("booking-HH-40219.pdf", "application/pdf", Pdf("Booking HH-40219: Harbour View Hotel, 2-5 May, double room, 3 nights"), null, false)], ct);
        var first = await InAsync(new InboundMessage(Channel.Email, "<may-stay-1@mail.example.com>", from,
            "Hello again,\n\nWe stayed at the Lakeside Lodge last autumn and loved it. I have a booking at the Harbour View for 2–5 May (confirmation attached) and would like to move it to the following week, 9–12 May, same room type. Is that possible without a fee?\n\nKind regards",
            Subject: "Moving our May booking HH-40219", To: DemoChannels.MailboxAddress, SentAt: now.AddDays(-2), Attachments: files), ct);
        var reply = await SentReplyAsync(first, "Hello,\n\nLovely to hear from you again. The same room type is free on 9–12 May. Moving it is free of charge up to 14 days before arrival. Shall I go ahead?\n\nBest wishes,\nAmira",
            amira, now.AddDays(-1).AddHours(-5), ct);
        await InAsync(new InboundMessage(Channel.Email, "<may-stay-2@mail.example.com>", from,
            "Yes please, go ahead. Could you also ask for a quiet room away from the lift?\n\nThank you!",
            Subject: "Re: Moving our May booking HH-40219", To: DemoChannels.MailboxAddress, SentAt: now.AddHours(-3),
            InReplyTo: reply.ProviderMessageId, References: ["<may-stay-1@mail.example.com>", reply.ProviderMessageId!]), ct);
        await conversations.AssignAsync(first.ConversationId, amira.Id, bookings, ct);
    }

    private async Task CaseByEmailAsync(AppUser ben, ClaimsPrincipal asBen, Guid care, DateTime now, CancellationToken ct)
    {
        var message = await InAsync(new InboundMessage(Channel.Email, "<ferry-refund@mail.example.net>",
            new InboundSender(Email: "kwame.mensah@example.net", Name: "Kwame Mensah"),
            "Dear Harbour & Hills,\n\nOur 08:15 ferry crossing to Cairnryan on Saturday was cancelled and we had to take the evening sailing, so we lost a night at the hotel we had paid for. I would like a refund for the hotel night (£140) and the crossing.\n\nKwame Mensah\nBooking HH-51877",
            Subject: "Refund for cancelled ferry crossing", To: DemoChannels.MailboxAddress, SentAt: now.AddHours(-20)), ct);
        await conversations.AssignAsync(message.ConversationId, ben.Id, care, ct);
        await cases.CreateAsync(new CreateCaseRequest("Refund for cancelled ferry crossing", ConversationId: message.ConversationId, Kind: CaseKinds.Complaint,
            Requirement: "Refund the lost hotel night (£140) and the cancelled 08:15 crossing.", Priority: CasePriority.High, OwnerId: ben.Id, TeamId: care,
            Tags: ["refund", "ferry"]), Viewer.Of(asBen), ct);
    }

    private Task SmsAsync(DateTime now, CancellationToken ct) =>
        InAsync(new InboundMessage(Channel.Sms, "SMdemo0000000000000000000000000001", new InboundSender(Phone: "+447700900461"),
            "Hi, we're running about 40 mins late for check-in at the Harbour View tonight. Booking is under Patel. Is that ok?",
            To: DemoChannels.SmsNumber, SentAt: now.AddMinutes(-35)), ct);

    private async Task WhatsAppWithPromiseAsync(AppUser ben, ClaimsPrincipal asBen, Guid bookings, DateTime now, CancellationToken ct)
    {
        var message = await InAsync(new InboundMessage(Channel.WhatsApp, "wamid.demo000000000000000000000001",
            new InboundSender(Phone: "+447700900518", Name: "Sofia Rossi"),
            "Hello! Can we upgrade to a sea-view room for our stay next weekend? Booking HH-48213 🙂",
            To: DemoChannels.WhatsAppNumberId, SentAt: now.AddHours(-2)), ct);
        await conversations.AssignAsync(message.ConversationId, ben.Id, bookings, ct);
        var reply = await SentReplyAsync(message, "Hi Sofia, I'll check sea-view availability with the hotel and message you back by 5pm today.",
            ben, now.AddHours(-1).AddMinutes(-40), ct);
        await promises.RecordFromReplyAsync(reply.Id, [("message Sofia back about a sea-view upgrade", new DateTimeOffset(now.AddHours(2)), "by 5pm today")], asBen, ct);
    }

    private async Task MessengerAsync(Guid bookings, DateTime now, CancellationToken ct)
    {
        var message = await InAsync(new InboundMessage(Channel.Messenger, "m_demo000000000000000000000001",
            new InboundSender(Handle: "6723451209876543", Network: "messenger", Name: "Tomasz Nowak"),
            "Hello, do your coach tours to the Lake District run in winter? We are thinking of February.",
            To: DemoChannels.MessengerPageId, SentAt: now.AddHours(-5)), ct);
        await conversations.AssignAsync(message.ConversationId, null, bookings, ct);
    }

    private async Task TelegramAsync(AppUser amira, DateTime now, CancellationToken ct)
    {
        var from = new InboundSender(Handle: "918273645", Network: "telegram", Name: "Hiroshi Tanaka");
        var message = await InAsync(new InboundMessage(Channel.Telegram, "918273645:101", from,
            "Good morning. Is there parking at the York hotel, and do I need to book it?", To: DemoChannels.TelegramBot, SentAt: now.AddHours(-26)), ct);
        await conversations.AssignAsync(message.ConversationId, amira.Id, null, ct);
        await SentReplyAsync(message, "Good morning Hiroshi. Yes, there are 20 spaces behind the hotel, £12 a night. No need to book: tell reception when you arrive.",
            amira, now.AddHours(-25), ct);
        await InAsync(new InboundMessage(Channel.Telegram, "918273645:102", from,
            "Great, and is there a charger for an electric car?", To: DemoChannels.TelegramBot, SentAt: now.AddHours(-24).AddMinutes(-30)), ct);
    }

    /// <summary>A visitor of the demo's chat site, as the widget would start them, writes now.</summary>
    private async Task ChatAsync(ChatSite site, DateTime now, CancellationToken ct)
    {
        var at = now.AddMinutes(-12);
        var visitor = new ChatVisitor { SiteId = site.Id, Name = "Grace Hughes", CreatedAt = at, LastSeenAt = at, FirstMessageAt = at };
        db.ChatVisitors.Add(visitor);
        await db.SaveChangesAsync(ct);
        var message = await InAsync(new InboundMessage(Channel.Chat, $"{visitor.ThreadReference}-demo-1",
            new InboundSender(Handle: visitor.Handle, Network: "webchat", Name: visitor.DisplayName),
            "Hi! Do the family rooms at the Lakeside Lodge have a cot, or should we bring a travel cot?",
            Subject: $"Chat on {site.Name}", To: site.Name, SentAt: at, InReplyTo: visitor.ThreadReference, Team: site.TeamId), ct);
        visitor.ConversationId = message.ConversationId;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>An inbound call, recorded with the customer's agreement, logged by the agent who took it.</summary>
    private async Task CallAsync(IReadOnlyList<Customer> customers, ClaimsPrincipal asAmira, Guid bookings, DateTime now, CancellationToken ct)
    {
        var customer = customers.Where(c => c.Kind == CustomerKind.External && c.ContactPoints.Any(p => p.Type == ContactPointType.Phone)).Skip(1).FirstOrDefault();
        if (customer is null)
        {
            return;
        }

        var settings = await CallSettings.LoadAsync(db, ct);
        settings.RecordInboundPhone = true;
        await db.SaveChangesAsync(ct);
        var call = await calls.LogForCustomerAsync(customer.Id, new LogCallRequest(CallDirection.Inbound, CallOutcome.Answered,
            "Asked whether the coach to Edinburgh on Friday has wheelchair space. Confirmed one space is held; will send the boarding details by email.",
            StartedAt: new DateTimeOffset(now.AddHours(-4)), DurationSeconds: 420, Consent: new ConsentAnswerRequest(ConsentAnswer.Agreed),
            Subject: "Wheelchair space on Friday's Edinburgh coach"), asAmira, ct);
        var conversation = await db.Messages.AsNoTracking().Where(m => m.Id == call!.MessageId).Select(m => m.ConversationId).FirstAsync(ct);
        await conversations.AssignAsync(conversation, null, bookings, ct);
    }

    /// <summary>A letter that came in the post two days ago, its scan attached.</summary>
    private async Task LetterAsync(IReadOnlyList<Customer> customers, ClaimsPrincipal asBen, Guid care, DateTime now, CancellationToken ct)
    {
        var customer = customers.FirstOrDefault(c => c.Kind == CustomerKind.External && c.ContactPoints.Any(p => p.Type == ContactPointType.Postal))
            ?? customers.FirstOrDefault(c => c.Kind == CustomerKind.External);
        if (customer is null)
        {
            return;
        }

        var today = DateOnly.FromDateTime(now);
        var letter = await letters.LogInboundAsync(customer.Id, null, new LogLetterRequest(
            "Thanks the staff at the York hotel for looking after her mother after a fall, and asks that the night porter, Dev, is told.",
            ReceivedOn: today.AddDays(-2), DatedOn: today.AddDays(-6), Reference: "HH-39950", Subject: "Thank-you letter for the York hotel staff"),
            [new LetterScanFile("letter-scan.pdf", Pdf("Dear Harbour & Hills, thank you to everyone at the York hotel, especially Dev, the night porter."))], asBen, ct);
        if (letter is not null)
        {
            var conversation = await db.Messages.AsNoTracking().Where(m => m.Channel == Channel.Letter && m.CustomerId == customer.Id)
                .Select(m => m.ConversationId).FirstAsync(ct);
            await conversations.AssignAsync(conversation, null, care, ct);
        }
    }

    /// <summary>A customer's message, through ingestion as it arrives at <see cref="InboundMessage.SentAt"/>.</summary>
    private async Task<IngestResult> InAsync(InboundMessage message, CancellationToken ct)
    {
        // Ingestion writes its rows with a change tracker of its own making; everything before is saved.
        db.ChangeTracker.Clear();
        return await IngestionNow.IngestAsync(db, preparation, message, message.SentAt ?? time.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>
    /// An agent's earlier reply, addressed by its channel exactly as <see cref="ReplyService"/> addresses one, stored as sent:
    /// it is history, so nothing is queued to go out.
    /// </summary>
    private async Task<Message> SentReplyAsync(IngestResult answering, string text, AppUser author, DateTime at, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == answering.ConversationId, ct);
        var last = await db.Messages.AsNoTracking().FirstAsync(m => m.Id == answering.MessageId, ct);
        var channel = replyChannels.First(c => c.Answers(last.Channel, last.ReplyTo));
        var id = Guid.CreateVersion7();
        var address = await channel.AddressAsync(new ReplyContext(conversation, last, id), ct);
        var reply = new Message
        {
            Id = id,
            ConversationId = conversation.Id,
            CustomerId = conversation.CustomerId,
            Direction = MessageDirection.Outbound,
            Channel = channel.ReplyOn(last.Channel),
            ProviderMessageId = address.ProviderMessageId ?? $"demo-reply-{id:N}",
            From = address.From,
            FromName = author.DisplayName,
            To = address.To,
            Subject = address.Subject,
            Text = text,
            At = at,
            StoredAt = at,
            AuthorId = author.Id,
            AuthorName = author.DisplayName,
            InReplyTo = address.InReplyTo,
            References = address.References,
        };
        reply.MarkSent();
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        await CaseActivity.RecordAgentReplyAsync(db, conversation.Id, at, ct);
        db.Messages.Add(reply);
        await db.SaveChangesAsync(ct);
        await ConversationCounters.AddAsync(db, [reply], ct);
        await transaction.CommitAsync(ct);
        return reply;
    }

    /// <summary>A one-page PDF showing <paramref name="line"/>: the demo's booking confirmation and letter scan.</summary>
    internal static byte[] Pdf(string line)
    {
        var text = line.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
        var stream = $"BT /F1 12 Tf 50 780 Td ({text}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(stream)} >>\nstream\n{stream}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
