using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Customers;

public abstract class CreateCustomerTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    [Fact]
    public async Task Phone_written_the_UK_way_is_stored_as_E164()
    {
        var created = await Build.ACustomer("Grace Hopper").WithPhone("020 7946 0018").CreateAsync(app.ClientAs(Roles.Agent));

        var phone = created["contactPoints"]!.AsArray().Single()!;
        Assert.Equal("+442079460018", phone.Str("normalized"));
        Assert.Equal("+44 20 7946 0018", phone.Str("value"));
        Assert.Equal("phone", phone.Str("type"));
    }

    [Fact]
    public async Task Created_customer_can_be_read_back_at_its_location_with_an_etag()
    {
        var client = app.ClientAs(Roles.Agent);
        var response = await client.PostAsync("/api/v1/customers", Requests.JsonBody(
            Build.ACustomer("Katherine Johnson").OfKind("contractor").WithEmail("Katherine.Johnson@Example.com").ToString()));
        var created = await response.ExpectAsync(HttpStatusCode.Created);

        Assert.NotNull(response.Headers.ETag);
        var read = await client.GetAsync(response.Headers.Location);
        var body = await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.Id(), body.Id());
        Assert.Equal("contractor", body.Str("kind"));
        Assert.Equal("katherine.johnson@example.com", body["contactPoints"]![0]!.Str("normalized"));
        Assert.Equal(response.Headers.ETag, read.Headers.ETag);
    }

    [Fact]
    public async Task Invalid_phone_is_a_400_naming_the_contact_point_and_nothing_is_written()
    {
        var before = await Counts.OfAsync(app);

        var response = await app.ClientAs(Roles.Agent).PostAsync("/api/v1/customers",
            Requests.JsonBody(Build.ACustomer().WithPhone("020 794").ToString()));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "contactPoints[0].value");
        Assert.Contains("020 794", problem["errors"]!["contactPoints[0].value"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await Counts.OfAsync(app));
    }

    [Fact]
    public async Task A_later_invalid_contact_point_rejects_the_whole_customer()
    {
        var before = await Counts.OfAsync(app);

        var response = await app.ClientAs(Roles.Agent).PostAsync("/api/v1/customers", Requests.JsonBody(
            Build.ACustomer().WithEmail(CustomerBuilder.UniqueEmail()).WithHandle("@someone", "myspace").ToString()));

        // The field names the contact point at fault, so a form with several handles can show the message beside the right one.
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "contactPoints[1].network");
        Assert.Equal(before, await Counts.OfAsync(app));
    }
}

public sealed class CreateCustomerTestsOnSqlite(SqliteRapportFactory app) : CreateCustomerTests<SqliteRapportFactory>(app);

public sealed class CreateCustomerTestsOnPostgres(PostgresRapportFactory app) : CreateCustomerTests<PostgresRapportFactory>(app);
