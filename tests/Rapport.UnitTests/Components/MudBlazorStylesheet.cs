using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using MudBlazor;

namespace Rapport.UnitTests.Components;

/// <summary>
/// MudBlazor's stylesheet (597 KB, 40 KB Brotli, parsed by every new page) trimmed to what the app can render, written
/// to wwwroot/mudblazor.css by <see cref="GeneratedAssetTests"/>. Rules are only removed, never changed or reordered, so
/// what remains cascades as before. A selector goes when one of its classes cannot be on a page:
/// <list type="bullet">
/// <item>a class of a MudBlazor component no page uses (<see cref="UnusedComponents"/>; a test fails when a page starts
/// using one);</item>
/// <item>a utility class (<c>mt-sm-3</c>, <c>pa-12</c>, <c>deep-purple-text</c>) that neither our sources nor
/// MudBlazor's own code and script name as a literal, and that no prefix MudBlazor builds classes from (<c>gap-</c>, <c>hover:mud-</c>,
/// <c>justify-</c>) starts. MudBlazor's own <c>mud-</c> classes are judged by component only: it builds many from
/// parameters (<c>mud-button-filled-primary</c>).</item>
/// </list>
/// Classes inside <c>:not()</c>, <c>:is()</c> and the like and in attribute selectors are not judged. A keyframes rule
/// goes when no remaining rule, and neither MudBlazor's script nor its code, names it.
/// </summary>
public static partial class MudBlazorStylesheet
{
    /// <summary>MudBlazor components no page uses → the class prefixes only they render.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> UnusedComponents = new Dictionary<string, string[]>
    {
        ["MudAvatar"] = ["mud-avatar"],
        ["MudBreadcrumbs"] = ["mud-breadcrumbs", "mud-breadcrumb"],
        ["MudCard"] = ["mud-card"],
        ["MudCarousel"] = ["mud-carousel"],
        ["MudChart"] = ["mud-chart", "mud-charts"],
        ["MudChat"] = ["mud-chat"],
        ["MudColorPicker"] = ["mud-picker-color"],
        ["MudDataGrid"] = ["mud-data-grid", "mud-header-togglehierarchy"],
        ["MudDropZone"] = ["mud-drop-zone", "mud-drop-item"],
        ["MudDynamicTabs"] = ["mud-dynamic-tabs"],
        ["MudExpansionPanels"] = ["mud-expansion-panels", "mud-expand-panel"],
        ["MudFab"] = ["mud-fab"],
        ["MudFileUpload"] = ["mud-file-upload"],
        ["MudPagination"] = ["mud-pagination"],
        ["MudRating"] = ["mud-rating"],
        ["MudRTLProvider"] = ["mud-application-layout-rtl"],
        ["MudScrollToTop"] = ["mud-scroll-to-top"],
        ["MudSkeleton"] = ["mud-skeleton"],
        ["MudSlider"] = ["mud-slider"],
        ["MudStepper"] = ["mud-stepper", "mud-step"],
        ["MudSwipeArea"] = ["mud-swipearea"],
        ["MudTabs"] = ["mud-tabs", "mud-tab"],
        ["MudTimePicker"] = ["mud-time-picker", "mud-picker-time", "mud-picker-timepicker"],
        ["MudTimeline"] = ["mud-timeline"],
        ["MudTooltip"] = ["mud-tooltip"],
        ["MudTreeView"] = ["mud-treeview"],
    };

    /// <summary>The package's stylesheet, as the app's build serves it at <c>_content/MudBlazor/MudBlazor.min.css</c>.</summary>
    public static string PackageStylesheet() => File.ReadAllText(PackageStylesheetPath());

