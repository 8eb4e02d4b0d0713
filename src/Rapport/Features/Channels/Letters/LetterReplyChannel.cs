using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Organisation;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Letters;

/// <summary>
/// Answers a letter with a letter: the reply (an agent's, a referral's or a delay explanation's words) is stored as a
/// letter draft to print and mark posted, never claimed as sent. Nothing carries it electronically, so it has no outbox
/// item and no delivery state until a person marks it posted.
/// </summary>
public sealed class LetterReplyChannel(RapportDbContext db, TimeProvider time) : IReplyChannel
{
    public const string OutboxKind = "letter";

    public bool Serves(Channel channel) => channel == Channel.Letter;

    public async Task<ReplyAddress> AddressAsync(ReplyContext context, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.ContactPoints).FirstAsync(c => c.Id == context.Conversation.CustomerId, ct);
        var organisation = await db.OrganisationSettings.AsNoTracking().Select(o => o.Name).FirstOrDefaultAsync(ct) ?? new OrganisationSettings().Name;
        var now = time.GetUtcNow().UtcDateTime;
        // Saved with the reply, in its transaction: the reply's message and its letter details are one change.
        var letter = Letter.Drafted(context.ReplyId, context.Conversation.Id, customer.Profile.NeedsLargePrint, null, now);
        db.Add(letter);
        db.Audit.Record("letter.drafted", "conversation", context.Conversation.Id, new { messageId = context.ReplyId, letter.LargePrint, reference = (string?)null });
        var address = LetterAddresses.Of(customer) is { } lines ? Conversation.Truncate(LetterAddresses.OneLine(lines), 500) : "";
        return new ReplyAddress(OutboxKind, organisation, address, Subject: "Letter", ProviderMessageId: $"letter-{context.ReplyId:N}", Unsent: true);
    }

    public string? Advice(Channel channel, string draft, DateTime customerLastWroteAt, DateTime now) => channel == Channel.Letter
        ? "Replies to letters are printed, not sent: this becomes a letter draft. Print it and mark it posted under Letters."
        : null;
}
