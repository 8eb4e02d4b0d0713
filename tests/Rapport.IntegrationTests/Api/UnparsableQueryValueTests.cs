using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Api;

/// <summary>
/// A query value that does not parse into an optional parameter of its type (a whole number, an id, true or false, a
/// date) is a 400 problem naming that parameter. The compile-time request delegates only set a bare 400 for these;
/// <c>UnparsableParameters</c> turns it back into the named error, and a value that parses still reaches the handler.
/// </summary>
public abstract class UnparsableQueryValueTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    [Theory]
    [InlineData("/api/v1/feedback?minScore=high", "minScore")]
    [InlineData("/api/v1/feedback?customerId=nobody", "customerId")]
    [InlineData("/api/v1/feedback?limit=5&caseId=5", "caseId")]
    [InlineData("/api/v1/complaints/causes?includeRetired=maybe", "includeRetired")]
    [InlineData("/api/v1/dashboards/anything?from=yesterday", "from")]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_the_parameter(string url, string field)
    {
        var response = await app.ClientAs(Roles.Supervisor).GetAsync(url);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Contains("is not valid here; expected", problem["errors"]![field]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_that_parse_reach_the_handler()
    {
        var feedback = await app.ClientAs(Roles.Supervisor).GetAsync("/api/v1/feedback?minScore=1&maxScore=5&limit=5");
        var causes = await app.ClientAs(Roles.Supervisor).GetAsync("/api/v1/complaints/causes?includeRetired=true");

        await feedback.ExpectAsync(HttpStatusCode.OK);
        await causes.ExpectAsync(HttpStatusCode.OK);
    }
}

public sealed class UnparsableQueryValueTestsOnSqlite(SqliteRapportFactory app) : UnparsableQueryValueTests<SqliteRapportFactory>(app);

public sealed class UnparsableQueryValueTestsOnPostgres(PostgresRapportFactory app) : UnparsableQueryValueTests<PostgresRapportFactory>(app);
