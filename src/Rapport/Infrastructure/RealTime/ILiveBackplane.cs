namespace Rapport.Infrastructure.RealTime;

/// <summary>
/// Carries live signals (a conversation changed, messages arrived, someone is viewing) between the nodes serving the
/// same database, so a screen open on one node hears what happened on another. Signals are hints to refresh, never
/// data of record: a lost one costs a stale screen until the next change, not a lost message.
/// </summary>
public interface ILiveBackplane
{
    /// <summary>This process, so a node can tell its own signals from others'.</summary>
    Guid NodeId { get; }

    /// <summary>Whether other nodes listen at all; when not, senders skip building payloads (ingestion publishes per batch).</summary>
    bool Shared { get; }

    /// <summary>Sends a signal to the other nodes (this node's listeners are told directly by the event's owner).</summary>
    void Send(string topic, string payload);

    /// <summary>Raised with a signal sent by another node.</summary>
    event Action<LiveSignal>? Received;

    /// <summary>Raised when listening resumes after the connection was lost: signals sent meanwhile never arrived.</summary>
    event Action? Resumed;
}

public sealed record LiveSignal(Guid Origin, string Topic, string Payload);

/// <summary>One node (SQLite, or a single PostgreSQL node that was told so): nothing to carry.</summary>
public sealed class SingleNodeBackplane : ILiveBackplane
{
    public Guid NodeId { get; } = Guid.NewGuid();

    public bool Shared => false;

    public void Send(string topic, string payload)
    {
    }

    public event Action<LiveSignal>? Received
    {
        add { }
        remove { }
    }

    public event Action? Resumed
    {
        add { }
        remove { }
    }
}
