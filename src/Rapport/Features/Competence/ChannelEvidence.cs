using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Competence;

/// <summary>Messages the person sent to customers in the range, per channel (000 PC1, PC8, PC12; 001 PC2; 002 PC1).</summary>
public sealed class ChannelEvidence(RapportDbContext db) : ICompetenceEvidenceSource
{
    public async Task<IReadOnlyList<EvidenceFound>> FindAsync(EvidenceQuery q, CancellationToken ct)
    {
        var sent = db.Messages.VisibleTo(db, q.Viewer)
            .Where(m => m.AuthorId == q.StaffId && m.Direction == MessageDirection.Outbound && !m.IsAutomatic && m.At >= q.From && m.At < q.To);
        var channels = await sent.GroupBy(m => m.Channel).Select(g => g.Key).ToListAsync(ct);
        var found = new List<EvidenceFound>();
        foreach (var channel in channels.Order())
        {
            var name = channel.ToString().ToLowerInvariant();
            found.Add(await WorkEvidence.FoundAsync(EvidenceKind.ChannelsUsed, name, sent.Where(m => m.Channel == channel), m => m.At,
                m => new EvidenceRecord("message", m.Id, m.At, $"Sent by {name}", $"/conversations/{m.ConversationId}"), ct));
        }

        return found;
    }
}
