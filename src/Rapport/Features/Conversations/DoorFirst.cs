namespace Rapport.Features.Conversations;

/// <summary>
/// The front door comes first when processing could not keep up anyway. Acknowledging a message (journalling it) costs
/// about a third of what processing it does, and on two cores both at full speed cannot keep up with a burst:
/// acknowledgements slowed to the processor's pace. So while callers crowd the door — a journal batch held many of them
/// at once, each wanting only its acknowledgement (webhooks, `Prefer: respond-async`) — <em>and</em> messages arrive
/// faster than the processor, working flat out, gets through them, the processor works a share of the time and in small
/// batches (on SQLite a batch holds the one write lock the journal also needs); the journal keeps every acknowledged
/// message, and processing catches up at full speed once the burst has passed. At a pace the processor keeps up with it
/// never waits, however crowded the door (on SQLite journal batches gather behind each processing batch even at 1,000
/// messages a second: a crowd alone does not tell a burst from a steady load), nor while what waits for processing is
/// less than half a second of arrivals: a processor that waits on its database (PostgreSQL's round trips and commits)
/// is "working" nearly all the time at a pace it keeps up with, so its measured pace is the arrivals' and every wobble
/// looks like falling behind — measured: resting it then took the inbox's visibility from p99 0.29 s to 1.3 s at a
/// steady 1,000 messages a second on PostgreSQL.
/// </summary>
public sealed class DoorFirst
{
    /// <summary>A journal batch this large means that many callers were waiting at the door together.</summary>
    public const int CrowdedBatch = 8;

    /// <summary>How long after a crowded batch the door still counts as busy.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromMilliseconds(250);

    /// <summary>The span over which arrivals and the processor's pace are measured.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many windows in a row messages must arrive faster than the processor's pace: one such second happens at a
    /// pace the node keeps up with (a checkpoint, a pause), and resting then only builds a backlog.
    /// </summary>
    public const int BehindWindows = 2;

    /// <summary>How far behind the processor must be — in seconds of the last window's arrivals waiting — before it rests.</summary>
    public static readonly TimeSpan FarBehind = TimeSpan.FromMilliseconds(500);

    /// <summary>The most entries one processing batch takes while the door is busy.</summary>
    public const int BusyBatch = 25;

    private readonly TimeProvider time;
    private readonly double share;
    private readonly Lock gate = new();
    private long crowdedUntil;
    private long windowStart;
    private long arrived;
    private long processed;
    private long busyTicks;
    private double capacityPerSecond = double.PositiveInfinity; // unknown until the processor has worked a while
    private int behind; // completed windows in a row in which messages arrived faster than that
    private double arrivalsPerSecond; // over the last completed window
    private long waiting; // entries journalled here and not processed yet, as far as this node knows (another node's or an earlier run's entries are not counted)

    /// <param name="time">Real time in the app: this shares the processor, it is not business time.</param>
    /// <param name="share">The part of the time the processor works while the door is busy (0 &lt; share ≤ 1; 1: it never waits).</param>
    public DoorFirst(TimeProvider time, double share)
    {
        if (!(share is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "Rapport:Ingestion:ShareWhileBusy must be more than 0 and at most 1.");
        }

        this.time = time;
        this.share = share;
        crowdedUntil = windowStart = time.GetTimestamp();
    }

    public static DoorFirst From(IConfiguration configuration) =>
        new(TimeProvider.System, configuration.GetValue("Rapport:Ingestion:ShareWhileBusy", 0.25));

    /// <summary>
    /// Whether callers crowded the door within the last <see cref="Memory"/> while, over the last
    /// <see cref="BehindWindows"/> completed <see cref="Window"/>s, messages arrived faster than the processor gets
    /// through them when it works without rest, and more than <see cref="FarBehind"/> of arrivals wait.
    /// </summary>
    public bool Busy
    {
        get
        {
            lock (gate)
            {
                var now = time.GetTimestamp();
                Roll(now);
                return now < crowdedUntil && behind >= BehindWindows && waiting >= arrivalsPerSecond * FarBehind.TotalSeconds;
            }
        }
    }

    /// <summary>
    /// The journal writer committed a batch of <paramref name="journalled"/> new entries, <paramref name="acknowledgeOnly"/>
    /// of whose callers wanted only the acknowledgement (callers that wait for processing are served by processing, not
    /// by the door).
    /// </summary>
    public void Journalled(int journalled, int acknowledgeOnly)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            Roll(now);
            arrived += journalled;
            waiting += journalled;
            if (acknowledgeOnly >= CrowdedBatch)
            {
                crowdedUntil = now + Ticks(Memory);
            }
        }
    }

    /// <summary>The processor took <paramref name="took"/> (resting excluded) over a batch of <paramref name="count"/> entries.</summary>
    public void Processed(int count, TimeSpan took)
    {
        lock (gate)
        {
            Roll(time.GetTimestamp());
            processed += count;
            waiting = Math.Max(0, waiting - count);
            busyTicks += Ticks(took);
        }
    }

    /// <summary>How many entries the next processing batch takes.</summary>
    public int BatchSize(int configured) => share < 1 && Busy ? Math.Min(configured, BusyBatch) : configured;

    /// <summary>How long the processor rests after a batch that took <paramref name="took"/>, so that it works its share.</summary>
    public TimeSpan RestAfter(TimeSpan took)
    {
        if (share >= 1 || !Busy)
        {
            return TimeSpan.Zero;
        }

        var rest = took * ((1 - share) / share);
        return rest < Memory ? rest : Memory;
    }

    private void Roll(long now)
    {
        var length = now - windowStart;
        if (length < Ticks(Window))
        {
            return;
        }

        var seconds = (double)length / time.TimestampFrequency;
        // The pace is known from a window in which the processor worked at least a tenth of the time; otherwise the
        // last one stands (an idle processor says nothing about how fast it would be).
        if (busyTicks * 10 >= length && processed > 0)
        {
            capacityPerSecond = processed / ((double)busyTicks / time.TimestampFrequency);
        }

        arrivalsPerSecond = arrived / seconds;
        behind = arrivalsPerSecond > capacityPerSecond ? behind + 1 : 0;
        windowStart = now;
        arrived = processed = busyTicks = 0;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
