using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Customers;

public abstract class ReturningCustomerLookupTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private Task<HttpResponseMessage> LookupAsync(string query) => agent.GetAsync($"/api/v1/customers/lookup?{query}");

    private static string Q(string name, string value) => $"{name}={Uri.EscapeDataString(value)}";

    [Fact]
    public async Task Email_in_any_case_finds_the_customer()
    {
        var email = $"Grace.Hopper+{Unique.Letters()}@Example.com";
        var id = (await Build.ACustomer("Grace Hopper").WithEmail(email).CreateAsync(agent)).Id();

        var found = await (await LookupAsync(Q("email", email.ToUpperInvariant()))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(id, found["customer"]!.Id());
        Assert.Equal("email", found.Str("matchedBy"));
        Assert.Equal(email.ToLowerInvariant(), found.Str("matchedValue"));
    }

    [Theory]
    [InlineData("+44 20 7946 0018")]
    [InlineData("02079460018")]
    [InlineData("0044 20 7946 0018")]
    [InlineData("(020) 7946-0018")]
    public async Task Phone_in_any_common_format_finds_the_customer(string written)
    {
        // Each case creates its own customer with the number; the most recently contacted one answers.
        await app.WithDbAsync(async db => await db.ContactPoints.Where(p => p.Normalized == "+442079460018").ExecuteDeleteAsync());
        var id = (await Build.ACustomer("Joan Clarke").WithPhone("020 7946 0018").CreateAsync(agent)).Id();

        var found = await (await LookupAsync(Q("phone", written))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(id, found["customer"]!.Id());
        Assert.Equal("+442079460018", found.Str("matchedValue"));
    }

    [Fact]
    public async Task Social_handle_with_its_network_finds_the_customer()
    {
        var handle = "ada_" + Guid.NewGuid().ToString("N")[..10];
        var id = (await Build.ACustomer("Ada Handle").WithHandle("@" + handle, "instagram").CreateAsync(agent)).Id();

        var found = await (await LookupAsync($"{Q("handle", handle.ToUpperInvariant())}&network=Instagram")).ExpectAsync(HttpStatusCode.OK);
        var otherNetwork = await LookupAsync($"{Q("handle", handle)}&network=x");

        Assert.Equal(id, found["customer"]!.Id());
        Assert.Equal($"instagram:{handle}", found.Str("matchedValue"));
        await otherNetwork.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_answer_says_how_long_and_when_last_and_greets_by_first_name()
    {
        var email = CustomerBuilder.UniqueEmail("margaret");
        var id = (await Build.ACustomer("Margaret Hamilton").WithEmail(email).Since(new DateTime(2023, 1, 15, 0, 0, 0, DateTimeKind.Utc)).CreateAsync(agent)).Id();
        var lastContact = RapportFactory.Start.UtcDateTime.AddDays(-3);
        await app.WithDbAsync(async db =>
        {
            var customer = await db.Customers.SingleAsync(c => c.Id == Guid.Parse(id));
            customer.RecordContact(lastContact);
            await db.SaveChangesAsync();
        });

        var found = await (await LookupAsync(Q("email", email))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("3 years 1 month", found.Str("tenure")); // the clock reads 2 March 2026
        Assert.Equal(new DateTime(2023, 1, 15, 0, 0, 0, DateTimeKind.Utc), found["customerSince"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.Equal(lastContact, found["lastContactAt"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.Equal("Welcome back, Margaret! Thank you for being with us since January 2023.", found.Str("greeting"));
    }

    [Fact]
    public async Task The_greeting_comes_from_the_returning_customer_template_for_the_channel()
    {
        var supervisor = app.ClientAs(Roles.Supervisor);
        await (await supervisor.PostAsync("/api/v1/templates", Requests.JsonBody(new
        {
            purpose = "greetingReturning",
            channel = "phone",
            language = "en-GB",
            name = "Phone greeting " + Unique.Letters(),
            body = "Hello {{ customer.preferred_name }}: {{ customer.tenure }} with {{ organisation.name }}, since {{ customer.since }}.",
        }))).ExpectAsync(HttpStatusCode.Created);
        var phone = CustomerBuilder.UniqueUkPhone();
        var email = CustomerBuilder.UniqueEmail("katherine");
        await Build.ACustomer("Katherine Johnson").WithPhone(phone).WithEmail(email).Since(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc)).CreateAsync(agent);
        var organisation = (await (await agent.GetAsync("/api/v1/organisation")).ExpectAsync(HttpStatusCode.OK)).Str("name");

        var byPhone = await (await LookupAsync(Q("phone", phone))).ExpectAsync(HttpStatusCode.OK);
        var byEmail = await (await LookupAsync(Q("email", email))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal($"Hello Katherine: 2 years with {organisation}, since March 2024.", byPhone.Str("greeting"));
        Assert.Equal("Welcome back, Katherine! Thank you for being with us since March 2024.", byEmail.Str("greeting"));
    }

    [Fact]
    public async Task An_unknown_contact_point_is_404_with_the_first_contact_greeting_for_the_channel()
    {
        var supervisor = app.ClientAs(Roles.Supervisor);
        await (await supervisor.PostAsync("/api/v1/templates", Requests.JsonBody(new
        {
            purpose = "greetingFirstContact",
            channel = "email",
            language = "en-GB",
            name = "Email first contact " + Unique.Letters(),
            body = "Thank you for writing to {{ organisation.name }}; how can we help?",
        }))).ExpectAsync(HttpStatusCode.Created);
        var organisation = (await (await agent.GetAsync("/api/v1/organisation")).ExpectAsync(HttpStatusCode.OK)).Str("name");

        var byEmail = await (await LookupAsync(Q("email", CustomerBuilder.UniqueEmail("nobody")))).ExpectProblemAsync(HttpStatusCode.NotFound);
        var byPhone = await (await LookupAsync(Q("phone", CustomerBuilder.UniqueUkPhone()))).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal($"Thank you for writing to {organisation}; how can we help?", byEmail.Str("greeting"));
        Assert.Equal($"Hello, and thank you for contacting {organisation}.", byPhone.Str("greeting"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("email=a%40example.com&phone=02079460018")]
    [InlineData("email=a%40example.com&handle=ada&network=x")]
    public async Task Zero_or_two_keys_is_400(string query)
    {
        await (await LookupAsync(query)).ExpectProblemAsync(HttpStatusCode.BadRequest, "query");
    }

    [Theory]
    [InlineData("email=not-an-email", "email")]
    [InlineData("phone=12345", "phone")]
    [InlineData("handle=ada&network=myspace", "network")]
    public async Task A_malformed_key_is_400_naming_it(string query, string field)
    {
        await (await LookupAsync(query)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }
}

public sealed class ReturningCustomerLookupTestsOnSqlite(SqliteRapportFactory app) : ReturningCustomerLookupTests<SqliteRapportFactory>(app);

public sealed class ReturningCustomerLookupTestsOnPostgres(PostgresRapportFactory app) : ReturningCustomerLookupTests<PostgresRapportFactory>(app);
