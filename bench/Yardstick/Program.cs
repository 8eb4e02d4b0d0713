using Microsoft.Data.Sqlite;

// The yardstick: the least an ASP.NET Core app can do to read one customer from Rapport's own SQLite file.
// No EF Core, no authentication, no DI of our own: one pooled connection and one primary-key SELECT per request.
// Rapport's cheap reads are measured as a share of what this answers on the same machine in the same sitting.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var database = builder.Configuration["Database"] ?? Path.Combine("data", "rapport.db");
if (!File.Exists(database))
{
    throw new FileNotFoundException("No Rapport database here; pass --Database path/to/rapport.db.", database);
}

var connectionString = new SqliteConnectionStringBuilder { DataSource = database }.ToString();
var app = builder.Build();

app.MapGet("/health", () => Results.Text("Healthy"));
app.MapGet("/json", () => Results.Json(new { message = "Hello, World!" }));
app.MapGet("/customers/{id:guid}", async (Guid id, CancellationToken ct) =>
{
    await using var connection = new SqliteConnection(connectionString);
    await connection.OpenAsync(ct);
    await using var command = connection.CreateCommand();
    command.CommandText = """SELECT "Id", "Name", "Kind", "Organisation", "CustomerSince" FROM customers WHERE "Id" = $id""";
    // EF Core's SQLite provider stores a Guid as upper-case text.
    command.Parameters.AddWithValue("$id", id.ToString("D").ToUpperInvariant());
    await using var reader = await command.ExecuteReaderAsync(ct);
    if (!await reader.ReadAsync(ct))
    {
        return Results.NotFound();
    }

    return Results.Json(new Customer(reader.GetString(0), reader.GetString(1), reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
});

await app.RunAsync();

internal sealed record Customer(string Id, string Name, string Kind, string? Organisation, string CustomerSince);
