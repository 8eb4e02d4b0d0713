using CsvHelper;
using CsvHelper.Configuration;

namespace Rapport.Infrastructure.Csv;

/// <summary>
/// The one rule for every CSV cell Rapport writes or reads, against CSV (formula) injection as OWASP describes it. A
/// spreadsheet runs a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return as a
/// formula (<c>=HYPERLINK(…)</c>, <c>+cmd|…</c>, <c>@SUM(…)</c>), and anyone can plant one, e.g. as the display name of
/// an email they send. On export such a cell gets a leading apostrophe — spreadsheets show it as text and hide the
/// apostrophe — and is quoted. On import the apostrophe is taken off again, so an export imported back gives exactly the
/// values that were exported.
/// </summary>
/// <remarks>
/// <para>Phone numbers are written in E.164, which starts with <c>+</c>: every phones cell is escaped
/// (<c>"'+442079460018"</c>). That is wanted: a spreadsheet would otherwise read it as a number (4.42E+11) and lose
/// the plus sign, and import takes the apostrophe off again.</para>
/// <para>The round trip is exact for every value. An apostrophe is added whenever the value, once any apostrophes it
/// starts with are skipped, starts with a formula character; import takes one off in exactly that case. So
/// <c>'=x</c> is written <c>''=x</c> and read back as <c>'=x</c>, and a value such as <c>'Tis the season</c> passes
/// unchanged both ways. A file from elsewhere whose cell starts with an apostrophe before a formula character is read
/// the way a spreadsheet would show it, without the apostrophe.</para>
/// <para>Cells holding a semicolon or a tab are quoted as well: a spreadsheet whose list separator is one of those
/// would otherwise split <c>Ada;=1+1</c> into two cells, the second a formula.</para>
/// </remarks>
public static class CsvCells
{
    public const char EscapeCharacter = '\'';

    /// <summary>The characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).</summary>
    public static IReadOnlyList<char> FormulaCharacters { get; } = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>The cell to write for <paramref name="value"/>: the value itself, or the value after an apostrophe.</summary>
    public static string Escape(string? value) =>
        value is null ? "" : StartsAFormula(value) ? EscapeCharacter + value : value;

    /// <summary>The value a cell read from CSV stands for: <see cref="Escape"/> undone.</summary>
    public static string? Unescape(string? cell) => IsEscaped(cell) ? cell![1..] : cell;

    /// <summary>True for a cell <see cref="Escape"/> prefixed with an apostrophe.</summary>
    public static bool IsEscaped(string? cell) => cell is { Length: > 1 } && cell[0] == EscapeCharacter && StartsAFormula(cell.AsSpan(1));

    /// <summary>
    /// For <see cref="CsvConfiguration.ShouldQuote"/>: an escaped cell and a cell holding another list separator are
    /// always quoted; any other cell when CSV needs it (a delimiter, a quote, a line break, edge spaces).
    /// </summary>
    public static bool ShouldQuote(ShouldQuoteArgs args) =>
        IsEscaped(args.Field) || args.Field.AsSpan().IndexOfAny(';', '\t') >= 0 || ConfigurationFunctions.ShouldQuote(args);

    /// <summary>The configuration for every CSV writer: culture-invariant, quoting as <see cref="ShouldQuote"/> says.</summary>
    public static CsvConfiguration WriterConfiguration() => new(System.Globalization.CultureInfo.InvariantCulture) { ShouldQuote = ShouldQuote };

    private static bool StartsAFormula(ReadOnlySpan<char> value)
    {
        var start = value.TrimStart(EscapeCharacter);
        return start.Length > 0 && FormulaCharacters.Contains(start[0]);
    }
}
