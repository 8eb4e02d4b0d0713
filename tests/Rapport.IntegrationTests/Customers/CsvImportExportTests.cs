using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Customers;

public abstract class CsvImportExportTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);

    private static string Tag() => "zc" + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonElement> ImportAsync(string csv)
    {
        var response = await supervisor.PostAsync("/api/v1/customers/import", Requests.CsvBody(csv));
        var body = await response.ExpectAsync(HttpStatusCode.OK);
        return JsonDocument.Parse(body.ToJsonString()).RootElement;
    }

    private Task<List<string>> NamesTaggedAsync(string tag) =>
        app.WithDbAsync(db => db.Customers.Where(c => c.Name.Contains(tag)).OrderBy(c => c.Name).Select(c => c.Name).ToListAsync());

    [Fact]
    public async Task Good_rows_are_imported_and_bad_rows_reported_by_line_and_field()
    {
        var tag = Tag();
        var csv = $"""
            name,kind,emails,phones,social,customer_since
            {tag} good one,external,one.{tag}@example.com,020 7946 0018,x:@{tag},2021-04-01
            {tag} bad phone,external,,020 794,,
            {tag} good two,contractor,two.{tag}@example.com;2.{tag}@example.org,,,
            {tag} bad kind,alien,,,,
            ,external,nameless.{tag}@example.com,,,
            {tag} bad date,external,,,,last tuesday
            {tag} bad social,external,,,{tag},
            """;

        var report = await ImportAsync(csv);

        Assert.Equal(7, report.GetProperty("rows").GetInt32());
        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        Assert.Equal(5, report.GetProperty("failed").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(3, "phones"), (5, "kind"), (6, "name"), (7, "customer_since"), (8, "social")], errors);
        Assert.Equal([$"{tag} good one", $"{tag} good two"], await NamesTaggedAsync(tag));
    }

    [Fact]
    public async Task Imported_contact_points_are_normalised_like_the_api()
    {
        var tag = Tag();

        await ImportAsync($"name,emails,phones\n{tag} normalised,Mixed.{tag}@Example.COM,+44 20 7946 0018\n");

        var points = await app.WithDbAsync(db => db.ContactPoints.Where(p => p.Normalized.Contains(tag) || p.Normalized == "+442079460018")
            .Join(db.Customers.Where(c => c.Name.Contains(tag)), p => p.CustomerId, c => c.Id, (p, c) => p.Normalized).ToListAsync());
        Assert.Equal(["+442079460018", $"mixed.{tag}@example.com"], points.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_file_with_an_unknown_column_imports_nothing_and_says_why()
    {
        var tag = Tag();

        var report = await ImportAsync($"name,shoe_size\n{tag} shoes,42\n");

        Assert.Equal(0, report.GetProperty("imported").GetInt32());
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("header", error.GetProperty("field").GetString());
        Assert.Contains("shoe_size", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await NamesTaggedAsync(tag));
    }

    [Fact]
    public async Task An_empty_file_or_wrong_media_type_is_reported()
    {
        var empty = await ImportAsync("");
        Assert.Equal("header", empty.GetProperty("errors")[0].GetProperty("field").GetString());

        var json = await supervisor.PostAsync("/api/v1/customers/import", Requests.JsonBody(new { name = "x" }));
        await json.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Export_then_import_round_trips_every_exported_column()
    {
        var tag = Tag();
        var agent = app.ClientAs(Roles.Agent);
        await Build.ACustomer($"{tag} Person, with comma").OfKind("otherCompany").WithEmail($"Person.{tag}@Example.com")
            .WithPhone("020 7946 0018").WithHandle("@" + tag, "instagram").WithAddress("1 High Street\nLeeds, LS1 1AA")
            .Since(new DateTime(2020, 5, 17, 0, 0, 0, DateTimeKind.Utc))
            .WithProfile(new System.Text.Json.Nodes.JsonObject { ["preferredChannel"] = "email", ["language"] = "cy", ["style"] = "formal", ["technicalAwareness"] = "aware" })
            .CreateAsync(agent);
        await Build.ACustomer($"{tag} \"Quoted\" Org").Organisation().OfKind("department").CreateAsync(agent);

        var exported = await ExportLinesAsync(tag);
        var report = await ImportAsync(exported.Header + "\n" + string.Join("\n", exported.Rows) + "\n");
        var again = await ExportLinesAsync(tag);

        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        Assert.Empty(report.GetProperty("errors").EnumerateArray());
        Assert.Equal(exported.Rows.Concat(exported.Rows).Order(StringComparer.Ordinal), again.Rows.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Formula_leading_cells_are_escaped_on_export_and_imported_back_as_they_were()
    {
        var tag = Tag();
        var agent = app.ClientAs(Roles.Agent);
        foreach (var value in CsvFiles.FormulaLeading)
        {
            var customer = Build.ACustomer($"{value} {tag}").WithPhone(CustomerBuilder.UniqueUkPhone()).WithAddress($"{value} Street");
            customer.Body["organisation"] = value;
            await customer.CreateAsync(agent);
        }

        await Build.ACustomer($"Sender {tag}").WithEmail($"-dash.{tag}@example.com").WithEmail($"+plus.{tag}@example.com")
            .WithPhone("+44 20 7946 0018").WithHandle("@" + tag, "x").CreateAsync(agent);
        var stored = await StoredAsync(tag);

        var exported = await ExportLinesAsync(tag);
        var file = exported.Header + "\n" + string.Join("\n", exported.Rows) + "\n";
        CsvFiles.AssertNoFormulaCell(file);
        Assert.Contains("\"'=HYPERLINK(", file, StringComparison.Ordinal);
        Assert.Contains("\"'+442079460018\"", file, StringComparison.Ordinal); // a phone stays text in a spreadsheet, not 4.42E+11
        Assert.Contains("\"''=already escaped by hand", file, StringComparison.Ordinal);
        Assert.Contains(",'Tis the season", file, StringComparison.Ordinal);
        var report = await ImportAsync(file);

        Assert.Empty(report.GetProperty("errors").EnumerateArray());
        Assert.Equal(CsvFiles.FormulaLeading.Length + 1, report.GetProperty("imported").GetInt32());
        Assert.Equal(stored.Concat(stored).Order(StringComparer.Ordinal), (await StoredAsync(tag)).Order(StringComparer.Ordinal));
    }

    /// <summary>Each customer whose name has <paramref name="tag"/>: name, organisation and contact points as stored.</summary>
    private Task<List<string>> StoredAsync(string tag) => app.WithDbAsync(async db =>
    {
        var customers = await db.Customers.Include(c => c.ContactPoints).Where(c => c.Name.Contains(tag)).AsNoTracking().ToListAsync();
        return customers.Select(c => string.Join(" | ", new[] { c.Name, c.Organisation ?? "" }.Concat(c.ContactPoints
            .Select(p => $"{p.Type}:{p.Network}:{(p.Type == Rapport.Features.Customers.ContactPointType.Phone ? p.Normalized : p.Value)}")
            .Order(StringComparer.Ordinal)))).ToList();
    });

    private async Task<(string Header, List<string> Rows)> ExportLinesAsync(string tag)
    {
        var response = await supervisor.GetAsync("/api/v1/customers/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var records = SplitRecords(await response.Content.ReadAsStringAsync());
        return (records[0], records.Skip(1).Where(r => r.Contains(tag, StringComparison.Ordinal)).ToList());
    }

    // CSV records may span lines inside quotes (addresses); split on newlines outside quotes only.
    private static List<string> SplitRecords(string csv)
    {
        var records = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in csv.ReplaceLineEndings("\n"))
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }

            if (ch == '\n' && !quoted)
            {
                records.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(ch);
        }

        if (current.Length > 0)
        {
            records.Add(current.ToString());
        }

        return records;
    }
}

public sealed class CsvImportExportTestsOnSqlite(SqliteRapportFactory app) : CsvImportExportTests<SqliteRapportFactory>(app);

public sealed class CsvImportExportTestsOnPostgres(PostgresRapportFactory app) : CsvImportExportTests<PostgresRapportFactory>(app);
