namespace Rapport.Features.Cases;

/// <summary>A member of staff who can be mentioned in a note.</summary>
public sealed record MentionableUser(Guid Id, string Email, string DisplayName);

/// <summary>
/// Finds the colleagues a note mentions: <c>@ben@rapport.demo</c> by email, <c>@Ben Okafor</c> by full display name, or
/// <c>@Ben</c> by first name when only one colleague has it. An @ inside a word (an email address in the text) is not a mention.
/// </summary>
public static class Mentions
{
    private static readonly System.Buffers.SearchValues<char> TokenEnd = System.Buffers.SearchValues.Create(" \t\r\n<>(),;");

    public static IReadOnlyList<Guid> Find(string text, IReadOnlyCollection<MentionableUser> staff)
    {
        var found = new List<Guid>();
        for (var at = text.IndexOf('@', StringComparison.Ordinal); at >= 0; at = text.IndexOf('@', at + 1))
        {
            if (at > 0 && (char.IsLetterOrDigit(text[at - 1]) || text[at - 1] is '.' or '_' or '-' or '@'))
            {
                continue;
            }

            var rest = text.AsSpan(at + 1);
            if (Match(rest, staff) is { } id && !found.Contains(id))
            {
                found.Add(id);
            }
        }

        return found;
    }

    private static Guid? Match(ReadOnlySpan<char> rest, IReadOnlyCollection<MentionableUser> staff)
    {
        var token = Token(rest).TrimEnd(".,;:!?)'\"");
        if (token.Contains('@'))
        {
            foreach (var user in staff)
            {
                if (token.Equals(user.Email, StringComparison.OrdinalIgnoreCase))
                {
                    return user.Id;
                }
            }
        }

        // Longest display name first, so "@Ben Okafor" is Ben Okafor and not another Ben.
        foreach (var user in staff.OrderByDescending(u => u.DisplayName.Length))
        {
            if (StartsWithWord(rest, user.DisplayName))
            {
                return user.Id;
            }
        }

        Guid? byFirstName = null;
        foreach (var user in staff)
        {
            if (StartsWithWord(rest, FirstName(user.DisplayName)))
            {
                if (byFirstName is not null)
                {
                    return null; // two colleagues share the name: ambiguous, nobody is notified
                }

                byFirstName = user.Id;
            }
        }

        return byFirstName;
    }

    private static ReadOnlySpan<char> Token(ReadOnlySpan<char> rest)
    {
        var end = rest.IndexOfAny(TokenEnd);
        return end < 0 ? rest : rest[..end];
    }

    private static bool StartsWithWord(ReadOnlySpan<char> rest, string name) =>
        name.Length > 0 && rest.StartsWith(name, StringComparison.OrdinalIgnoreCase)
        && (rest.Length == name.Length || !char.IsLetterOrDigit(rest[name.Length]));

    private static string FirstName(string displayName) => displayName.Trim().Split(' ', 2)[0];
}
