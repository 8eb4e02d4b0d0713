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
internal sealed class ChatRun(HttpClient agent, HttpClient? visitorHttp, CancellationToken ct)
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

    // The id written in letters: a long run of its hex digits can pass the Luhn check and be masked as a card number.
    public static string AnswerTo(Guid messageId) =>
        $"Thank you, we are on it ({string.Concat(messageId.ToString("N").Select(c => char.IsAsciiDigit(c) ? (char)('g' + (c - '0')) : c))}).";

    public async Task SayAsync(BenchVisitor visitor, CancellationToken token)
    {
        var clientId = Guid.NewGuid().ToString("N");
        var at = Stopwatch.GetTimestamp();
        sends[clientId] = (visitor, at, null);
        using var response = await visitorHttp!.SendAsync(visitor.Message(clientId, "Is there a table for two at eight tonight?"), token);
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

    /// <summary>What this process's visitors sent: the message's id (null when not known), when, and when its answer came.</summary>
    public IReadOnlyList<SentMessage> SentHere()
    {
        return sends.Values.Select(s => new SentMessage(s.MessageId, s.At,
            s.MessageId is { } id && s.Visitor.Received.TryGetValue(AnswerTo(id), out var received) ? received : null)).ToList();
    }

    /// <summary>Every message known, and every reply posted, is accounted for (a reply's arrival only where known here).</summary>
    public bool Settled(IReadOnlyList<SentMessage> sentMessages)
    {
        var (_, notTold) = VisitorToAgent(sentMessages);
        var (_, notReceived) = AgentToVisitor(sentMessages);
        return notTold == 0 && notReceived == 0;
    }

    public (List<double> Delays, int Missed) VisitorToAgent(IReadOnlyList<SentMessage> sentMessages)
    {
        var delays = new List<double>();
        var missed = 0;
        foreach (var (messageId, at, _) in sentMessages)
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

    public (List<double> Delays, int Missed) AgentToVisitor(IReadOnlyList<SentMessage> sentMessages)
    {
        var delays = new List<double>();
        var missed = 0;
        // Answers to messages of the phase before (stored after this one began) are not this phase's to count.
        foreach (var (messageId, _, answered) in sentMessages)
        {
            if (messageId is not { } id || !replied.TryGetValue(id, out var at))
            {
                continue;
            }

            if (answered is { } received)
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
    /// <summary>Per second of sending: how many, and the slowest of each direction (to see stalls, not averages).</summary>
    public IEnumerable<string> Timeline(IReadOnlyList<SentMessage> sentMessages)
    {
        if (sentMessages.Count == 0)
        {
            yield break;
        }

        var start = sentMessages.Min(m => m.SentAt);
        foreach (var second in sentMessages.GroupBy(m => (int)Stopwatch.GetElapsedTime(start, m.SentAt).TotalSeconds).OrderBy(g => g.Key))
        {
            var toAgent = second.Where(m => m.MessageId is { } id && told.ContainsKey(id))
                .Select(m => Stopwatch.GetElapsedTime(m.SentAt, told[m.MessageId!.Value]).TotalMilliseconds).DefaultIfEmpty(0).Max();
            var toVisitor = second.Where(m => m.MessageId is { } id && m.AnswerReceivedAt is not null && replied.ContainsKey(id))
                .Select(m => Stopwatch.GetElapsedTime(replied[m.MessageId!.Value], m.AnswerReceivedAt!.Value).TotalMilliseconds).DefaultIfEmpty(0).Max();
            yield return $"t={second.Key,3} s  sent {second.Count(),4}  slowest visitor→agent {toAgent,6:F0} ms  agent→visitor {toVisitor,6:F0} ms";
        }
    }
}

/// <summary>A visitor's message: its id once stored (null when the send's answer did not carry it), when it was sent, when its answer reached the visitor.</summary>
internal sealed record SentMessage(Guid? MessageId, long SentAt, long? AnswerReceivedAt);
