using System.Text;
using CsCheck;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.Infrastructure;

public sealed class CursorTests
{
    [Fact]
    public void Encoded_cursor_decodes_to_the_same_key_and_id()
    {
        var cursor = new Cursor("ada lovelace | née byron", Guid.CreateVersion7());

        Assert.True(Cursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Fact]
    public void Encoded_cursor_is_url_safe()
    {
        var encoded = new Cursor("?&/+= ünïcödé", Guid.NewGuid()).Encode();

        Assert.Equal(Uri.EscapeDataString(encoded), encoded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_cursor_means_the_first_page(string? text)
    {
        Assert.True(Cursor.TryDecode(text, out var cursor));
        Assert.Null(cursor);
    }

    [Theory]
    [InlineData("not a cursor!")]
    [InlineData("%%%")]
    [InlineData("a")]
    [InlineData("aGVsbG8")]
    [InlineData("====")]
    public void Garbage_is_not_a_cursor(string text)
    {
        Assert.False(Cursor.TryDecode(text, out var cursor));
        Assert.Null(cursor);
    }

    [Fact]
    public void A_cursor_whose_id_is_not_a_guid_is_rejected()
    {
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{new string('z', 32)}|key")).TrimEnd('=');

        Assert.False(Cursor.TryDecode(forged, out _));
    }

    [Fact]
    public void Any_key_round_trips()
    {
        // Keys come from stored text, which is valid UTF-16: no lone surrogates.
        var keys = Gen.String[Gen.Char['\0', '\uD7FF'], 0, 200];
        Gen.Select(keys, Gen.Guid).Sample((key, id) =>
            Cursor.TryDecode(new Cursor(key, id).Encode(), out var decoded) && decoded == new Cursor(key, id), iter: PropertyRuns.Iterations);
    }

    [Fact]
    public void Decoding_any_text_never_throws()
    {
        var text = Gen.OneOf(Gen.String, Gen.String[Gen.Char["ABCDEFabcdef0123456789-_=|+/"], 0, 100]);
        text.Sample(t =>
        {
            var ok = Cursor.TryDecode(t, out var cursor);
            return ok ? cursor is not null || string.IsNullOrEmpty(t) : cursor is null;
        }, iter: 2 * PropertyRuns.Iterations);
    }
}
