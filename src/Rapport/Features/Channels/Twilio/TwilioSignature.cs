using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Rapport.Features.Channels.Twilio;

/// <summary>
/// Twilio's <c>X-Twilio-Signature</c>: base64 of HMAC-SHA1 keyed with the Auth Token over the URL Twilio requested
/// followed by every POST parameter's name and URL-decoded value, sorted by name (ordinal), repeated names every value
/// in arrival order. See shared/testdata/webhooks/SIGNATURES.md.
/// </summary>
public static class TwilioSignature
{
    private const int Sha1Length = 20;
    private const int StackLimit = 1024;
    private const string BodyHashParameter = "bodySHA256";

    /// <summary>
    /// Whether the signature header is Twilio's for this URL and these decoded POST parameters (none for GET). The URL is
    /// accepted with and without the scheme's explicit default port (:443, :80), as Twilio signs either form.
    /// </summary>
    public static bool IsValid(
        string authToken, string url, IEnumerable<KeyValuePair<string, string>> postParameters, string? signatureHeader)
    {
        Span<byte> sent = stackalloc byte[Sha1Length];
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(url) || !TryDecodeSignature(signatureHeader, sent))
        {
            return false;
        }

        var sorted = WebhookParameters.RentSorted(postParameters, left: null, out var count, out _, out _);
        try
        {
            return SignedEitherWay(authToken, url, sorted.AsSpan(0, count), sent);
        }
        finally
        {
            WebhookParameters.Return(sorted);
        }
    }

    /// <summary>
    /// Whether a JSON-bodied Twilio webhook is genuine: the signature covers the URL only, and the URL's
    /// <c>bodySHA256</c> parameter must be the hex SHA-256 of the raw body.
    /// </summary>
    public static bool IsValidJsonBody(string authToken, string url, ReadOnlySpan<byte> rawBody, string? signatureHeader)
    {
        if (string.IsNullOrEmpty(url))
        {
            return false;
        }

        var declared = QueryValue(url, BodyHashParameter);
        if (declared.IsEmpty)
        {
            return false;
        }

        Span<byte> bodyHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(rawBody, bodyHash);
        return WebhookSecretComparison.HexEquals(declared, bodyHash) && IsValid(authToken, url, [], signatureHeader);
    }

    private static bool TryDecodeSignature(string? header, Span<byte> signature)
    {
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[Sha1Length + 3];
        if (!Convert.TryFromBase64String(header, decoded, out var written) || written != Sha1Length)
        {
            return false;
        }

        decoded[..Sha1Length].CopyTo(signature);
        return true;
    }

    private static bool SignedEitherWay(string authToken, string url, ReadOnlySpan<WebhookParameter> parameters, ReadOnlySpan<byte> sent)
    {
        var parameterBytes = 0;
        foreach (var parameter in parameters)
        {
            parameterBytes += Encoding.UTF8.GetByteCount(parameter.Name) + Encoding.UTF8.GetByteCount(parameter.Value);
        }

        var edit = DefaultPortEdit.Find(url);

        // The parameters go at the end of one buffer; each URL form is written just before them, so every variant is
        // one contiguous span and the parameters are encoded once.
        var parametersStart = Encoding.UTF8.GetByteCount(url) + edit.Insert.Length;
        var length = parametersStart + parameterBytes;
        var rented = length <= StackLimit ? null : ArrayPool<byte>.Shared.Rent(length);
        Span<byte> buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);

        var keyLength = Encoding.UTF8.GetByteCount(authToken);
        Span<byte> key = keyLength <= StackLimit ? stackalloc byte[keyLength] : new byte[keyLength];
        Encoding.UTF8.GetBytes(authToken, key);
        try
        {
            var at = parametersStart;
            foreach (var parameter in parameters)
            {
                at += Encoding.UTF8.GetBytes(parameter.Name, buffer[at..]);
                at += Encoding.UTF8.GetBytes(parameter.Value, buffer[at..]);
            }

            var asSent = WriteUrlBefore(buffer, parametersStart, url, edit: null);
            if (Matches(key, buffer[asSent..], sent))
            {
                return true;
            }

            if (edit.IsNone)
            {
                return false;
            }

            var otherForm = WriteUrlBefore(buffer, parametersStart, url, edit);
            return Matches(key, buffer[otherForm..], sent);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    [SuppressMessage("Security", "CA5350", Justification = "Twilio's protocol fixes HMAC-SHA1; a receiver verifies it, it does not choose.")]
    private static bool Matches(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> sent)
    {
        Span<byte> computed = stackalloc byte[Sha1Length];
        HMACSHA1.HashData(key, data, computed);
        return CryptographicOperations.FixedTimeEquals(computed, sent);
    }

    /// <summary>Writes the URL (edited when an edit is given) so that it ends at <paramref name="end"/>; returns where it starts.</summary>
    private static int WriteUrlBefore(Span<byte> buffer, int end, string url, DefaultPortEdit? edit)
    {
        var span = url.AsSpan();
        if (edit is not { } portEdit)
        {
            var length = Encoding.UTF8.GetByteCount(span);
            Encoding.UTF8.GetBytes(span, buffer[(end - length)..end]);
            return end - length;
        }

        var before = span[..portEdit.At];
        var after = span[(portEdit.At + portEdit.RemoveLength)..];
        var total = Encoding.UTF8.GetByteCount(before) + portEdit.Insert.Length + Encoding.UTF8.GetByteCount(after);
        var at = end - total;
        at += Encoding.UTF8.GetBytes(before, buffer[at..]);
        at += Encoding.UTF8.GetBytes(portEdit.Insert, buffer[at..]);
        Encoding.UTF8.GetBytes(after, buffer[at..]);
        return end - total;
    }

    private static ReadOnlySpan<char> QueryValue(string url, string name)
    {
        var query = url.AsSpan();
        var start = query.IndexOf('?');
        if (start < 0)
        {
            return [];
        }

        query = query[(start + 1)..];
        var fragment = query.IndexOf('#');
        if (fragment >= 0)
        {
            query = query[..fragment];
        }

        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            if (equals >= 0 && pair[..equals].SequenceEqual(name))
            {
                return pair[(equals + 1)..];
            }
        }

        return [];
    }

    /// <summary>
    /// How to turn the URL into its other form: remove an explicit default port, or insert it where the authority ends.
    /// A non-default port is part of what Twilio signs, so such a URL has no other form.
    /// </summary>
    private readonly record struct DefaultPortEdit(int At, int RemoveLength, string Insert)
    {
        public bool IsNone => RemoveLength == 0 && Insert.Length == 0;

        public static DefaultPortEdit Find(string url)
        {
            var none = new DefaultPortEdit(0, 0, "");
            var span = url.AsSpan();
            var schemeEnd = span.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd < 0)
            {
                return none;
            }

            var scheme = span[..schemeEnd];
            var defaultPort = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? ":443"
                : scheme.Equals("http", StringComparison.OrdinalIgnoreCase) ? ":80"
                : null;
            if (defaultPort is null)
            {
                return none;
            }

            var authorityStart = schemeEnd + 3;
            var authorityLength = span[authorityStart..].IndexOfAny('/', '?', '#');
            var authorityEnd = authorityLength < 0 ? span.Length : authorityStart + authorityLength;

            // Twilio URLs may carry user:password@ before the host, and an IPv6 host has colons inside brackets.
            var hostStart = authorityStart + span[authorityStart..authorityEnd].LastIndexOf('@') + 1;
            var host = span[hostStart..authorityEnd];
            var colon = host.LastIndexOf(':');
            if (colon < 0 || colon < host.LastIndexOf(']'))
            {
                return new DefaultPortEdit(authorityEnd, 0, defaultPort);
            }

            return host[colon..].SequenceEqual(defaultPort)
                ? new DefaultPortEdit(hostStart + colon, defaultPort.Length, "")
                : none;
        }
    }
}
