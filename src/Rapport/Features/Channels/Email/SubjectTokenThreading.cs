using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// The fallback threading for email: a message whose Message-ID, In-Reply-To and References match nothing stored, but
/// whose subject carries a conversation token, joins that conversation when the sender is one of that conversation's
/// customer's email addresses. Otherwise it threads as before (usually a new conversation).
/// </summary>
public static class SubjectTokenThreading
{
    public static async Task<Guid?> ConversationForAsync(RapportDbContext db, InboundMessage message, CancellationToken ct)
    {
        if (message.ConversationId is not null || ConversationToken.Find(message.Subject) is not { } token
            || message.From.Email is null || !ContactPointRules.TryNormalizeEmail(message.From.Email, out var sender))
        {
            return null;
        }

        var ids = (message.References ?? []).Append(message.InReplyTo).Append(message.ProviderMessageId).OfType<string>().Distinct().ToList();
        if (await db.Messages.AnyAsync(m => m.ProviderMessageId != null && ids.Contains(m.ProviderMessageId), ct)
            || await db.MessageReferences.AnyAsync(r => ids.Contains(r.Reference), ct))
        {
            return null;
        }

        var customers = db.ContactPoints.Where(p => p.Type == ContactPointType.Email && p.Normalized == sender).Select(p => p.CustomerId);
        var candidates = await db.Conversations.AsNoTracking().Where(c => customers.Contains(c.CustomerId)).Select(c => c.Id).ToListAsync(ct);
        return candidates.Where(id => ConversationToken.For(id) == token).Select(id => (Guid?)id).FirstOrDefault();
    }
}
