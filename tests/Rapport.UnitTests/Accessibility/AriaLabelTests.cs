using System.Text.RegularExpressions;

namespace Rapport.UnitTests.Accessibility;

/// <summary>
/// <c>aria-label</c> on an element without a role (a <c>div</c>, or a MudBlazor component that renders a plain one) is
/// not read by screen readers and is not allowed by ARIA: every such label in the pages comes with a role
/// (<c>region</c> for a panel, <c>group</c> for a row of controls), or is not there.
/// </summary>
public sealed partial class AriaLabelTests
{
    /// <summary>Tags that render an element without a role of its own: HTML ones, and MudBlazor components drawn as a plain div, span or p.</summary>
    private static readonly HashSet<string> RoleLess = new(StringComparer.Ordinal)
    {
        "div", "span", "p", "MudPaper", "MudChipSet", "MudStack", "MudGrid", "MudItem", "MudCard", "MudCardContent", "MudContainer", "MudText",
    };

    // A start tag, with attribute values in quotes (which may hold '>' or Razor expressions) and across lines.
    [GeneratedRegex("""<(?<tag>[A-Za-z][\w.]*)\b(?<attributes>(?:[^<>"]|"[^"]*")*)>""", RegexOptions.Singleline)]
    private static partial Regex StartTag();

    [GeneratedRegex("""(?:^|\s)aria-label\s*=""")]
    private static partial Regex AriaLabel();

    [GeneratedRegex("""(?:^|\s)role\s*=""")]
    private static partial Regex Role();

    /// <summary>"file:line &lt;tag&gt;" for every role-less element in <paramref name="razor"/> that carries aria-label.</summary>
    public static IEnumerable<string> Offenders(string file, string razor) =>
        StartTag().Matches(razor)
            .Where(m => RoleLess.Contains(m.Groups["tag"].Value) && AriaLabel().IsMatch(m.Groups["attributes"].Value)
                && !Role().IsMatch(m.Groups["attributes"].Value))
            .Select(m => $"{file}:{razor[..m.Index].Count(c => c == '\n') + 1} <{m.Groups["tag"].Value}>");

    [Fact]
    public void No_page_puts_aria_label_on_an_element_without_a_role()
    {
        var source = SourceDirectory();
        var pages = Directory.GetFiles(source, "*.razor", SearchOption.AllDirectories);
        Assert.True(pages.Length > 50, $"Expected the pages under {source}; found {pages.Length}.");

        var offenders = pages.SelectMany(p => Offenders(Path.GetRelativePath(source, p), File.ReadAllText(p))).ToList();

        Assert.True(offenders.Count == 0, "aria-label without a role (add role=\"region\" or \"group\", or drop the label):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_check_finds_a_label_on_a_div_or_a_paper_across_lines_and_passes_one_with_a_role()
    {
        const string razor = """
            <div class="row" aria-label="Actions">
            <MudPaper Class="pa-4"
                      Elevation="1" aria-label="@($"Standard {s.Standard}")">
            <div role="group" aria-label="Filters">
            <MudButton aria-label="Close" />
            <div data-aria-label="not one">
            """;

        Assert.Equal(["x.razor:1 <div>", "x.razor:2 <MudPaper>"], Offenders("x.razor", razor));
    }

    private static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Rapport");
            if (File.Exists(Path.Combine(dir.FullName, "Rapport.slnx")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No src/Rapport above {AppContext.BaseDirectory}.");
    }
}
