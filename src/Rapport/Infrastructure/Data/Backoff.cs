namespace Rapport.Infrastructure.Data;

/// <summary>
/// The wait of a background loop after a failure: 1, 2, 4 … seconds, at most <see cref="Max"/>, back to 1 after a
/// success. Short enough at its longest that work resumes within seconds of the database coming back.
/// </summary>
public sealed class Backoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(8);

    private TimeSpan next = First;

    /// <summary>The wait after this failure; the next one waits twice as long.</summary>
    public TimeSpan Failed()
    {
        var wait = next;
        next = TimeSpan.FromTicks(Math.Min(next.Ticks * 2, Max.Ticks));
        return wait;
    }

    public void Succeeded() => next = First;
}
