using Microsoft.Data.Sqlite;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly RapportProcess rapport = new();

    public void Dispose() => rapport.Dispose();

    private async Task<string> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection(rapport.ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private static void Succeeded((int ExitCode, string Out, string Error) run) =>
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Out}{run.Error}");

    [Fact]
    public async Task Migrate_creates_an_up_to_date_database_and_can_run_again()
    {
        var first = await rapport.RunAsync("migrate");
        var second = await rapport.RunAsync("migrate");

        Succeeded(first);
        Succeeded(second);
        Assert.Contains("Database is up to date.", first.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(rapport.DatabaseFile));
        Assert.NotEqual("0", await ScalarAsync("SELECT COUNT(*) FROM __EFMigrationsHistory"));
    }

    [Fact]
    public async Task Token_create_for_an_unknown_email_fails_with_a_clear_message()
    {
        Succeeded(await rapport.RunAsync("migrate"));

        var run = await rapport.RunAsync("token", "create", "--email", "nobody@rapport.test", "--name", "ci");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("No user has the email 'nobody@rapport.test'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("rpt_", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_create_without_a_database_fails_and_creates_none()
    {
        var run = await rapport.RunAsync("token", "create", "--email", "nobody@rapport.test", "--name", "ci");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"there is no database at '{rapport.DatabaseFile}' (nothing was created)", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(rapport.DatabaseFile));
    }

    [Fact]
    public async Task Token_create_without_an_email_is_a_usage_error()
    {
        var run = await rapport.RunAsync("token", "create", "--name", "ci");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--email", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_create_prints_a_secret_once_and_stores_only_its_hash()
    {
        Succeeded(await rapport.RunAsync("seed-demo", "--customers", "3"));

        var run = await rapport.RunAsync("token", "create", "--email", "Agent@Rapport.Demo", "--name", "ci");

        Succeeded(run);
        var secret = run.Out.Trim();
        Assert.StartsWith("rpt_", secret, StringComparison.Ordinal);
        Assert.Equal("1", await ScalarAsync("""SELECT COUNT(*) FROM api_tokens WHERE "Hash" = $hash AND "Name" = 'ci'""", ("$hash", ApiToken.HashOf(secret))));
        Assert.Equal("0", await ScalarAsync("""SELECT COUNT(*) FROM api_tokens WHERE "Hash" = $s OR "Hint" = $s OR "Name" = $s""", ("$s", secret)));
    }

    [Fact]
    public async Task Import_reports_bad_rows_on_stderr_imports_good_ones_and_export_prints_them()
    {
        await File.WriteAllTextAsync(rapport.PathOf("customers.csv"), "name,kind,phones\nAda Lovelace,external,020 7946 0018\nBad Phone,external,020 794\n");

        var import = await rapport.RunAsync("import", "customers", rapport.PathOf("customers.csv"));
        var export = await rapport.RunAsync("export", "customers");
        var toFile = await rapport.RunAsync("export", "customers", "--output", rapport.PathOf("out.csv"));

        Assert.NotEqual(0, import.ExitCode);
        Assert.Contains("1 imported, 1 failed, of 2 rows.", import.Out, StringComparison.Ordinal);
        Assert.Contains("line 3: phones: '020 794' is not a phone number", import.Error, StringComparison.Ordinal);
        Succeeded(export);
        var lines = export.Out.ReplaceLineEndings("\n").Trim().Split('\n');
        Assert.StartsWith("name,kind,type,organisation,emails,phones", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Ada Lovelace,external,person,,,\"'+442079460018\",", lines[1], StringComparison.Ordinal);
        Succeeded(toFile);
        Assert.Equal(export.Out, await File.ReadAllTextAsync(rapport.PathOf("out.csv")));
    }

    [Fact]
    public async Task Export_escapes_formula_leading_cells_and_import_reads_them_back_as_they_were()
    {
        // A file from elsewhere, with names, organisations and addresses a spreadsheet would run as formulas.
        var rows = CsvFiles.FormulaLeading.Select((value, i) => new[] { $"{value} {i}", value, i == 0 ? "+44 20 7946 0018" : "", $"{value} Street" });
        var file = "name,organisation,phones,address\n" + string.Concat(rows.Select(r => string.Join(',', r.Select(Quoted)) + "\n"));
        await File.WriteAllTextAsync(rapport.PathOf("planted.csv"), file);
        Succeeded(await rapport.RunAsync("import", "customers", rapport.PathOf("planted.csv")));
        var stored = await StoredAsync();

        var export = await rapport.RunAsync("export", "customers", "--output", rapport.PathOf("exported.csv"));
        var exported = await File.ReadAllTextAsync(rapport.PathOf("exported.csv"));
        var import = await rapport.RunAsync("import", "customers", rapport.PathOf("exported.csv"));
        var again = await rapport.RunAsync("export", "customers");

        Succeeded(export);
        CsvFiles.AssertNoFormulaCell(exported);
        Assert.Contains("\"'=HYPERLINK(", exported, StringComparison.Ordinal);
        Assert.Contains("\"'+442079460018\"", exported, StringComparison.Ordinal);
        Succeeded(import);
        Assert.Contains($"{CsvFiles.FormulaLeading.Length} imported, 0 failed", import.Out, StringComparison.Ordinal);
        Assert.Equal(stored.Concat(stored).Order(StringComparer.Ordinal), (await StoredAsync()).Order(StringComparer.Ordinal));
        var records = CsvFiles.Records(exported).Skip(1).Select(r => string.Join('|', r)).ToList();
        Assert.Equal(records.Concat(records).Order(StringComparer.Ordinal),
            CsvFiles.Records(again.Out).Skip(1).Select(r => string.Join('|', r)).Order(StringComparer.Ordinal));
    }

    private static string Quoted(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Every customer's name, organisation and contact points as the database holds them.</summary>
    private async Task<List<string>> StoredAsync()
    {
        await using var connection = new SqliteConnection(rapport.ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c."Name" || ' | ' || COALESCE(c."Organisation", '') || ' | ' ||
                COALESCE((SELECT group_concat(p."Type" || ':' || CASE p."Type" WHEN 'Phone' THEN p."Normalized" ELSE p."Value" END, ' ; ') FROM (SELECT * FROM contact_points p
                    WHERE p."CustomerId" = c."Id" ORDER BY p."Type", p."Value") p), '')
            FROM customers c
            """;
        var stored = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored.Add(reader.GetString(0));
        }

        return stored;
    }

    [Fact]
    public async Task Import_of_a_missing_file_fails_clearly()
    {
        var run = await rapport.RunAsync("import", "customers", rapport.PathOf("missing.csv"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_verify_passes_when_intact_and_fails_after_tampering()
    {
        await File.WriteAllTextAsync(rapport.PathOf("customers.csv"), "name,emails\nAda Lovelace,ada@example.com\nGrace Hopper,grace@example.com\n");
        Succeeded(await rapport.RunAsync("import", "customers", rapport.PathOf("customers.csv")));

        var intact = await rapport.RunAsync("audit", "verify");
        var altered = await ScalarAsync("""SELECT MIN("Sequence") FROM audit_entries WHERE "Changes" LIKE '%Grace Hopper%'""");
        await ScalarAsync("""UPDATE audit_entries SET "Changes" = '{}' WHERE "Sequence" = $seq""", ("$seq", altered));
        var broken = await rapport.RunAsync("audit", "verify");

        Succeeded(intact);
        Assert.Contains("Audit trail intact", intact.Out, StringComparison.Ordinal);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains($"broken at entry {altered}", broken.Error, StringComparison.Ordinal);
    }
}
