using System.Runtime.CompilerServices;
using System.Text;
using MudBlazor;
using Rapport.Components;

namespace Rapport.UnitTests.Components;

/// <summary>
/// wwwroot/theme.css and wwwroot/icons.svg are generated from MudBlazor and our tables (RapportTheme, SpriteIcons), so
/// that pages refer to them instead of carrying their text. A change of theme, icon or MudBlazor version without
/// regenerating them fails here; RAPPORT_WRITE_ASSETS=1 rewrites them (then look at the diff and commit it).
/// </summary>
public sealed class GeneratedAssetTests
{
    [Fact]
    public void The_theme_stylesheet_is_what_MudBlazor_writes_for_our_theme() =>
        AssertAsset("theme.css", ThemeWriter.Stylesheet(RapportTheme.Theme));

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

    private static void AssertAsset(string name, string expected, [CallerFilePath] string here = "")
    {
        var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../src/Rapport/wwwroot", name));
        if (Environment.GetEnvironmentVariable("RAPPORT_WRITE_ASSETS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run this test with RAPPORT_WRITE_ASSETS=1.");
        Assert.True(expected == File.ReadAllText(path), $"{path} is out of date: run this test with RAPPORT_WRITE_ASSETS=1.");
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
