using Ganss.Xss;
using Markdig;

namespace Rapport.Features.Knowledge;

/// <summary>
/// An article's Markdown as HTML safe to show: Markdig with raw HTML disabled (so &lt;script&gt; stays text), then
/// HtmlSanitizer keeping only the tags Markdown makes and links to http, https, mailto and tel (never javascript: or data:).
/// Two layers because either alone has had holes: a link destination is not HTML, and sanitisers have missed new tricks.
/// </summary>
public static class KnowledgeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = Make();

    public static string ToSafeHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    private static HtmlSanitizer Make()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.Clear();
        foreach (var tag in new[]
        {
            "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "del", "ins", "mark", "sub", "sup", "code", "pre",
            "blockquote", "a", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
        })
        {
            sanitizer.AllowedTags.Add(tag);
        }

        sanitizer.AllowedAttributes.Clear();
        sanitizer.AllowedAttributes.Add("href");
        sanitizer.AllowedAttributes.Add("title");
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto", "tel" })
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }

        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedAtRules.Clear();
        sanitizer.PostProcessNode += (_, e) =>
        {
            // Links leave Rapport in a new tab without handing it the opener or the referring page.
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link && link.HasAttribute("href"))
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
                link.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}
