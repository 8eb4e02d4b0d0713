using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Rapport.Features.Conversations;

namespace Rapport.Load.Chat;

/// <summary>
/// One phase's bookkeeping: when each visitor message was sent and when the agents' screens were told of it; the agent
/// answering every stored message at once, and when each answer was posted. Handlers run on the node's event dispatcher,
/// so they only record and start work.
/// </summary>
internal sealed class ChatRun(HttpClient agent, HttpClient visitorHttp, CancellationToken ct)
{
    private readonly ConcurrentDictionary<string, (BenchVisitor Visitor, long At, Guid? MessageId)> sends = new();
    private readonly ConcurrentDictionary<Guid, long> told = new();
    private readonly ConcurrentDictionary<Guid, long> replied = new();
    private int sent;
    private int refused;
    private int replies;
    private int replyFailures;

    public int Sent => sent;
    public int Refused => refused;
    public int Replies => replies;
    public int ReplyFailures => replyFailures;

    public static string AnswerTo(Guid messageId) => $"Thank you, we are on it ({messageId:N}).";

    public async Task SayAsync(BenchVisitor visitor, CancellationToken token)
    {
        var clientId = Guid.NewGuid().ToString("N");
        var at = Stopwatch.GetTimestamp();
        sends[clientId] = (visitor, at, null);
        using var response = await visitorHttp.SendAsync(visitor.Message(clientId, "Is there a table for two at eight tonight?"), token);
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref refused);
            sends.TryRemove(clientId, out _);
            return;
        }

        Interlocked.Increment(ref sent);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(token);
        var messageId = accepted.TryGetProperty("messageId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetGuid() : (Guid?)null;
        sends[clientId] = (visitor, at, messageId);
    }

    /// <summary>What the chat's open conversation page hears (<see cref="LiveFeed.ForConversation"/>): the stored message.</summary>
    public void Told(IReadOnlyList<IngestResult> stored)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var result in stored)
        {
            told.TryAdd(result.MessageId, now);
        }
    }

    /// <summary>Every stored visitor message is answered at once, as an agent with the chat open would.</summary>
    public void Stored(IReadOnlyList<IngestResult> stored)
    {
        foreach (var result in stored.Where(r => !r.Duplicate))
        {
            _ = Task.Run(() => ReplyAsync(result), ct);
        }
    }

    private async Task ReplyAsync(IngestResult result)
    {
        try
        {
            replied[result.MessageId] = Stopwatch.GetTimestamp();
            using var response = await agent.PostAsJsonAsync($"/api/v1/conversations/{result.ConversationId}/replies", new { text = AnswerTo(result.MessageId) }, ct);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref replies);
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        replied.TryRemove(result.MessageId, out _);
        Interlocked.Increment(ref replyFailures);
    }

    public bool Settled(IReadOnlyList<BenchVisitor> visitors)
    {
        var (_, notTold) = VisitorToAgent();
        var (_, notReceived) = AgentToVisitor(visitors);
        return notTold == 0 && notReceived == 0;
    }

    public (List<double> Delays, int Missed) VisitorToAgent()
    {
        var delays = new List<double>();
        var missed = 0;
        foreach (var (_, at, messageId) in sends.Values)
        {
            if (messageId is { } id && told.TryGetValue(id, out var seen))
            {
                delays.Add(Math.Max(0, Stopwatch.GetElapsedTime(at, seen).TotalMilliseconds));
            }
            else
            {
                missed++;
            }
        }

        delays.Sort();
        return (delays, missed);
    }

    public (List<double> Delays, int Missed) AgentToVisitor(IReadOnlyList<BenchVisitor> visitors)
    {
        var visitorOf = sends.Values.Where(s => s.MessageId is not null).ToDictionary(s => s.MessageId!.Value, s => s.Visitor);
        var delays = new List<double>();
        var missed = 0;
        // Answers to messages of the phase before (stored after this one began) are not this phase's to count.
        foreach (var (messageId, at) in replied.Where(r => visitorOf.ContainsKey(r.Key)))
        {
            if (visitorOf[messageId].Received.TryGetValue(AnswerTo(messageId), out var received))
            {
                delays.Add(Math.Max(0, Stopwatch.GetElapsedTime(at, received).TotalMilliseconds));
            }
            else
            {
                missed++;
            }
        }

        delays.Sort();
        return (delays, missed);
    }
}
