using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Conversations;

/// <summary>Validates and normalises an inbound message before it is queued, so bad input is refused before anything is written.</summary>
internal sealed class InboundPreparation(ContactPointRules rules, TimeProvider time)
{
    public PreparedMessage Prepare(InboundMessage m)
    {
        m = StorableText.Clean(m);
        if (!Enum.IsDefined(m.Channel) || m.Channel == Channel.None)
        {
            throw new InvalidInputException("channel", "Give the channel the message arrived on.");
        }

        var providerId = m.ProviderMessageId?.Trim();
        if (string.IsNullOrEmpty(providerId) || providerId.Length > 500)
        {
            throw new InvalidInputException("providerMessageId", "Give the provider's message id (at most 500 characters); it makes delivery idempotent.");
        }

        if (m.From is null)
        {
            throw new InvalidInputException("from", "Give the sender: one of email, phone, or handle with network.");
        }

        var (type, key, display, network) = Sender(m.From);
        var html = string.IsNullOrWhiteSpace(m.Html) ? null : CardNumbers.Mask(HtmlBodies.Sanitize(m.Html));
        var text = m.Text;
        if (string.IsNullOrWhiteSpace(text) && html is null)
        {
            throw new InvalidInputException("text", "A message needs text (or HTML).");
        }

        if (text?.Length > Message.TextMaxLength)
        {
            throw new InvalidInputException("text", $"A message's text is at most {Message.TextMaxLength} characters.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var at = m.SentAt?.ToUniversalTime() is { } sent && sent <= now.AddMinutes(5) ? sent : now;
        // Each reference is a Message-ID, a key like providerMessageId; 50 of them fit the stored References column.
        var references = (m.References ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Take(50).ToList();
        if (references.Any(r => r.Length > 500))
        {
            throw new InvalidInputException("references", "Each reference is a message id of at most 500 characters.");
        }

        // Ingestion writes rows without the change tracker, so the sender's words are masked here as FreeText is elsewhere.
        return new PreparedMessage(m.Channel, providerId, type, key, display, network, CardNumbers.Mask(Clean(m.From.Name, 200)),
            CardNumbers.Mask(string.IsNullOrWhiteSpace(text) ? HtmlText.ToPlain(html!) : text)!, html,
            CardNumbers.Mask(Clean(m.Subject, 300)), Clean(m.To, 500), at, Clean(m.InReplyTo, 500),
            references,
            m.ConversationId, Clean(m.ParseWarning, 1000), m.ThreadOnly, Clean(m.RawRef, 300),
            m.Attachments?.Select(a => a with { FileName = CardNumbers.Mask(a.FileName)! }).ToList(),
            Clean(m.Edits, 500), Part(m.Part), CardNumbers.Mask(Clean(m.Classification, 500)), ReplyTo(m.ReplyTo), m.Team);
    }

    private static InboundPart? Part(InboundPart? part)
    {
        if (part is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(part.Group) || part.Group.Length > 500)
        {
            throw new InvalidInputException("part.group", "Give the id that the parts of a split message share (at most 500 characters).");
        }

        if (part.Total is < 1 or > 255 || part.Index < 1 || part.Index > part.Total)
        {
            throw new InvalidInputException("part.index", "A part's index is between 1 and its total, at most 255.");
        }

        return part with { Group = part.Group.Trim() };
    }

    private (ContactPointType Type, string Key, string Display, string? Network) Sender(InboundSender from)
    {
        var given = new[] { from.Email, from.Phone, from.Handle }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            throw new InvalidInputException("from", "Give exactly one of from.email, from.phone, or from.handle with from.network.");
        }

        if (!string.IsNullOrWhiteSpace(from.Email))
        {
            var email = ContactPointRules.NormalizeEmail(from.Email, "from.email");
            return (ContactPointType.Email, email, from.Email.Trim(), null);
        }

        if (!string.IsNullOrWhiteSpace(from.Phone))
        {
            var phone = rules.NormalizePhone(from.Phone, "from.phone");
            return (ContactPointType.Phone, phone, phone, null);
        }

        var handle = rules.NormalizeHandle(from.Handle!, from.Network, "from.handle", "from.network");
        return (ContactPointType.Social, handle, from.Handle!.Trim(), handle[..handle.IndexOf(':', StringComparison.Ordinal)]);
    }

    /// <summary>A reply-to address is kept only when it is one a reply could be sent to; otherwise replies go to the sender.</summary>
    private static string? ReplyTo(string? address) =>
        address is not null && address.Length <= ContactPointRules.ValueMaxLength && ContactPointRules.TryNormalizeEmail(address.Trim(), out _)
            ? address.Trim()
            : null;

    private static string? Clean(string? s, int max) =>
        string.IsNullOrWhiteSpace(s) ? null : Conversation.Truncate(s.Trim(), max);
}
