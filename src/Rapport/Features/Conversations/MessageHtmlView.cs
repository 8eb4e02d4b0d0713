using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Security;

namespace Rapport.Features.Conversations;

/// <summary>An HTML body made ready to show in a sandboxed frame, and how many remote images were held back.</summary>
public sealed record HtmlView(string Document, int RemoteImagesBlocked, string ContentSecurityPolicy);

/// <summary>
/// Shows a message's HTML body as the sender laid it out, safely. The body was sanitised when it was stored (no script,
/// no event handler, no form); here it becomes a document of its own that is served into a sandboxed frame (no script,
/// an origin of its own, links open outside it): inline images (<c>cid:</c>) are drawn from the message's own
/// attachments as data URIs, so the frame needs no credentials; remote images stay blocked — the Content-Security-Policy
/// enforces it, whatever the markup — until the agent allows them, because loading one tells the sender the mail was
/// read and from where; quoted history (a reply's earlier messages) is folded away.
/// </summary>
public static class MessageHtmlView
{
    /// <summary>Inline images beyond this total are left out (named), so one message cannot make a frame of hundreds of MB.</summary>
    public const long InlineImageBudget = 8 * 1024 * 1024;

    private const string Style = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:15px;line-height:1.45;margin:8px;"
        + "color:#1f1f1f;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{max-width:100%}"
        + ".rapport-blocked{display:inline-block;border:1px dashed #8a8a8a;color:#555;font-size:12px;padding:2px 6px}"
        + "details.rapport-quoted>summary{cursor:pointer;color:#555;font-size:13px;margin:8px 0}";

    /// <summary>Elements that mail programs put around the history they quote.</summary>
    private const string QuoteSelector = "blockquote[type=cite], .gmail_quote, .yahoo_quoted, #divRplyFwdMsg, #appendonsend, .moz-cite-prefix, "
        + "div[id^=OLK_SRC_BODY], blockquote.protonmail_quote";

    public static async Task<HtmlView> RenderAsync(string html, IReadOnlyCollection<MessageAttachment> attachments, BlobStore blobs, bool allowRemote,
        CancellationToken ct)
    {
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><head></head><body></body></html>");
        var body = document.Body!;
        body.InnerHtml = html;
        var blocked = 0;
        var budget = InlineImageBudget;
        foreach (var image in body.QuerySelectorAll("img"))
        {
            var source = image.GetAttribute("src")?.Trim() ?? "";
            if (source.StartsWith("cid:", StringComparison.OrdinalIgnoreCase))
            {
                var (uri, size) = await InlineAsync(source, attachments, blobs, budget, ct);
                budget -= size;
                if (uri is not null)
                {
                    image.SetAttribute("src", uri);
                }
                else
                {
                    Replace(image, document, $"[inline image not available: {image.GetAttribute("alt") ?? source[4..]}]");
                }
            }
            else if (!allowRemote && IsRemote(source))
            {
                blocked++;
                Replace(image, document, $"[remote image blocked{(image.GetAttribute("alt") is { Length: > 0 } alt ? $": {alt}" : "")}]");
            }
        }

        foreach (var link in body.QuerySelectorAll("a[href]"))
        {
            link.SetAttribute("target", "_blank");
            link.SetAttribute("rel", "noopener noreferrer");
        }

        FoldQuotes(body, document);
        var head = document.Head!;
        head.InnerHtml = $"<meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\"><style>{Style}</style>";
        return new HtmlView(document.DocumentElement.OuterHtml, blocked, PolicyFor(allowRemote));
    }

    /// <summary>
    /// The answer that serves a view: its policy in place of the API's (so our pages may frame it), never cached, and
    /// how many remote images were held back.
    /// </summary>
    public static ContentHttpResult Serve(HtmlView view, HttpContext http)
    {
        http.Items[SecurityHeaders.FramedPolicyItem] = view.ContentSecurityPolicy;
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers["X-Remote-Images-Blocked"] = view.RemoteImagesBlocked.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Content(view.Document, "text/html; charset=utf-8");
    }

