using System.Text.RegularExpressions;
using MudBlazor;

namespace Rapport.UnitTests.Components;

/// <summary>
/// wwwroot/mudblazor.css leaves out the rules of MudBlazor components no page uses and of utility classes nobody names
/// (<see cref="MudBlazorStylesheet"/>). A page that starts using such a component, or builds a class from a value where
/// the trimmer cannot read it, would lose its look without an error: these tests fail instead.
/// </summary>
public sealed partial class TrimmedStylesheetTests
{
    private static readonly string Sources = GeneratedAssetTests.Sources();

    [Fact]
    public void No_page_uses_a_MudBlazor_component_whose_rules_were_left_out()
    {
        var used = UsedComponents();

        Assert.True(used.Count > 20, $"Only {used.Count} MudBlazor components found in {Sources}.");
        Assert.Empty(used.Intersect(MudBlazorStylesheet.UnusedComponents.Keys));
    }

    [Fact]
    public void Every_MudBlazor_component_our_pages_use_keeps_the_rules_of_its_class()
    {
        var package = MudBlazorStylesheet.SelectorClasses(MudBlazorStylesheet.PackageStylesheet());
        var trimmed = MudBlazorStylesheet.SelectorClasses(File.ReadAllText(Path.Combine(Sources, "wwwroot", "mudblazor.css")));

        var checkedClasses = UsedComponents()
            .SelectMany(c => new[] { "mud-" + Kebab().Replace(c[3..], "-$1").ToLowerInvariant(), "mud-" + c[3..].ToLowerInvariant() })
            .Distinct()
            .Where(package.Contains)
            .ToList();

        Assert.True(checkedClasses.Count > 15, $"Only {checkedClasses.Count} component classes checked: {string.Join(' ', checkedClasses)}");
        Assert.Equal([], checkedClasses.Except(trimmed));
    }

    [Fact]
    public void The_table_of_unused_components_names_real_components_and_classes_of_the_package()
    {
        var package = MudBlazorStylesheet.SelectorClasses(MudBlazorStylesheet.PackageStylesheet());

        foreach (var (component, prefixes) in MudBlazorStylesheet.UnusedComponents)
        {
            var type = typeof(MudButton).Assembly.GetTypes().FirstOrDefault(t => t.Namespace == "MudBlazor" && t.Name.Split('`')[0] == component);
            Assert.True(type is not null && type.IsAssignableTo(typeof(Microsoft.AspNetCore.Components.IComponent)), $"{component} is not a MudBlazor component.");
            Assert.All(prefixes, p => Assert.Contains(package, c => c == p || c.StartsWith(p + "-", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Our_sources_build_no_utility_class_from_a_value()
    {
        var built = Directory.EnumerateFiles(Sources, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => BuiltUtilityClass().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .ToList();

        Assert.Empty(built);
    }

    [Fact]
    public void Trimming_drops_unused_components_and_unnamed_utilities_and_keeps_the_rest_in_order()
    {
        // hover:mud-info-hover stays: MudBlazor builds classes from "hover:mud-" (hover:mud-primary-hover is on our pages).
        const string css = "/*! licence */.mud-chat{a:1}.mud-button:not(.mud-tab){b:2}.mt-sm-3,.mt-2{c:3}[href$=\".css\"]{d:4}"
            + "@media(min-width:600px){.pa-12{e:5}.mud-tabs{f:6}}@keyframes mud-chat-k{0%{g:7}}.mud-chat-x{animation:mud-chat-k 1s}"
            + "@keyframes kept-k{0%{h:8}}.mud-paper{animation:kept-k 1s}.hover\\:mud-info-hover:hover{i:9}.unnamed-class>.mt-2{j:10}";

        var trimmed = MudBlazorStylesheet.Trim(css, new HashSet<string> { "mt-2" });

        Assert.Equal("/*! licence */\n.mud-button:not(.mud-tab){b:2}.mt-2{c:3}[href$=\".css\"]{d:4}"
            + "@keyframes kept-k{0%{h:8}}.mud-paper{animation:kept-k 1s}.hover\\:mud-info-hover:hover{i:9}\n", trimmed);
    }

    private static HashSet<string> UsedComponents()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Sources, "*.*", SearchOption.AllDirectories))
        {
            var regex = file.EndsWith(".razor", StringComparison.Ordinal) ? ComponentTag() : file.EndsWith(".cs", StringComparison.Ordinal) ? ComponentType() : null;
            if (regex is not null)
            {
                names.UnionWith(regex.Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value));
            }
        }

        return names.Where(n => typeof(MudButton).Assembly.GetTypes().Any(t => t.Namespace == "MudBlazor" && t.Name.Split('`')[0] == n
            && t.IsAssignableTo(typeof(Microsoft.AspNetCore.Components.IComponent)))).ToHashSet();
    }

    [GeneratedRegex("<(Mud[A-Z][A-Za-z]*)")]
    private static partial Regex ComponentTag();

    [GeneratedRegex(@"\b(Mud[A-Z][A-Za-z]*)\b")]
    private static partial Regex ComponentType();

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Kebab();

    [GeneratedRegex(@"(?<![\w-])(?:[mp][atblrsexy]?|gap|d|flex|justify|align|order|rounded)-\{")]
    private static partial Regex BuiltUtilityClass();
}
