namespace Rapport.Features.Channels.Health;

/// <summary>
/// Whether a channel works now: <c>Ok</c> when its latest outcome succeeded, <c>Failing</c> when its latest was an error,
/// <c>NeverUsed</c> when it has none yet, <c>Disabled</c> when an administrator switched it off (it receives and sends nothing).
/// </summary>
public enum ChannelStatus { Ok, Failing, NeverUsed, Disabled }

/// <summary>The health figures every mailbox and channel account keeps.</summary>
public sealed record HealthFigures(DateTime? LastReceiveAt, DateTime? LastSendAt, DateTime? LastConnectedAt, string? LastError, DateTime? LastErrorAt)
{
    /// <summary>The last time anything worked: a receive, a send, a poll or a connection test.</summary>
    public DateTime? LastSuccessAt => new[] { LastReceiveAt, LastSendAt, LastConnectedAt }.Max();

    /// <summary>
    /// Failing while the last error is newer than the last success: a send, receive or passed test after an error clears
    /// it; the error itself stays visible as the last error, with its time.
    /// </summary>
    /// <summary>The status, or <see cref="ChannelStatus.Disabled"/> for a channel switched off whatever its figures say.</summary>
    public ChannelStatus StatusWhen(bool enabled) => enabled ? Status : ChannelStatus.Disabled;

    public ChannelStatus Status => LastErrorAt is { } error && (LastSuccessAt is not { } ok || error > ok) ? ChannelStatus.Failing
        : LastSuccessAt is null ? ChannelStatus.NeverUsed
        : ChannelStatus.Ok;
}
