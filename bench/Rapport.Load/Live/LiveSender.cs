using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rapport.Load.Running;

namespace Rapport.Load.Live;

/// <summary>
/// Posts one inbound message and tells when it was acknowledged and what the answer named: the stored message (<c>201</c>,
/// processed) or the journal's receipt (<c>202</c>, durable; what it became is read from the journal afterwards).
/// </summary>
internal sealed class LiveSender(HttpClient http, InboundMix? mix, string runId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock gate = new();
    private readonly Random random = new(42);
    private long sent;

    public async Task<Sent?> SendAsync(CancellationToken ct)
    {
        var n = Interlocked.Increment(ref sent);
        InboundCase? message = null;
        InboundBody body;
        if (mix is null)
        {
            var address = $"live-{runId}-{n}@bench.example";
            body = new InboundBody("email", $"<live-{runId}-{n}@bench.example>", new InboundFrom(address, null), "Hello, is my order on its way?",
                "Order", DateTime.UtcNow);
        }
        else
        {
            lock (gate)
            {
                message = mix.Next(random, 0, n);
            }

            body = message.Body with { SentAt = DateTime.UtcNow };
        }

        var t0 = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("/api/v1/inbound-messages", body, Json, ct);
        var acked = Stopwatch.GetTimestamp();
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Accepted))
        {
            return null;
        }

        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        if (message is not null)
        {
            lock (gate)
            {
                mix!.Accepted(0, message);
            }
        }

        var kind = message?.Kind ?? "new";
        return response.StatusCode == HttpStatusCode.Created
            ? new Sent(kind, t0, acked, null, answer.RootElement.GetProperty("messageId").GetGuid())
            : new Sent(kind, t0, acked, answer.RootElement.GetProperty("receipt").GetGuid(), null);
    }
}

/// <summary>
/// One acknowledged message: when it was sent and acknowledged (Stopwatch timestamps), its receipt (<c>202</c>) and, once
/// known, the message it became.
/// </summary>
internal sealed record Sent(string Kind, long SentAt, long AckedAt, Guid? Receipt, Guid? MessageId)
{
    public double AckMs => Stopwatch.GetElapsedTime(SentAt, AckedAt).TotalMilliseconds;
}
