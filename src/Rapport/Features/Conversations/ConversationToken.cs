using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Rapport.Features.Conversations;

/// <summary>
/// The short, stable token Rapport puts in the subject of its replies (e.g. "[#R-7KQ2M9XA]"), so a customer's answer from
/// a mail client that drops In-Reply-To and References still finds its conversation. It is derived from the
/// conversation's id and stored nowhere; it is a hint, never a key: an email joins the token's conversation only when
/// its sender is that conversation's customer, so guessing a token gains nothing.
/// </summary>
public static partial class ConversationToken
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32: no I, L, O, U

    public static string For(Guid conversationId)
    {
        var hash = SHA256.HashData(conversationId.ToByteArray());
        var bits = BitConverter.ToUInt64(hash, 0);
        var chars = new char[8];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        return "R-" + new string(chars);
    }

    /// <summary>The subject with the conversation's tag at its end (once), cut so that the tag survives 300 characters.</summary>
    public static string Tag(string subject, Guid conversationId)
    {
        var tag = $"[#{For(conversationId)}]";
        if (subject.Contains(tag, StringComparison.OrdinalIgnoreCase))
        {
            return subject;
        }

        var room = 300 - tag.Length - 1;
        return $"{StorableText.Cut(subject, room).TrimEnd()} {tag}";
    }

    /// <summary>The last token in a subject (the one Rapport added most recently), upper-cased, or null.</summary>
    public static string? Find(string? subject) =>
        subject is not null && TokenPattern().Matches(subject) is { Count: > 0 } matches
            ? matches[^1].Groups[1].Value.ToUpperInvariant()
            : null;

    [GeneratedRegex(@"\[#(R-[0-9A-Z]{8})\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex TokenPattern();
}
