using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Customers;

/// <summary>
/// The first page of the customer list kept in memory on SQLite (<c>CustomerListCache</c>): served from memory while
/// the database's list version stands, read again as soon as anyone — not only this node — writes a customer or a
/// contact point. The writes here go through a connection of their own, as the CLI or an import in another process would.
/// </summary>
public sealed class CustomerListCacheTests(SqliteRapportFactory app) : IClassFixture<SqliteRapportFactory>
{
    private async Task<JsonArray> FirstPageAsync() =>
        (await (await app.ClientAs(Roles.Agent).GetAsync("/api/v1/customers?limit=100")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();

    private async Task<string?> NameOnFirstPageAsync(string id) =>
        (await FirstPageAsync()).FirstOrDefault(i => i!.Id() == id)?.Str("name");

    private async Task<string> CreateAsync(string name) =>
        (await Build.ACustomer(name).WithEmail(CustomerBuilder.UniqueEmail("cache")).CreateAsync(app.ClientAs(Roles.Agent))).Id();

    private async Task<long> WriteElsewhereAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql + "; SELECT value FROM customer_list_version;";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Name(string word) => $"0000 {Guid.NewGuid().ToString("N")[..8]} {word}";

    [Fact]
    public async Task A_customer_renamed_by_another_process_shows_renamed_on_the_next_first_page()
    {
        var id = await CreateAsync(Name("before"));
        Assert.NotNull(await NameOnFirstPageAsync(id));

        var renamed = Name("renamed elsewhere");
        await WriteElsewhereAsync("""UPDATE customers SET "Name" = $name, "NameNormalized" = lower($name) WHERE "Id" = upper($id)""",
            ("$name", renamed), ("$id", id));

        Assert.Equal(renamed, await NameOnFirstPageAsync(id));
    }

    [Fact]
    public async Task An_email_changed_by_another_process_shows_on_the_next_first_page()
    {
        var id = await CreateAsync(Name("email"));
        Assert.NotNull(await NameOnFirstPageAsync(id));

        var email = CustomerBuilder.UniqueEmail("elsewhere");
        await WriteElsewhereAsync("""UPDATE contact_points SET "Value" = $email, "Normalized" = $email WHERE "CustomerId" = upper($id)""",
            ("$email", email), ("$id", id));

        Assert.Equal(email, (await FirstPageAsync()).Single(i => i!.Id() == id)!.Str("primaryEmail"));
    }

    [Fact]
    public async Task A_customer_deleted_by_another_process_leaves_the_next_first_page()
    {
        var id = await CreateAsync(Name("deleted"));
        Assert.NotNull(await NameOnFirstPageAsync(id));

        await WriteElsewhereAsync("""DELETE FROM contact_points WHERE "CustomerId" = upper($id); DELETE FROM customers WHERE "Id" = upper($id)""", ("$id", id));

        Assert.Null(await NameOnFirstPageAsync(id));
    }

    /// <summary>
    /// What makes the page cheap: while the version is the one the page was read at, the page is not read again —
    /// shown by a rename whose write puts the old version back, which only a kept page can hide.
    /// </summary>
    [Fact]
    public async Task The_first_page_is_served_from_memory_while_the_version_stands()
    {
        var original = Name("kept");
        var id = await CreateAsync(original);
        Assert.Equal(original, await NameOnFirstPageAsync(id));

        await WriteElsewhereAsync("""
            BEGIN;
            CREATE TEMP TABLE kept AS SELECT value FROM customer_list_version;
            UPDATE customers SET "Name" = 'hidden by the kept page', "NameNormalized" = 'hidden by the kept page' WHERE "Id" = upper($id);
            UPDATE customer_list_version SET value = (SELECT value FROM kept);
            DROP TABLE temp.kept;
            COMMIT
            """, ("$id", id));
        Assert.Equal(original, await NameOnFirstPageAsync(id));

        await WriteElsewhereAsync("UPDATE customer_list_version SET value = random()");
        Assert.Equal("hidden by the kept page", await NameOnFirstPageAsync(id));
    }

    /// <summary>
    /// The list's version and the full-text indexes follow their tables through triggers. SQLite drops a table's
    /// triggers with it, and EF Core rebuilds a table to alter most columns: a later migration doing that must put them back.
    /// </summary>
    [Fact]
    public async Task Every_trigger_the_list_and_search_rely_on_is_in_the_migrated_database()
    {
        await using var connection = new SqliteConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'trigger'";
        var triggers = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                triggers.Add(reader.GetString(0));
            }
        }

        string[] expected =
        [
            "customer_list_ai", "customer_list_au", "customer_list_ad", "contact_point_list_ai", "contact_point_list_au", "contact_point_list_ad",
            "customer_fts_ai", "customer_fts_au", "customer_fts_ad", "message_fts_ai", "message_fts_au", "message_fts_ad", "note_fts_ai", "note_fts_ad",
        ];
        Assert.All(expected, t => Assert.Contains(t, triggers));
    }
}
