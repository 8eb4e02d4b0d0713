namespace Rapport.Features.Channels.Health;

/// <summary>What a connection test found, in words, and the channel's status after it.</summary>
public sealed record ConnectionTestResult(bool Ok, string Message, DateTime At, ChannelStatus Status);

/// <summary>How long a connection test waits for a provider or mail server before saying it did not answer.</summary>
public static class ConnectionTest
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
}
