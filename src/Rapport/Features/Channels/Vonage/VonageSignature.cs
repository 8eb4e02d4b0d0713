using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rapport.Features.Channels.Vonage;

/// <summary>The signature method chosen in the Vonage dashboard; <see cref="Md5Hash"/> is the dashboard's default.</summary>
public enum VonageSignatureMethod
{
    /// <summary>hex(MD5(base + secret)).</summary>
    Md5Hash,

    /// <summary>hex(HMAC-MD5(secret, base)).</summary>
    Md5,

    /// <summary>hex(HMAC-SHA1(secret, base)).</summary>
    Sha1,

    /// <summary>hex(HMAC-SHA256(secret, base)).</summary>
    Sha256,

    /// <summary>hex(HMAC-SHA512(secret, base)).</summary>
    Sha512,
}

/// <summary>
/// Vonage (Nexmo) signed webhooks: the <c>sig</c> parameter over every other decoded parameter, sorted by name,
/// as <c>&amp;name=value</c> with '&amp;' and '=' inside values replaced by '_'. See shared/testdata/webhooks/SIGNATURES.md.
/// </summary>
public static class VonageSignature
{
    private const string SignatureParameter = "sig";
    private const int StackLimit = 1024;
    private const int MaxHashLength = 64;
    private const long LatestUnixSeconds = 253_402_300_799;

    /// <summary>
    /// Whether the parameters' <c>sig</c> (either hex case) is the signature of the other parameters under this method
    /// and secret. No <c>sig</c>, or more than one, is invalid.
    /// </summary>
    public static bool IsValid(
        string signatureSecret, VonageSignatureMethod method, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        if (string.IsNullOrEmpty(signatureSecret) || !Enum.IsDefined(method))
        {
            return false;
        }

        var sorted = WebhookParameters.RentSorted(parameters, SignatureParameter, out var count, out var sig, out var sigCount);
        try
        {
            return sigCount == 1 && !string.IsNullOrEmpty(sig) && Matches(signatureSecret, method, sorted.AsSpan(0, count), sig);
        }
        finally
        {
            WebhookParameters.Return(sorted);
        }
    }

    /// <summary>
    /// Whether the webhook's <c>timestamp</c> (Unix seconds) lies within <paramref name="window"/> of
    /// <paramref name="now"/> either way; a missing or garbled timestamp is not fresh.
    /// </summary>
    public static bool IsFresh(string? timestamp, DateTimeOffset now, TimeSpan window)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > LatestUnixSeconds)
        {
            return false;
        }

        return TimeSpan.FromSeconds(Math.Abs(now.ToUnixTimeSeconds() - seconds)) <= window;
    }

    [SuppressMessage("Security", "CA5351", Justification = "Vonage's md5hash method is MD5 by definition; a receiver verifies it, it does not choose.")]
    private static bool Matches(
        string secret, VonageSignatureMethod method, ReadOnlySpan<WebhookParameter> parameters, string sig)
    {
        var secretLength = Encoding.UTF8.GetByteCount(secret);
        var length = method == VonageSignatureMethod.Md5Hash ? secretLength : 0;
        foreach (var parameter in parameters)
        {
            length += 2 + Encoding.UTF8.GetByteCount(parameter.Name) + Encoding.UTF8.GetByteCount(parameter.Value);
        }

        var rented = length <= StackLimit ? null : ArrayPool<byte>.Shared.Rent(length);
        Span<byte> data = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            var at = 0;
            foreach (var parameter in parameters)
            {
                data[at++] = (byte)'&';
                at += Encoding.UTF8.GetBytes(parameter.Name, data[at..]);
                data[at++] = (byte)'=';
                var value = data.Slice(at, Encoding.UTF8.GetBytes(parameter.Value, data[at..]));

                // '&' and '=' are single bytes in UTF-8 and never part of a multi-byte sequence, so replacing bytes is safe.
                value.Replace((byte)'&', (byte)'_');
                value.Replace((byte)'=', (byte)'_');
                at += value.Length;
            }

            Span<byte> computed = stackalloc byte[MaxHashLength];
            int written;
            if (method == VonageSignatureMethod.Md5Hash)
            {
                Encoding.UTF8.GetBytes(secret, data[at..]);
                written = MD5.HashData(data, computed);
            }
            else
            {
                Span<byte> key = secretLength <= StackLimit ? stackalloc byte[secretLength] : new byte[secretLength];
                Encoding.UTF8.GetBytes(secret, key);
                written = CryptographicOperations.HmacData(Algorithm(method), key, data, computed);
            }

            return WebhookSecretComparison.HexEquals(sig, computed[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static HashAlgorithmName Algorithm(VonageSignatureMethod method) => method switch
    {
        VonageSignatureMethod.Md5 => HashAlgorithmName.MD5,
        VonageSignatureMethod.Sha1 => HashAlgorithmName.SHA1,
        VonageSignatureMethod.Sha256 => HashAlgorithmName.SHA256,
        VonageSignatureMethod.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "md5hash is not an HMAC."),
    };
}
