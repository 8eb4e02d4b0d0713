namespace Rapport.Infrastructure.Data;

/// <summary>
/// The last time a request failed on a SQLite file locked by another process, and why. <c>/health</c> reads it because its
/// own probe is a read: on SQLite in WAL mode a file locked by another process still lets readers in while every write
/// fails busy, and the probe alone would call the node healthy.
/// </summary>
public sealed class DatabaseOutages(TimeProvider time)
{
    /// <summary>How long a failed request keeps the node unhealthy after it.</summary>
    public static readonly TimeSpan Window = DatabaseUnavailable.RetryAfter * 2;

    // A reference, so a reader never sees the time of one failure with the reason of another.
    private Seen? last;

    public void Record(string why) => Volatile.Write(ref last, new Seen(time.GetUtcNow(), why));

    /// <summary>Why requests failed within the last <see cref="Window"/>, or null.</summary>
    public string? Recent() => Volatile.Read(ref last) is { } seen && time.GetUtcNow() - seen.At < Window ? seen.Why : null;

    private sealed record Seen(DateTimeOffset At, string Why);
}
