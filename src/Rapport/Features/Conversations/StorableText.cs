using System.Text;

namespace Rapport.Features.Conversations;

/// <summary>
/// Text both databases can store: PostgreSQL refuses U+0000 in a text column, and half of a surrogate pair is not valid
/// Unicode for either. Such characters arrive in decoded mail and in API calls alike; each becomes U+FFFD (the visible
/// replacement character) so the message is kept, and shows where something was unreadable.
/// </summary>
public static class StorableText
{
    public const char Replacement = '\uFFFD';

    /// <summary>At most <paramref name="max"/> UTF-16 units of <paramref name="s"/>, never ending in half a surrogate pair.</summary>
    public static string Cut(string s, int max)
    {
        if (s.Length <= max)
        {
            return s;
        }

        return max > 0 && char.IsHighSurrogate(s[max - 1]) ? s[..(max - 1)] : s[..max];
    }

    public static string? Clean(string? s)
    {
        if (s is null || IsStorable(s))
        {
            return s;
        }

        var clean = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                clean.Append(c).Append(s[++i]);
            }
            else
            {
                clean.Append(c == '\0' || char.IsSurrogate(c) ? Replacement : c);
            }
        }

        return clean.ToString();
    }

    /// <summary>Every text field of an inbound message made storable.</summary>
    public static InboundMessage Clean(InboundMessage m) => m with
    {
        ProviderMessageId = Clean(m.ProviderMessageId)!,
        From = m.From is null ? null! : m.From with
        {
            Email = Clean(m.From.Email),
            Phone = Clean(m.From.Phone),
            Handle = Clean(m.From.Handle),
            Network = Clean(m.From.Network),
            Name = Clean(m.From.Name),
        },
        Text = Clean(m.Text)!,
        Subject = Clean(m.Subject),
        Html = Clean(m.Html),
        To = Clean(m.To),
        InReplyTo = Clean(m.InReplyTo),
        References = m.References?.Select(r => Clean(r)!).ToList(),
        ParseWarning = Clean(m.ParseWarning),
    };

    private static bool IsStorable(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }
}
