using System.Net;
using System.Text;
using Rapport.Features.Templates;

namespace Rapport.Features.Channels.Letters;

/// <summary>
/// The printable page of an outbound letter: one self-contained HTML document on A4 (print stylesheet, no scripts, every
/// value encoded), the organisation as sender, the customer's postal address placed for a window envelope, the date
/// in the customer's language, the reference and the text. Large print sets the body at 18pt with wide spacing.
/// </summary>
public static class LetterPage
{
    public static string PathFor(Guid conversationId, Guid letterId) => $"/conversations/{conversationId}/letters/{letterId}/print";

    private const string Style = """
        @page{size:A4;margin:20mm 20mm 25mm 25mm}
        *{box-sizing:border-box}
        html{background:#e8e8e8}
        body{margin:0;font-family:Georgia,'Times New Roman',serif;color:#000}
        .sheet{background:#fff;width:210mm;min-height:297mm;margin:1rem auto;padding:20mm 20mm 25mm 25mm;box-shadow:0 0 .5rem rgba(0,0,0,.2)}
        .letter{font-size:11pt;line-height:1.45}
        .letter.large-print{font-size:18pt;line-height:1.6;letter-spacing:.01em}
        .letter.large-print p{margin:0 0 1.2em}
        .sender{text-align:right;margin-bottom:12mm}
        .sender .name{font-weight:bold}
        .recipient{min-height:40mm;margin-bottom:10mm}
        .address{margin:0;font-style:normal;white-space:normal}
        .address span{display:block}
        .date,.reference{margin:0 0 4mm}
        .body{margin-top:8mm}
        .body p{margin:0 0 .9em;white-space:pre-wrap}
        .toolbar{font:14px/1.4 system-ui,sans-serif;max-width:210mm;margin:1rem auto 0;padding:.6rem 1rem;background:#fff;border:1px solid #bbb;display:flex;gap:1rem;flex-wrap:wrap;align-items:center}
        .toolbar a{color:#0b57d0}
        .posted{color:#1b5e20;font-weight:bold}
        @media print{
          html{background:none}
          .toolbar{display:none}
          .sheet{width:auto;min-height:0;margin:0;padding:0;box-shadow:none}
        }
        """;

    public static string Render(LetterSheet sheet)
    {
        var culture = TemplateRenderer.CultureFor(sheet.Language);
        var html = new StringBuilder(4096);
        html.Append($"""
            <!DOCTYPE html><html lang="{E(sheet.Language)}"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Letter to {E(sheet.RecipientName)}</title>
            <style>{Style}</style></head>
            <body class="letter{(sheet.LargePrint ? " large-print" : "")}">
            <nav class="toolbar" aria-label="Letter">
            <a href="/conversations/{sheet.ConversationId}">Back to the conversation</a>
            <span>Print with your browser (Ctrl+P, or ⌘P on a Mac) on A4; the address fits a window envelope.</span>
            <a href="?largePrint={(sheet.LargePrint ? "false" : "true")}">{(sheet.LargePrint ? "Print in normal type" : "Print in large type")}</a>
            {(sheet.PostedAt is { } posted ? $"<span class=\"posted\">Posted {E(posted.ToString("d MMMM yyyy", culture))}</span>" : "")}
            </nav>
            <main class="sheet">
            <header class="sender"><address class="address"><span class="name">{E(sheet.SenderName)}</span>{Lines(sheet.SenderAddress)}</address></header>
            <section class="recipient" aria-label="Recipient"><address class="address"><span>{E(sheet.RecipientName)}</span>{Lines(sheet.RecipientAddress)}</address></section>
            <p class="date">{E(sheet.Date.ToString("d MMMM yyyy", culture))}</p>
            """);
        if (sheet.Reference is not null)
        {
            html.Append($"<p class=\"reference\">Our reference: {E(sheet.Reference)}</p>");
        }

        html.Append("<article class=\"body\">");
        foreach (var paragraph in sheet.Text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            html.Append($"<p>{E(paragraph.Trim('\n'))}</p>");
        }

        html.Append("</article></main></body></html>");
        return html.ToString();
    }

    private static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l => $"<span>{E(l)}</span>"));

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
}
