using System.Globalization;
using CsCheck;
using CsvHelper;
using Rapport.Infrastructure.Csv;

namespace Rapport.UnitTests.Infrastructure;

/// <summary>The CSV injection rule (OWASP): formula-leading cells are escaped on export and read back as they were.</summary>
public sealed class CsvCellsTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"Click\")")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    [InlineData("+447700900123")]
    [InlineData("+44 7700 900123;+33 1 23 45 67 89")]
    [InlineData("=")]
    [InlineData("-")]
    public void A_cell_starting_with_a_formula_character_gets_an_apostrophe_and_reads_back_as_it_was(string value)
    {
        var cell = CsvCells.Escape(value);

        Assert.Equal("'" + value, cell);
        Assert.True(CsvCells.IsEscaped(cell));
        Assert.Equal(value, CsvCells.Unescape(cell));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Ada Lovelace")]
    [InlineData("ada@example.com")]
    [InlineData("2+2=4")]
    [InlineData("x:@rapport")]
    [InlineData(" =1+1")]
    [InlineData("'Tis the season")]
    [InlineData("'")]
    [InlineData("Réclamation")]
    [InlineData("2021-04-01")]
    public void Any_other_cell_is_written_and_read_unchanged(string value)
    {
        Assert.Equal(value, CsvCells.Escape(value));
        Assert.False(CsvCells.IsEscaped(value));
        Assert.Equal(value, CsvCells.Unescape(value));
    }

    [Theory]
    [InlineData("'=1+1", "''=1+1")]
    [InlineData("''-2", "'''-2")]
    [InlineData("'@x", "''@x")]
    public void A_value_already_starting_with_apostrophes_before_a_formula_keeps_them_all(string value, string cell)
    {
        Assert.Equal(cell, CsvCells.Escape(value));
        Assert.Equal(value, CsvCells.Unescape(cell));
    }

    [Fact]
    public void Null_is_an_empty_cell_and_reads_back_as_null()
    {
        Assert.Equal("", CsvCells.Escape(null));
        Assert.Null(CsvCells.Unescape(null));
    }

    [Fact]
    public void Every_formula_character_of_owasp_is_covered()
    {
        Assert.Equal(new[] { '=', '+', '-', '@', '\t', '\r' }, CsvCells.FormulaCharacters);
    }

    [Fact]
    public void Escaping_round_trips_every_value_and_never_leaves_a_formula_first()
    {
        var formulaLeading = Gen.Select(Gen.OneOfConst("=", "+", "-", "@", "\t", "\r", "'", "''=", "'+"), Gen.String, (a, b) => a + b);
        Gen.OneOf(Gen.String, formulaLeading).Sample(value =>
        {
            var cell = CsvCells.Escape(value);
            return CsvCells.Unescape(cell) == value && (cell.Length == 0 || !CsvCells.FormulaCharacters.Contains(cell[0]));
        }, iter: PropertyRuns.Iterations);
    }

    [Fact]
    public void The_writer_quotes_escaped_cells_and_cells_a_spreadsheet_could_split()
    {
        using var text = new StringWriter();
        using (var csv = new CsvWriter(text, CsvCells.WriterConfiguration()))
        {
            foreach (var value in new[] { "=1+1", "Ada", "Ada;=1+1", "a,b", "+447700900123" })
            {
                csv.WriteField(CsvCells.Escape(value));
            }

            csv.NextRecord();
        }

        Assert.Equal("\"'=1+1\",Ada,\"Ada;=1+1\",\"a,b\",\"'+447700900123\"", text.ToString().TrimEnd());
        using var reader = new CsvReader(new StringReader(text.ToString()), CultureInfo.InvariantCulture);
        Assert.True(reader.Read());
        Assert.Equal(new[] { "=1+1", "Ada", "Ada;=1+1", "a,b", "+447700900123" }, Enumerable.Range(0, 5).Select(i => CsvCells.Unescape(reader.GetField(i))));
    }
}