    private static string PackageVersion() =>
        typeof(MudButton).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    /// <summary>The trimmed stylesheet, for the class names our sources use (<see cref="ClassNamesIn"/>).</summary>
    public static string Trim(string css, IReadOnlySet<string> ourNames)
    {
        var script = File.ReadAllText(Path.Combine(Path.GetDirectoryName(PackageStylesheetPath())!, "MudBlazor.min.js"));
        var names = new HashSet<string>(ourNames, StringComparer.Ordinal);
        names.UnionWith(MudBlazorLiterals());
        names.UnionWith(Literal().Matches(script).SelectMany(m => Words(m.Value)));
        var builtFrom = names.Where(n => n.Length > 2 && n.EndsWith('-') && !n.StartsWith("mud-", StringComparison.Ordinal)
            && UtilityPrefix().IsMatch(n)).ToArray();
        bool Kept(string name) => name.StartsWith("mud-", StringComparison.Ordinal)
            ? !UnusedComponents.Values.SelectMany(p => p).Any(p => name == p || name.StartsWith(p + "-", StringComparison.Ordinal) || name.StartsWith(p + "_", StringComparison.Ordinal))
            : names.Contains(name) || builtFrom.Any(p => name.StartsWith(p, StringComparison.Ordinal));

        var body = css.TrimStart('\uFEFF');
        var licence = body.StartsWith("/*!", StringComparison.Ordinal) ? body[..(body.IndexOf("*/", StringComparison.Ordinal) + 2)] : "";
        var rules = TrimRules(body[licence.Length..], Kept);
        return licence + "\n" + DropUnusedKeyframes(rules, name => names.Contains(name) || script.Contains(name, StringComparison.Ordinal)) + "\n";
    }

    private static string PackageStylesheetPath()
    {
        var root = typeof(MudBlazorStylesheet).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        return Path.Combine(root, "mudblazor", PackageVersion(), "staticwebassets", "MudBlazor.min.css");
    }

