namespace Rapport.Features.Conversations;

/// <summary>
/// The front door comes first. Acknowledging a message (journalling it) costs about a third of what processing it does,
/// and on two cores both at full speed cannot keep up with a burst: acknowledgements slowed to the processor's pace. So
/// while callers crowd the door — a journal batch held many of them at once, each wanting only its acknowledgement
/// (webhooks, `Prefer: respond-async`) — the processor works a share of the time
/// and in small batches (on SQLite a batch holds the one write lock the journal also needs); the journal keeps every
/// acknowledged message, and processing catches up at full speed once the burst has passed. At an ordinary pace journal
/// batches hold one or two messages and the processor never waits.
/// </summary>
public sealed class DoorFirst
{
    /// <summary>A journal batch this large means that many callers were waiting at the door together.</summary>
    public const int CrowdedBatch = 8;

    /// <summary>How long after a crowded batch the door still counts as busy.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromMilliseconds(250);

    /// <summary>The most entries one processing batch takes while the door is busy.</summary>
    public const int BusyBatch = 25;

    private readonly TimeProvider time;
    private readonly double share;
    private long busyUntil;

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
        busyUntil = time.GetTimestamp();
    }

    public static DoorFirst From(IConfiguration configuration) =>
        new(TimeProvider.System, configuration.GetValue("Rapport:Ingestion:ShareWhileBusy", 0.25));

    /// <summary>Whether callers crowded the door within the last <see cref="Memory"/>.</summary>
    public bool Busy => time.GetTimestamp() < Interlocked.Read(ref busyUntil);

    /// <summary>
    /// The journal writer committed a batch holding <paramref name="count"/> messages whose callers wanted only the
    /// acknowledgement (callers that wait for processing are served by processing, not by the door).
    /// </summary>
    public void Journalled(int count)
    {
        if (count >= CrowdedBatch)
        {
            Interlocked.Exchange(ref busyUntil, time.GetTimestamp() + (long)(Memory.TotalSeconds * time.TimestampFrequency));
        }
    }

    /// <summary>How many entries the next processing batch takes.</summary>
    public int BatchSize(int configured) => Busy && share < 1 ? Math.Min(configured, BusyBatch) : configured;

    /// <summary>How long the processor rests after a batch that took <paramref name="took"/>, so that it works its share.</summary>
    public TimeSpan RestAfter(TimeSpan took)
    {
        if (!Busy || share >= 1)
        {
            return TimeSpan.Zero;
        }

        var rest = took * ((1 - share) / share);
        return rest < Memory ? rest : Memory;
    }
}
