using System.Security.Cryptography;

namespace Rapport.IntegrationTests.Support;

/// <summary>
/// An authenticator app, written here from RFC 6238 on its own so that a mistake in the host's TOTP code cannot hide
/// in the tests: HMAC-SHA-1, 30-second steps, 6 digits, the key in base32.
/// </summary>
public static class TestTotp
{
    public static string CodeAt(string base32Key, DateTimeOffset instant)
    {
        var key = FromBase32(base32Key);
        var counter = BitConverter.GetBytes(instant.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

#pragma warning disable CA5350 // what authenticator apps use
        using var hmac = new HMACSHA1(key);
#pragma warning restore CA5350
        var hash = hmac.ComputeHash(counter);
        var offset = hash[^1] & 0xf;
        var number = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (number % 1_000_000).ToString("000000", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] FromBase32(string text)
    {
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bits = string.Concat(clean.Select(c => Convert.ToString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }
}
