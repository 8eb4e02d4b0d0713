using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>The answer to "may we?": whether it is allowed, and why in words an agent can pass on.</summary>
public sealed record ConsentVerdict(bool Allowed, string Reason, ConsentRecord? DecidedBy);

/// <summary>
/// The one question every feature that contacts a customer for a purpose other than their own request asks first:
/// marketing on any channel, surveys (C24) and call recording. Nothing recorded means no: consent is opt-in.
/// </summary>
public sealed class ConsentCheck(RapportDbContext db)
{
    public async Task<ConsentVerdict> AllowsAsync(Guid customerId, ConsentPurpose purpose, ConsentChannel channel, CancellationToken ct) =>
        await FindAsync(customerId, purpose, channel, ct) ?? new ConsentVerdict(false, "There is no such customer.", null);

    /// <summary>As <see cref="AllowsAsync"/>, but null when there is no such customer.</summary>
    public async Task<ConsentVerdict?> FindAsync(Guid customerId, ConsentPurpose purpose, ConsentChannel channel, CancellationToken ct) =>
        await ConsentLedger.LiveCustomerIdAsync(db, customerId, ct) is { } id
            ? Decide(await ConsentLedger.EntriesAsync(db, id, ct), purpose, channel)
            : null;

    public static ConsentVerdict Decide(IReadOnlyCollection<ConsentRecord> ledger, ConsentPurpose purpose, ConsentChannel channel)
    {
        var what = purpose == ConsentPurpose.Marketing && channel != ConsentChannel.All
            ? $"marketing by {ConsentLabels.Channel(channel)}"
            : ConsentLabels.Purpose(purpose).ToLowerInvariant();
        if (ConsentState.Deciding(ledger, purpose, channel) is not { } d)
        {
            return new ConsentVerdict(false, $"The customer has not given consent to {what}: nothing is recorded.", null);
        }

        var when = d.At.ToString("d MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
        return d.Decision switch
        {
            ConsentDecision.Given => new ConsentVerdict(true, $"The customer agreed to {what} on {when} ({ConsentLabels.Basis(d.Basis).ToLowerInvariant()}).", d),
            ConsentDecision.Withdrawn => new ConsentVerdict(false, $"The customer withdrew consent to {what} on {when}, through {ConsentLabels.Source(d.Source)}.", d),
            _ => new ConsentVerdict(false, $"The customer refused {what} on {when}, through {ConsentLabels.Source(d.Source)}.", d),
        };
    }

    /// <summary>The consent channel a conversation channel belongs to.</summary>
    public static ConsentChannel ChannelOf(Channel channel) => channel switch
    {
        Channel.Email => ConsentChannel.Email,
        Channel.Sms => ConsentChannel.Sms,
        Channel.Phone or Channel.Video => ConsentChannel.Phone,
        Channel.Letter => ConsentChannel.Post,
        Channel.Chat or Channel.Social or Channel.WhatsApp or Channel.Messenger or Channel.Telegram => ConsentChannel.Messaging,
        _ => ConsentChannel.All,
    };
}
