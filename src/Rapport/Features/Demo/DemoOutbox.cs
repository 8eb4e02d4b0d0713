using System.Collections.Concurrent;

namespace Rapport.Features.Demo;

/// <summary>One message the demo "sent": caught on this computer by <see cref="DemoMailCatcher"/> or <see cref="DemoProviderStandIn"/>.</summary>
public sealed record CaughtMessage(DateTime At, string Channel, string From, string To, string? Subject, string Text);

/// <summary>
/// What the demo's replies would have sent, newest first, kept in memory (the last <see cref="Keep"/>) for the demo
/// outbox page. It exists only in demo mode: nothing here ever left the machine.
/// </summary>
public sealed class DemoOutbox(TimeProvider time)
{
    public const int Keep = 500;
    private readonly ConcurrentQueue<CaughtMessage> caught = new();

    public event Action? Changed;

    public IReadOnlyList<CaughtMessage> Newest => caught.Reverse().ToList();

    public void Caught(string channel, string from, string to, string? subject, string text)
    {
        caught.Enqueue(new CaughtMessage(time.GetUtcNow().UtcDateTime, channel, from, to, subject, text));
        while (caught.Count > Keep && caught.TryDequeue(out _))
        {
        }

        Changed?.Invoke();
    }
}
