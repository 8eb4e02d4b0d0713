using System.Runtime.CompilerServices;
using System.Text;
using MudBlazor;
using Rapport.Components;

namespace Rapport.UnitTests.Components;

/// <summary>
/// The start of wwwroot/app.css (the theme's variables, up to <see cref="EndOfTheme"/>) and wwwroot/icons.svg are
/// generated from MudBlazor and our tables (RapportTheme, SpriteIcons), so that pages refer to them instead of carrying
/// their text; the theme shares app.css's response rather than being a file of its own. A change of theme, icon or
/// MudBlazor version without regenerating them fails here, and so does wwwroot/mudblazor.css (MudBlazor's stylesheet
/// trimmed by <see cref="MudBlazorStylesheet"/>) when our sources start naming a class it left out;
/// RAPPORT_WRITE_ASSETS=1 rewrites them (then look at the diff and commit it).
/// </summary>
public sealed class GeneratedAssetTests
{
    private const string EndOfTheme =
        "/* Above: MudBlazor's variables and scrollbar for RapportTheme, generated (GeneratedAssetTests). Below: our own styles. */\n";

    [Fact]
    public void The_stylesheet_starts_with_what_MudBlazor_writes_for_our_theme() =>
        AssertAsset("app.css", ThemeWriter.Stylesheet(RapportTheme.Theme) + EndOfTheme, ownText: current =>
        {
            var end = current.IndexOf(EndOfTheme, StringComparison.Ordinal);
            return end < 0 ? "" : current[(end + EndOfTheme.Length)..];
        });

    [Fact]
    public void MudBlazors_stylesheet_is_trimmed_to_what_our_pages_can_render() =>
        AssertAsset("mudblazor.css", MudBlazorStylesheet.Trim(MudBlazorStylesheet.PackageStylesheet(), MudBlazorStylesheet.ClassNamesIn(Sources())));

    [Fact]
    public void The_icon_sprite_holds_every_icon_of_the_table() =>
        AssertAsset("icons.svg", SpriteIcons.Sprite());

    [Fact]
    public void An_icon_refers_into_the_sprite_and_an_unknown_one_is_refused()
    {
        var assets = new Microsoft.AspNetCore.Components.ResourceAssetCollection([]);
        Assert.Equal("<use href=\"icons.svg#Inbox\"/>", SpriteIcons.Use(assets, "Inbox"));
        Assert.Throws<ArgumentException>(() => SpriteIcons.Use(assets, "NoSuchIcon"));
    }

    [Fact]
    public void Every_channels_icon_is_drawn_from_the_sprite_by_the_one_channel_to_icon_table()
    {
        var assets = new Microsoft.AspNetCore.Components.ResourceAssetCollection([]);
        Assert.Equal("<use href=\"icons.svg#Chat\"/>", Rapport.Features.Conversations.Pages.ChannelIcons.Use(assets, Rapport.Features.Customers.Channel.Chat));
        foreach (var channel in Enum.GetValues<Rapport.Features.Customers.Channel>())
        {
            Assert.StartsWith("<use href=", Rapport.Features.Conversations.Pages.ChannelIcons.Use(assets, channel), StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => SpriteIcons.UseIcon(assets, Icons.Material.Filled.Cake));
    }

    /// <summary>The app's sources (src/Rapport).</summary>
    public static string Sources([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../src/Rapport"));

    /// <summary>The file is <paramref name="generated"/>, followed by the hand-written text <paramref name="ownText"/> finds in it, if any.</summary>
    private static void AssertAsset(string name, string generated, Func<string, string>? ownText = null, [CallerFilePath] string here = "")
    {
        var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../src/Rapport/wwwroot", name));
        var own = ownText is not null && File.Exists(path) ? ownText(File.ReadAllText(path)) : "";
        // Never rewritten without its own text: a lost marker would otherwise take the hand-written styles with it.
        if (Environment.GetEnvironmentVariable("RAPPORT_WRITE_ASSETS") == "1" && (ownText is null || own.Length > 0))
        {
            File.WriteAllText(path, generated + own);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run this test with RAPPORT_WRITE_ASSETS=1.");
        var current = File.ReadAllText(path);
        Assert.True(ownText is null || ownText(current).Length > 0, $"{path} has lost its own styles after the generated part.");
        Assert.True(generated + own == current, $"{path} is out of date: run this test with RAPPORT_WRITE_ASSETS=1.");
    }

    /// <summary>MudBlazor's own theme provider, asked for the CSS it would write into the page.</summary>
    private sealed class ThemeWriter : MudThemeProvider
    {
        public static string Stylesheet(MudTheme theme)
        {
            var writer = new ThemeWriter { Theme = theme };
            writer.OnInitialized();
            writer.OnParametersSet();
            var css = new StringBuilder(":root{\n");
            writer.GenerateTheme(css);
            css.Append("}\n");
            var scrollbar = BuildMudBlazorScrollbar();
            css.Append(scrollbar.Replace("<style>", "", StringComparison.Ordinal).Replace("</style>", "", StringComparison.Ordinal).Trim()).Append('\n');
            return css.ToString();
        }
    }
}
