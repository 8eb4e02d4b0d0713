using System.Globalization;
using System.Net;

namespace Rapport.Features.Privacy;

/// <summary>
/// How a section of the subject-access report is written: headings, tables and free text, every value HTML-encoded, so
/// no section can put markup or a script into the page.
/// </summary>
public sealed class SubjectAccessHtml(TextWriter writer)
{
    public async Task HeadingAsync(string text) => await writer.WriteAsync($"<h2>{E(text)}</h2>");

    public async Task SubheadingAsync(string text) => await writer.WriteAsync($"<h3>{E(text)}</h3>");

    /// <summary>A note in the report's small grey print.</summary>
    public async Task MetaAsync(string text) => await writer.WriteAsync($"<p class=\"meta\">{E(text)}</p>");

    /// <summary>A table with one row per record; an empty table still shows its header, so the reader sees there were none.</summary>
    public async Task TableAsync(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        await writer.WriteAsync("<table><tr>" + string.Concat(headers.Select(h => $"<th>{E(h)}</th>")) + "</tr>");
        foreach (var row in rows)
        {
            await writer.WriteAsync("<tr>" + string.Concat(row.Select(v => $"<td>{E(v)}</td>")) + "</tr>");
        }

        await writer.WriteAsync("</table>");
    }

    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Time(DateTime? t) => t is { } at ? Time(at) : "";

    public static string Money(decimal? amount, string? currency) =>
        amount is { } a ? $"{a.ToString("0.00", CultureInfo.InvariantCulture)} {currency}".Trim() : "";
}
