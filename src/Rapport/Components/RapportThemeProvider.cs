using System.Text;
using MudBlazor;

namespace Rapport.Components;

/// <summary>
/// MudBlazor's theme provider without the theme's CSS variables: MudBlazor writes them (12 KB) into every page and
/// again into every circuit's first render, where re-inserting the style element restyles the whole document. They
/// come from the start of wwwroot/app.css instead, fetched once and cached for good; a unit test keeps that part equal
/// to what MudBlazor writes for <see cref="RapportTheme"/>. Use it with <c>DefaultScrollbar="true"</c>: the scrollbar's
/// style is there too.
/// </summary>
public sealed class RapportThemeProvider : MudThemeProvider
{
    protected override void GenerateTheme(StringBuilder theme)
    {
    }
}
