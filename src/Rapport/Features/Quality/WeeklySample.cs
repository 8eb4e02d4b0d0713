using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Quality;

/// <summary>
/// The interactions to review, drawn at random per agent per week (C26): from the conversations the agent replied to
/// (a message they sent, not a note nor an automatic one) in that week, Monday to Monday UTC. The random generator is
/// seeded by the week and the agent, so the same week gives the same draw every time it is asked for — a supervisor
/// cannot re-roll an agent's sample until it suits them.
/// </summary>
public sealed class WeeklySample(RapportDbContext db)
{
    public const int MaxPerAgent = 20;

    public async Task<SampleDto> DrawAsync(DateOnly week, int perAgent, Guid? agentId, CancellationToken ct)
    {
        if (week.DayOfWeek != DayOfWeek.Monday)
        {
            throw new InvalidInputException("week", "A week is given by its Monday (yyyy-mm-dd).");
        }

        if (perAgent is < 1 or > MaxPerAgent)
        {
            throw new InvalidInputException("perAgent", $"perAgent is from 1 to {MaxPerAgent}.");
        }

        var from = week.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = from.AddDays(7);
        var replies = db.Messages.Where(m => m.Direction == MessageDirection.Outbound && !m.IsAutomatic && m.AuthorId != null && m.At >= from && m.At < to);
        if (agentId is { } a)
        {
            replies = replies.Where(m => m.AuthorId == a);
        }

        var counts = await replies.GroupBy(m => new { Agent = m.AuthorId, m.ConversationId })
            .Select(g => new { Agent = g.Key.Agent!.Value, g.Key.ConversationId, Replies = g.Count() }).ToListAsync(ct);
        var agents = counts.Select(c => c.Agent).Distinct().ToList();
        var names = await db.Users.Where(u => agents.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        var drawn = new List<(Guid Agent, int Candidates, List<(Guid Conversation, int Replies)> Picked)>();
        foreach (var agent in agents.OrderBy(x => names.GetValueOrDefault(x) ?? "", StringComparer.OrdinalIgnoreCase).ThenBy(x => x))
        {
            var candidates = counts.Where(c => c.Agent == agent).OrderBy(c => c.ConversationId).Select(c => (c.ConversationId, c.Replies)).ToList();
            drawn.Add((agent, candidates.Count, Draw(candidates, perAgent, Seed(week, agent))));
        }

        var picked = drawn.SelectMany(d => d.Picked.Select(p => p.Conversation)).ToList();
        var subjects = await db.Conversations.Where(c => picked.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Subject, ct);
        var reviewed = await db.Set<Review>().Where(r => r.CalibrationId == null && picked.Contains(r.ConversationId))
            .Select(r => new { r.ConversationId, r.AgentId, r.Id }).ToListAsync(ct);

        return new SampleDto(week, perAgent, drawn.Select(d => new AgentSampleDto(d.Agent, names.GetValueOrDefault(d.Agent) ?? "", d.Candidates,
            d.Picked.Select(p => new SampledConversationDto(p.Conversation, subjects.GetValueOrDefault(p.Conversation) ?? "", p.Replies,
                reviewed.FirstOrDefault(r => r.ConversationId == p.Conversation && r.AgentId == d.Agent)?.Id)).ToList())).ToList());
    }

    /// <summary>A partial Fisher–Yates shuffle of the candidates (in id order) by a generator seeded for the week and the agent.</summary>
    public static List<T> Draw<T>(IReadOnlyList<T> candidates, int count, int seed)
    {
        var pool = candidates.ToList();
        var random = new Random(seed);
        var take = Math.Min(count, pool.Count);
        for (var i = 0; i < take; i++)
        {
            var j = random.Next(i, pool.Count);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool.Take(take).ToList();
    }

    /// <summary>A seed from the week and the agent that is the same on every node and every run (string.GetHashCode is not).</summary>
    public static int Seed(DateOnly week, Guid agentId) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{week:yyyy-MM-dd}|{agentId:D}"))), 0);
}
