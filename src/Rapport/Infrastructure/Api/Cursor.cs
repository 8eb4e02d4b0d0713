using System.Buffers.Text;
using System.Text;

namespace Rapport.Infrastructure.Api;

/// <summary>
/// Opaque keyset cursor: the sort key and id of the last item of a page. Stable while rows are added,
/// unlike offsets, and cheap at any depth because it seeks on an index.
/// </summary>
public sealed record Cursor(string Key, Guid Id)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Id:N}|{Key}"));

    public static bool TryDecode(string? text, out Cursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        try
        {
            var raw = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
            var bar = raw.IndexOf('|', StringComparison.Ordinal);
            if (bar != 32 || !Guid.TryParseExact(raw[..bar], "N", out var id))
            {
                return false;
            }

            cursor = new Cursor(raw[(bar + 1)..], id);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>One page of a list: the items and, when there are more, the cursor to pass as <c>after</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Validates <c>limit</c> and <c>after</c>; returns the problem to answer when they are wrong.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem? Validate(int? limit, string? after,
        out int take, out Cursor? cursor)
    {
        take = limit ?? DefaultLimit;
        cursor = null;
        if (take is < 1 or > MaxLimit)
        {
            return Problems.Invalid("limit", $"limit must be between 1 and {MaxLimit}.");
        }

        return Cursor.TryDecode(after, out cursor)
            ? null
            : Problems.Invalid("after", "after is not a cursor returned by this API.");
    }
}
