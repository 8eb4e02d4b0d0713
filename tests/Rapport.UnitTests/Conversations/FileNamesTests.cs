using Rapport.Features.Conversations;

namespace Rapport.UnitTests.Conversations;

public sealed class FileNamesTests
{
    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\x\\evil.exe", "evil.exe")]
    [InlineData("a<b>c:d\"e|f?g*.txt", "a_b_c_d_e_f_g_.txt")]
    [InlineData("line\r\nbreak.txt", "line__break.txt")]
    [InlineData("invoice\u202Efdp.exe", "invoice_fdp.exe")]
    [InlineData("  .hidden. ", "hidden")]
    [InlineData("CON.txt", "_CON.txt")]
    [InlineData("nyan cat ✔.gif", "nyan cat ✔.gif")]
    public void Names_are_made_safe(string given, string expected)
    {
        Assert.Equal(expected, FileNames.Sanitise(given));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("...")]
    [InlineData("///")]
    public void A_missing_name_falls_back(string? given)
    {
        Assert.Equal("image.png", FileNames.Sanitise(given, "image.png"));
        Assert.Equal(FileNames.Fallback, FileNames.Sanitise(given));
    }

    [Fact]
    public void A_long_name_is_cut_to_255_characters_keeping_its_extension()
    {
        var name = FileNames.Sanitise(new string('a', 300) + ".pdf");

        Assert.Equal(255, name.Length);
        Assert.EndsWith("a.pdf", name, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var name = FileNames.Sanitise(new string('a', 250) + "😀😀😀😀😀.txt");

        Assert.True(name.Length <= 255);
        Assert.False(char.IsHighSurrogate(name[^5]));
        Assert.EndsWith(".txt", name, StringComparison.Ordinal);
    }
}
