using MudBlazor;

namespace Rapport.Components;

/// <summary>
/// The agent UI's colours. Every foreground/background pair meets WCAG 2.2 AA contrast (4.5:1 for text): MudBlazor's
/// default amber and light blue are too pale for white text, so the status colours are the darker shades.
/// </summary>
public static class RapportTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#283593",
            Secondary = "#00695c",
            Tertiary = "#6a1b9a",
            Info = "#01579b",
            Success = "#1b5e20",
            Warning = "#8a4b00",
            Error = "#b71c1c",
            AppbarBackground = "#1a237e",
            AppbarText = "#ffffff",
            Background = "#f5f6fa",
            DrawerBackground = "#ffffff",
            DrawerText = "rgba(0,0,0,0.87)",
            TextPrimary = "rgba(0,0,0,0.87)",
            TextSecondary = "rgba(0,0,0,0.68)",
            ActionDefault = "rgba(0,0,0,0.68)",
            LinesInputs = "rgba(0,0,0,0.55)",
        },
        Typography = new Typography
        {
            H1 = new H1Typography { FontSize = "1.75rem", FontWeight = "500", LineHeight = "1.3", LetterSpacing = "0" },
            H2 = new H2Typography { FontSize = "1.15rem", FontWeight = "500", LineHeight = "1.4", LetterSpacing = "0" },
            H3 = new H3Typography { FontSize = "1rem", FontWeight = "500", LineHeight = "1.4", LetterSpacing = "0" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
