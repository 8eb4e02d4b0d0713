using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Customers;

public abstract class DeleteCustomerTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Administrator)]
    public async Task Supervisors_and_administrators_delete_a_customer_with_its_parts(string role)
    {
        var agent = app.ClientAs(Roles.Agent);
        var id = (await Build.ACustomer().WithEmail(CustomerBuilder.UniqueEmail()).CreateAsync(agent)).Id();
        await (await agent.PostAsync($"/api/v1/customers/{id}/notes", Requests.JsonBody(new { body = "note" }))).ExpectAsync(HttpStatusCode.Created);

        await (await app.ClientAs(role).DeleteAsync($"/api/v1/customers/{id}?reason=duplicate%20test%20record")).ExpectAsync(HttpStatusCode.NoContent);

        await (await agent.GetAsync($"/api/v1/customers/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var guid = Guid.Parse(id);
        Assert.Equal(0, await app.WithDbAsync(db => db.ContactPoints.CountAsync(p => p.CustomerId == guid)));
        Assert.Equal(0, await app.WithDbAsync(db => db.CustomerNotes.CountAsync(n => n.CustomerId == guid)));
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Auditor)]
    public async Task Agents_and_auditors_cannot_delete(string role)
    {
        var id = (await Build.ACustomer().CreateAsync(app.ClientAs(Roles.Agent))).Id();
        var before = await Counts.OfAsync(app);

        var response = await app.ClientAs(role).DeleteAsync($"/api/v1/customers/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await Counts.OfAsync(app));
    }

    [Fact]
    public async Task Deleting_an_unknown_customer_is_404()
    {
        await (await app.ClientAs(Roles.Supervisor).DeleteAsync($"/api/v1/customers/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class DeleteCustomerTestsOnSqlite(SqliteRapportFactory app) : DeleteCustomerTests<SqliteRapportFactory>(app);

public sealed class DeleteCustomerTestsOnPostgres(PostgresRapportFactory app) : DeleteCustomerTests<PostgresRapportFactory>(app);
