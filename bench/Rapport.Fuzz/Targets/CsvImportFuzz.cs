using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Rapport.Features.Customers;
using Rapport.Features.Identity;

namespace Rapport.Fuzz;

/// <summary>
/// Customer CSV import through HTTP as a supervisor, with a real import file mutated byte by byte, files built from the
/// columns with real and hostile cells (any delimiter, quoting, line ending, BOM, duplicate or unknown columns), and random
/// bytes. Properties: never a 5xx; a 4xx is problem JSON and wrote nothing; a 200 reports every row as imported or failed,
/// names each bad row by its line and column, and added exactly the customers it says it imported (nothing half-imported).
/// </summary>
public static class CsvImportFuzz
{
    /// <summary>A real import file, as a spreadsheet exports it (the columns of docs/user-guide.md).</summary>
    public static readonly string RealFile =
        "name,kind,type,organisation,emails,phones,social,address,preferred_channel,language,style,technical_awareness,customer_since\r\n" +
        "Ann Example,external,person,,ann@example.com,+44 20 7946 0018,x:@ann,,email,en-GB,formal,high,2021-04-01\r\n" +
        "\"Borg, Karl\",external,person,Borg AB,karl@borg.example;k.borg@example.se,020 7946 0991,,\"1 High St, London\",phone,sv,casual,low,2019-11-30\r\n" +
        "Contoso Ltd,partner,organisation,Contoso,info@contoso.example,,linkedin:contoso,,,,,,\r\n" +
        "Zoë Ünal,contractor,person,,zoe@example.org,+49 30 901820,,,sms,de,,,2024-02-29\r\n";

    private static readonly Gen<string> Cell = Gen.OneOf(
        Gen.OneOfConst("Ann", "external", "contractor", "alien", "person", "organisation", "ann@example.com", "a@b;c@d", "not an email", "+44 20 7946 0018",
            "020 794", "x:@ann", "nohandle", ":", "email", "telepathy", "en-GB", "formal", "high", "2021-04-01", "last tuesday", "0000-00-00", "'=1+1",
            "\"quoted, cell\"", "\"unterminated", "a\"b", ";;;", "  "),
        Gen.OneOfConst(Nasty.Strings),
        Gen.String[Gen.Char, 0, 30]);

    private static readonly Gen<string> Column = Gen.OneOf(Gen.OneOfConst(CustomerCsv.Columns), Gen.OneOfConst(" Name ", "NAME", "shoe_size", "", "name", "emails"));

    private static string Built(PCG random)
    {
        var columns = random.Draw(Column.Array[0, 15]);
        if (random.Chance(70) && !columns.Contains("name"))
        {
            columns = [.. columns, "name"];
        }

        var delimiter = random.OneOf([",", ";", "\t", "|"]);
        var newline = random.OneOf(["\r\n", "\n", "\r"]);
        var text = new StringBuilder(random.Chance(10) ? "\ufeff" : "");
        text.Append(string.Join(delimiter, columns.Select(c => Quoted(random, c, delimiter)))).Append(newline);
        for (var row = random.Below(8); row > 0; row--)
        {
            var cells = Enumerable.Range(0, Math.Max(0, columns.Length + random.Below(3) - 1)).Select(_ => Quoted(random, random.Draw(Cell), delimiter));
            text.Append(string.Join(delimiter, cells)).Append(newline);
        }

        return text.ToString();
    }

    private static string Quoted(PCG random, string cell, string delimiter) =>
        random.Chance(30) || cell.Contains(delimiter, StringComparison.Ordinal) ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    /// <summary>One case: the real file mutated, a file built from columns and cells, or random bytes.</summary>
    public static byte[] Generate(PCG random) => random.Below(10) switch
    {
        < 4 => Nasty.Mutate(random, Encoding.UTF8.GetBytes(RealFile)),
        < 9 => Encoding.UTF8.GetBytes(Built(random)),
        _ => Nasty.RandomBytes(random, 2000),
    };

    private static readonly HashSet<string> Named = [.. CustomerCsv.Columns, "header"];

    public static async Task<string?> CheckAsync(FuzzHost host, HttpClient supervisor, DatabaseFingerprint fingerprint, int customersTable, byte[] file, FuzzReport report)
    {
        var before = await fingerprint.TakeAsync();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await supervisor.PostAsync("/api/v1/customers/import", content);
        var request = $"POST /api/v1/customers/import ({file.Length} bytes)";
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            return await Answers.CheckAsync(response, report, request, fingerprint, before);
        }

        report.Count("200");
        var after = await fingerprint.TakeAsync();
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = answer.RootElement;
        int Get(string name) => root.GetProperty(name).GetInt32();
        var added = after[customersTable] - before[customersTable];
        if (added != Get("imported"))
        {
            return $"{request}: reported {Get("imported")} imported but {added} customers were added";
        }

        if (Get("rows") != Get("imported") + Get("failed") && !(Get("rows") == 0 && Get("failed") == 0))
        {
            return $"{request}: {Get("rows")} rows but {Get("imported")} imported and {Get("failed")} failed";
        }

        foreach (var error in root.GetProperty("errors").EnumerateArray())
        {
            var field = error.GetProperty("field").GetString() ?? "";
            if (error.GetProperty("row").GetInt32() < 1 || !Named.Contains(field))
            {
                return $"{request}: a bad row is not named by line and column: {error.GetRawText()}";
            }
        }

        report.Count(Get("imported") > 0 ? "imported rows" : "imported none");
        return null;
    }

    public static async Task<FuzzReport> RunAsync(FuzzHost host, int cases, ulong seed, int? onlyCase = null, Action<string>? progress = null)
    {
        var supervisor = host.ClientAs(Roles.Supervisor);
        var fingerprint = await DatabaseFingerprint.ForAsync(host.Services);
        var customers = fingerprint.IndexOf("customers");
        return await FuzzRun.RunAsync("csv", cases, seed, (random, report) => CheckAsync(host, supervisor, fingerprint, customers, Generate(random), report),
            onlyCase, progress);
    }
}