    /// <summary>
    /// No script at all, an opaque origin (the sandbox), images only from the document itself unless remote ones are
    /// allowed, and links may open a new tab outside the sandbox.
    /// </summary>
    public static string PolicyFor(bool allowRemote) =>
        $"default-src 'none'; img-src data:{(allowRemote ? " https: http:" : "")}; style-src 'unsafe-inline'; font-src data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox";

    /// <summary>Whether the body names an image on another server (a cheap look, for offering "show remote images").</summary>
    public static bool MayHaveRemoteImages(string html) =>
        html.Contains("src=\"http", StringComparison.OrdinalIgnoreCase) || html.Contains("src=\"//", StringComparison.Ordinal);

    /// <summary>
    /// A frame without script cannot tell its parent how tall it is, so its height is guessed from the plain text's
    /// length (the agent can drag it taller).
    /// </summary>
    public static int FrameHeight(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n').Sum(l => 1 + (l.Length / 90));
        return Math.Clamp(40 + (lines * 22), 140, 640);
    }

    private static bool IsRemote(string source) =>
        source.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
        || source.StartsWith("//", StringComparison.Ordinal);

    private static async Task<(string? Uri, long Size)> InlineAsync(string source, IReadOnlyCollection<MessageAttachment> attachments, BlobStore blobs,
        long budget, CancellationToken ct)
    {
        var id = Uri.UnescapeDataString(source[4..]).Trim().Trim('<', '>');
        var file = attachments.FirstOrDefault(a => string.Equals(a.ContentId, id, StringComparison.OrdinalIgnoreCase));
        if (file?.BlobRef is null || file.Size > budget || !IsPicture(file.MediaType) || await blobs.ReadAllAsync(file.BlobRef, ct) is not { } bytes)
        {
            return (null, 0);
        }

        return ($"data:{file.MediaType.Split(';')[0].Trim().ToLowerInvariant()};base64,{Convert.ToBase64String(bytes)}", bytes.Length);
    }

    /// <summary>Raster images only: an SVG can carry script and links, so it stays a download.</summary>
    private static bool IsPicture(string mediaType) =>
        mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && !mediaType.Contains("svg", StringComparison.OrdinalIgnoreCase);

    private static void Replace(IElement image, IDocument document, string label)
    {
        var note = document.CreateElement("span");
        note.ClassName = "rapport-blocked";
        note.TextContent = label;
        image.Replace(note);
    }

    private static string Unquoted(IElement body)
    {
        var copy = (IElement)body.Clone();
        var inCopy = copy.QuerySelectorAll(QuoteSelector).Where(q => q.ParentElement?.Closest(QuoteSelector) is null).ToList();
        foreach (var quote in inCopy)
        {
            if (quote.Id is "divRplyFwdMsg" or "appendonsend")
            {
                while (quote.NextSibling is { } next)
                {
                    next.RemoveFromParent();
                }
            }

            quote.RemoveFromParent();
        }

        return copy.TextContent;
    }

    /// <summary>Each outermost quoted block goes into a closed &lt;details&gt;, which needs no script to open.</summary>
    private static void FoldQuotes(IElement body, IDocument document)
    {
        var quotes = body.QuerySelectorAll(QuoteSelector).Where(q => q.ParentElement?.Closest(QuoteSelector) is null).ToList();
        // A message that is nothing but a quote (a bare forward) is shown whole.
        if (quotes.Count == 0 || string.IsNullOrWhiteSpace(Unquoted(body)))
        {
            return;
        }

        foreach (var quote in quotes)
        {
            if (quote.Closest("details.rapport-quoted") is not null)
            {
                continue;
            }

            // Outlook puts the "From: … Sent: …" header block first and the history after it, as siblings.
            var folded = new List<INode> { quote };
            if (quote.Id is "divRplyFwdMsg" or "appendonsend")
            {
                for (var next = quote.NextSibling; next is not null; next = next.NextSibling)
                {
                    folded.Add(next);
                }
            }

            var details = document.CreateElement("details");
            details.ClassName = "rapport-quoted";
            var summary = document.CreateElement("summary");
            summary.TextContent = "Show quoted text";
            details.AppendChild(summary);
            quote.Parent!.InsertBefore(details, quote);
            foreach (var node in folded)
            {
                details.AppendChild(node);
            }
        }
    }
}
