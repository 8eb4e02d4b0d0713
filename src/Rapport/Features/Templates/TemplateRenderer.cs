using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;

namespace Rapport.Features.Templates;

/// <summary>Why a template body was refused: the 1-based line and the reason.</summary>
public sealed record TemplateProblem(int Line, string Reason)
{
    public override string ToString() => $"Line {Line}: {Reason}";
}

/// <summary>
/// Checks and renders template bodies written in Liquid (Fluid). A body is refused when Liquid cannot parse it, or when it
/// names a placeholder outside <see cref="TemplatePlaceholders"/>, a filter Liquid does not have, or another file
/// (include/render): each with its line. Rendering is plain text (no HTML escaping): replies are text on every channel.
/// </summary>
public static partial class TemplateRenderer
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder().WithMaxSteps(10_000).WithMaxOutputSize(64_000).Build();

    public static TemplateProblem? Check(string body)
    {
        if (!Parser.TryParse(body, out var template, out var error))
        {
            return SyntaxProblem(error);
        }

        var names = new NameCollector();
        names.VisitTemplate(template);
        foreach (var (kind, name) in names.Used)
        {
            var problem = kind switch
            {
                NameKind.Placeholder when !names.Locals.Contains(name.Split('.')[0]) && !TemplatePlaceholders.Paths.Contains(name) =>
                    $"'{name}' is not a placeholder. Use one of: {string.Join(", ", TemplatePlaceholders.Paths)}.",
                NameKind.Filter when !Options.Filters.TryGetValue(name, out _) => $"'{name}' is not a Liquid filter.",
                NameKind.File => "Templates cannot include other files.",
                _ => null,
            };
            if (problem is not null)
            {
                return new TemplateProblem(LineOf(body, name), problem);
            }
        }

        return null;
    }

    /// <summary>Renders a body that passed <see cref="Check"/>; <paramref name="language"/> (BCP 47) sets number and date formats.</summary>
    public static string Render(string body, TemplateValues values, string? language = null)
    {
        var template = Parsed(body);
        var context = new TemplateContext(Options) { CultureInfo = CultureFor(language) };
        foreach (var (root, members) in values.Roots())
        {
            context.SetValue(root, members);
        }

        return template.Render(context, NullEncoder.Default).Trim();
    }

    // The returning-customer lookup renders a greeting on every call: parse each stored body once. A parsed Fluid template
    // is immutable and renders from many threads; drafts being previewed are bodies too, so the cache is bounded.
    private static readonly ConcurrentDictionary<string, IFluidTemplate> ParsedBodies = new(StringComparer.Ordinal);

    private static IFluidTemplate Parsed(string body)
    {
        if (ParsedBodies.TryGetValue(body, out var cached))
        {
            return cached;
        }

        if (!Parser.TryParse(body, out var template, out var error))
        {
            throw new InvalidOperationException($"A stored template does not parse: {SyntaxProblem(error)}");
        }

        if (ParsedBodies.Count >= 512)
        {
            ParsedBodies.Clear();
        }

        ParsedBodies[body] = template;
        return template;
    }

    public static CultureInfo CultureFor(string? language)
    {
        try
        {
            return string.IsNullOrWhiteSpace(language) ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    private static TemplateProblem SyntaxProblem(string error)
    {
        var firstLine = error.Split('\n')[0].Trim();
        var at = Position().Match(firstLine);
        return at.Success
            ? new TemplateProblem(int.Parse(at.Groups["line"].Value, CultureInfo.InvariantCulture), firstLine[..at.Index].Trim() + ".")
            : new TemplateProblem(1, firstLine);
    }

    /// <summary>The first line where <paramref name="name"/> appears inside a Liquid tag or output, else 1.</summary>
    private static int LineOf(string body, string name)
    {
        foreach (Match m in LiquidMarkup().Matches(body))
        {
            var inner = Regex.Match(m.Value, $@"(?<![\w.]){Regex.Escape(name)}(?![\w])", RegexOptions.None, TimeSpan.FromSeconds(1));
            if (inner.Success)
            {
                return 1 + body.AsSpan(0, m.Index + inner.Index).Count('\n');
            }
        }

        return 1;
    }

    [GeneratedRegex(@" at \((?<line>\d+):(?<column>\d+)\)$")]
    private static partial Regex Position();

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex LiquidMarkup();

    private enum NameKind { Placeholder, Filter, File }

    /// <summary>Every variable path, filter and file a template names, and the variables it defines itself.</summary>
    private sealed class NameCollector : AstVisitor
    {
        public List<(NameKind Kind, string Name)> Used { get; } = [];
        public HashSet<string> Locals { get; } = new(StringComparer.Ordinal) { "forloop", "tablerowloop", "empty", "blank", "nil", "null", "true", "false" };

        protected override Expression VisitMemberExpression(MemberExpression member)
        {
            var path = string.Join('.', member.Segments.TakeWhile(s => s is IdentifierSegment).Cast<IdentifierSegment>().Select(s => s.Identifier));
            if (path.Length > 0)
            {
                Used.Add((NameKind.Placeholder, path));
            }

            return base.VisitMemberExpression(member);
        }

        protected override Expression VisitFilterExpression(FilterExpression filter)
        {
            Used.Add((NameKind.Filter, filter.Name));
            return base.VisitFilterExpression(filter);
        }

        protected override Statement VisitAssignStatement(AssignStatement assign)
        {
            Locals.Add(assign.Identifier);
            return base.VisitAssignStatement(assign);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement capture)
        {
            Locals.Add(capture.Identifier);
            return base.VisitCaptureStatement(capture);
        }

        protected override Statement VisitForStatement(ForStatement loop)
        {
            Locals.Add(loop.Identifier);
            return base.VisitForStatement(loop);
        }

        protected override Statement VisitIncludeStatement(IncludeStatement include)
        {
            Used.Add((NameKind.File, "include"));
            return base.VisitIncludeStatement(include);
        }

        protected override Statement VisitRenderStatement(RenderStatement render)
        {
            Used.Add((NameKind.File, "render"));
            return base.VisitRenderStatement(render);
        }
    }
}
