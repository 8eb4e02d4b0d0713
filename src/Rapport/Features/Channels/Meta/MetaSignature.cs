using System.Security.Cryptography;
using System.Text;

namespace Rapport.Features.Channels.Meta;

/// <summary>
/// Meta's webhook checks, shared by the WhatsApp Cloud API and Messenger: the HMAC of the raw body keyed with the App
/// Secret, and the GET verification handshake. See shared/testdata/webhooks/SIGNATURES.md.
/// </summary>
public static class MetaSignature
{
    private const int StackLimit = 256;

    /// <summary>
    /// Whether the raw body, exactly as received, is signed with the App Secret. <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>
    /// decides when present; the legacy <c>X-Hub-Signature: sha1=&lt;hex&gt;</c> is only looked at when it is absent
    /// (null or empty), so a wrong SHA-256 signature cannot be rescued by a SHA-1 one.
    /// </summary>
    public static bool IsValid(string appSecret, ReadOnlySpan<byte> rawBody, string? sha256Header, string? sha1Header)
    {
        if (string.IsNullOrEmpty(appSecret))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(sha256Header))
        {
            return Matches(appSecret, rawBody, sha256Header, "sha256=", HashAlgorithmName.SHA256, SHA256.HashSizeInBytes);
        }

        return !string.IsNullOrEmpty(sha1Header)
            && Matches(appSecret, rawBody, sha1Header, "sha1=", HashAlgorithmName.SHA1, SHA1.HashSizeInBytes);
    }

    /// <summary>
    /// The challenge to echo as the whole plain-text body when the mode is <c>subscribe</c> and the verify token is the
    /// configured one (compared in constant time); otherwise null, to be answered with 403.
    /// </summary>
    public static string? Challenge(string? mode, string? verifyToken, string? challenge, string expectedVerifyToken) =>
        string.Equals(mode, "subscribe", StringComparison.Ordinal)
        && !string.IsNullOrEmpty(challenge)
        && WebhookSecretComparison.Utf8Equals(expectedVerifyToken, verifyToken)
            ? challenge
            : null;

    private static bool Matches(
        string appSecret, ReadOnlySpan<byte> rawBody, string header, string prefix, HashAlgorithmName algorithm, int hashLength)
    {
        var value = header.AsSpan().Trim();
        if (!value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var keyLength = Encoding.UTF8.GetByteCount(appSecret);
        Span<byte> key = keyLength <= StackLimit ? stackalloc byte[keyLength] : new byte[keyLength];
        Encoding.UTF8.GetBytes(appSecret, key);

        Span<byte> computed = stackalloc byte[hashLength];
        CryptographicOperations.HmacData(algorithm, key, rawBody, computed);
        return WebhookSecretComparison.HexEquals(value[prefix.Length..], computed);
    }
}
