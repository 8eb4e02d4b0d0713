using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;

namespace Rapport.IntegrationTests.Cli;

/// <summary>
/// Input that only the real server (Kestrel) trips over: the in-memory test host accepts any response header, Kestrel
/// refuses a non-ASCII one, so "Réclamation" as a case kind used to commit and then answer 500 only in production.
/// </summary>
public sealed class RealServerInputTests : IDisposable
{
    private readonly RapportProcess rapport = new();

    public void Dispose() => rapport.Dispose();

    private async Task<long> KindsAsync()
    {
        await using var connection = new SqliteConnection(rapport.ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM case_kinds";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_non_ascii_kind_name_is_created_with_an_ascii_location_and_an_unusable_one_writes_nothing()
    {
        Assert.Equal(0, (await rapport.RunAsync("seed-demo", "--customers", "3")).ExitCode);
        var token = (await rapport.RunAsync("token", "create", "--email", "admin@rapport.demo", "--name", "kestrel")).Out.Trim();
        await using var server = await rapport.ServeAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var before = await KindsAsync();

        var created = await http.PostAsync("/api/v1/case-kinds", Requests.JsonBody(new { name = "Réclamation" }));
        var controlled = await http.PostAsync("/api/v1/case-kinds", Requests.JsonBody(new { name = "Re\u0007clamation" }));
        var keyless = await http.PostAsync("/api/v1/case-kinds", Requests.JsonBody(new { name = "Жалоба" }));

        var kind = await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("reclamation", kind.Str("key"));
        Assert.Equal("/api/v1/case-kinds/reclamation", created.Headers.Location?.OriginalString);
        await controlled.ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        await keyless.ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        Assert.Equal(before + 1, await KindsAsync());
        Assert.DoesNotContain("Unhandled error", server.Output, StringComparison.Ordinal);
    }
}
