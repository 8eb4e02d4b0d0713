using System.Security.Cryptography;
using System.Text;

namespace Rapport.Features.Channels;

/// <summary>Constant-time comparisons of what a webhook sent against what the secret says it must be.</summary>
internal static class WebhookSecretComparison
{
    private const int StackLimit = 256;

    /// <summary>
    /// Whether <paramref name="sent"/> is exactly <paramref name="expected"/>, compared in constant time over the UTF-8
    /// bytes. An empty expected value (a channel configured without a secret) matches nothing.
    /// </summary>
    public static bool Utf8Equals(string expected, string? sent)
    {
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(sent))
        {
            return false;
        }

        var expectedLength = Encoding.UTF8.GetByteCount(expected);
        var sentLength = Encoding.UTF8.GetByteCount(sent);
        Span<byte> expectedBytes = expectedLength <= StackLimit ? stackalloc byte[expectedLength] : new byte[expectedLength];
        Span<byte> sentBytes = sentLength <= StackLimit ? stackalloc byte[sentLength] : new byte[sentLength];
        Encoding.UTF8.GetBytes(expected, expectedBytes);
        Encoding.UTF8.GetBytes(sent, sentBytes);
        return CryptographicOperations.FixedTimeEquals(expectedBytes, sentBytes);
    }

    /// <summary>Whether <paramref name="hex"/> (either case) spells exactly <paramref name="digest"/>, compared in constant time.</summary>
    public static bool HexEquals(ReadOnlySpan<char> hex, ReadOnlySpan<byte> digest)
    {
        if (hex.Length != digest.Length * 2)
        {
            return false;
        }

        Span<byte> sent = stackalloc byte[digest.Length];
        return Convert.FromHexString(hex, sent, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == digest.Length
            && CryptographicOperations.FixedTimeEquals(sent, digest);
    }
}