    /// <summary>Every class-like word in the string literals of our .razor, .cs and .js files.</summary>
    public static IReadOnlySet<string> ClassNamesIn(string sourceDirectory)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(sourceDirectory, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match literal in Literal().Matches(File.ReadAllText(file)))
            {
                names.UnionWith(Words(literal.Value));
            }
        }

        return names;
    }

    /// <summary>The classes (unescaped) of a stylesheet's selectors, outside <c>:not()</c> and attribute selectors.</summary>
    public static IReadOnlySet<string> SelectorClasses(string css)
    {
        var classes = new HashSet<string>(StringComparer.Ordinal);
        Walk(css.TrimStart('\uFEFF'), selector => classes.UnionWith(JudgedClasses(selector)));
        return classes;
    }

    private static void Walk(string css, Action<string> selector)
    {
        foreach (var (prelude, block) in Blocks(css))
        {
            if (block is null)
            {
                continue;
            }

            if (IsGrouping(prelude))
            {
                Walk(block, selector);
            }
            else if (!prelude.StartsWith('@'))
            {
                foreach (var s in SplitSelectors(prelude))
                {
                    selector(s);
                }
            }
        }
    }

    private static string TrimRules(string css, Func<string, bool> kept)
    {
        var output = new StringBuilder();
        foreach (var (prelude, block) in Blocks(css))
        {
            if (block is null)
            {
                output.Append(prelude).Append(';');
            }
            else if (IsGrouping(prelude))
            {
                var inner = TrimRules(block, kept);
                if (inner.Length > 0)
                {
                    output.Append(prelude).Append('{').Append(inner).Append('}');
                }
            }
            else if (prelude.StartsWith('@'))
            {
                output.Append(prelude).Append('{').Append(block).Append('}');
            }
            else
            {
                var selectors = SplitSelectors(prelude).Where(s => JudgedClasses(s).All(kept)).ToList();
                if (selectors.Count > 0)
                {
                    output.Append(string.Join(',', selectors)).Append('{').Append(block).Append('}');
                }
            }
        }

        return output.ToString();
    }

    private static string DropUnusedKeyframes(string css, Func<string, bool> namedElsewhere)
    {
        var blocks = Blocks(css).ToList();
        var rulesText = string.Concat(blocks.Where(b => !IsKeyframes(b.Prelude)).Select(b => b.Prelude + "{" + b.Block + "}"));
        var output = new StringBuilder();
        foreach (var (prelude, block) in blocks)
        {
            if (IsKeyframes(prelude))
            {
                var name = prelude[(prelude.LastIndexOf(' ') + 1)..];
                if (!Regex.IsMatch(rulesText, $@"(?<![\w-]){Regex.Escape(name)}(?![\w-])") && !namedElsewhere(name))
                {
                    continue;
                }
            }

            output.Append(prelude).Append(block is null ? ";" : "{" + block + "}");
        }

        return output.ToString();
    }

    private static bool IsKeyframes(string prelude) => prelude.StartsWith('@') && prelude.Contains("keyframes ", StringComparison.Ordinal);

    private static bool IsGrouping(string prelude) =>
        prelude.StartsWith("@media", StringComparison.Ordinal) || prelude.StartsWith("@supports", StringComparison.Ordinal);

    /// <summary>The classes a selector needs on the page: not those in <c>:not()</c>/<c>:is()</c>/… or in <c>[…]</c>.</summary>
    private static IEnumerable<string> JudgedClasses(string selector)
    {
        var plain = new StringBuilder();
        var depth = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            var c = selector[i];
            if (c == '\\' && i + 1 < selector.Length)
            {
                if (depth == 0)
                {
                    plain.Append(c).Append(selector[i + 1]);
                }

                i++;
                continue;
            }

            if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                depth--;
            }
            else if (depth == 0)
            {
                plain.Append(c);
            }
        }

        return ClassSelector().Matches(plain.ToString()).Select(m => Unescape().Replace(m.Groups[1].Value, "$1"));
    }

    private static List<string> SplitSelectors(string prelude)
    {
        var selectors = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < prelude.Length; i++)
        {
            switch (prelude[i])
            {
                case '\\':
                    i++;
                    break;
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    depth--;
                    break;
                case ',' when depth == 0:
                    selectors.Add(prelude[start..i]);
                    start = i + 1;
                    break;
            }
        }

        selectors.Add(prelude[start..]);
        return selectors;
    }

    /// <summary>The top-level statements of <paramref name="css"/>: a prelude and its block's inside (null for <c>@x …;</c>).</summary>
    private static IEnumerable<(string Prelude, string? Block)> Blocks(string css)
    {
        var i = 0;
        while (i < css.Length)
        {
            if (char.IsWhiteSpace(css[i]))
            {
                i++;
                continue;
            }

            if (string.CompareOrdinal(css, i, "/*", 0, 2) == 0)
            {
                i = css.IndexOf("*/", i + 2, StringComparison.Ordinal) + 2;
                continue;
            }

            var end = Scan(css, i, stopAt: "{;");
            var prelude = css[i..end];
            if (end >= css.Length || css[end] == ';')
            {
                yield return (prelude, null);
                i = end + 1;
                continue;
            }

            var close = Scan(css, end + 1, stopAt: null);
            yield return (prelude, css[(end + 1)..close]);
            i = close + 1;
        }
    }

    /// <summary>Where the prelude stops (at one of <paramref name="stopAt"/>), or, for null, the brace closing a block.</summary>
    private static int Scan(string css, int i, string? stopAt)
    {
        var depth = 0;
        char? quote = null;
        for (; i < css.Length; i++)
        {
            var c = css[i];
            if (c == '\\')
            {
                i++;
            }
            else if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (stopAt is not null && stopAt.Contains(c, StringComparison.Ordinal))
            {
                return i;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth-- == 0)
            {
                return i;
            }
        }

        return i;
    }

    /// <summary>The string literals of MudBlazor's code: the classes its components write (built ones by their prefix).
    /// Its script's literals are added too (it sets a few classes itself).</summary>
    private static HashSet<string> MudBlazorLiterals()
    {
        using var pe = new PEReader(File.OpenRead(typeof(MudButton).Assembly.Location));
        var metadata = pe.GetMetadataReader();
        var words = new HashSet<string>(StringComparer.Ordinal);
        var handle = MetadataTokens.UserStringHandle(1);
        while (!handle.IsNil && MetadataTokens.GetHeapOffset(handle) < metadata.GetHeapSize(HeapIndex.UserString))
        {
            words.UnionWith(Words(metadata.GetUserString(handle)));
            handle = metadata.GetNextHandle(handle);
        }

        return words;
    }

    private static IEnumerable<string> Words(string text) => text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);

    private static readonly char[] Separators = [' ', '\t', '\r', '\n', '"', '\'', '<', '>', '=', '(', ')', '{', '}', ',', ';', '`', '.'];

    [GeneratedRegex("\"([^\"\\r\\n]*)\"|'([^'\\r\\n]*)'|`([^`]*)`")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\.(-?[_a-zA-Z](?:[_a-zA-Z0-9-]|\\.)*)")]
    private static partial Regex ClassSelector();

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex Unescape();

    [GeneratedRegex("^[a-z]+([:-][a-z0-9]+)*-$")]
    private static partial Regex UtilityPrefix();
}
