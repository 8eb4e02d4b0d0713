using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Customers;

/// <summary>
/// A phone number accepted on one path is usable on every other: ingestion, contact points, lookup, CSV import. A
/// possible number the phone-number data does not know (Ofcom's drama range 07700 900xxx) is kept with a warning.
/// </summary>
public abstract class OnePhoneRuleTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    /// <summary>A number in Ofcom's drama range 07700 900000–900999, possible in E.164 but not listed as in use; no other customer holds it.</summary>
    private async Task<string> DramaNumberAsync()
    {
        var number = $"+447700900{Random.Shared.Next(200, 1000):000}";
        await app.WithDbAsync(async db => await db.ContactPoints.Where(p => p.Normalized == number).ExecuteDeleteAsync());
        return number;
    }

    private Task<HttpResponseMessage> AddPhoneAsync(string customerId, string phone) =>
        agent.PostAsync($"/api/v1/customers/{customerId}/contact-points", Requests.JsonBody(new { type = "phone", value = phone }));

    private Task<HttpResponseMessage> LookupAsync(string phone) =>
        agent.GetAsync($"/api/v1/customers/lookup?phone={Uri.EscapeDataString(phone)}");

    [Fact]
    public async Task A_number_an_sms_came_from_can_be_added_to_a_customer_and_looked_up()
    {
        await app.WithDbAsync(async db => await db.ContactPoints.Where(p => p.Normalized == "+447700900123").ExecuteDeleteAsync());
        var sms = await Inbound.AnSms("+447700900123").Text("Is my order on its way?").ReceiveAsync(admin);
        var customer = (await Build.ACustomer("Ann Phone").WithEmail(CustomerBuilder.UniqueEmail("ann")).CreateAsync(agent)).Id();

        var added = await (await AddPhoneAsync(customer, "+447700900123")).ExpectAsync(HttpStatusCode.Created);
        var found = await (await LookupAsync("+447700900123")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("+447700900123", added.Str("normalized"));
        Assert.Equal("+44 7700 900123", added.Str("value"));
        Assert.Contains("+44 7700 900123", added.Str("warning"), StringComparison.Ordinal);
        Assert.Equal("+447700900123", found.Str("matchedValue"));
        Assert.Contains(found["customer"]!.Id(), new[] { customer, sms.CustomerId() });
        Assert.Equal(1, found["otherMatches"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_number_added_to_a_customer_matches_the_next_sms_and_the_lookup_in_any_format()
    {
        var number = await DramaNumberAsync();
        var national = "0" + number[3..7] + " " + number[7..];
        var customer = (await Build.ACustomer("Ben Roundtrip").WithPhone(national).CreateAsync(agent)).Id();

        var sms = await Inbound.AnSms(number).Text("Hello again").ReceiveAsync(admin);
        var found = await (await LookupAsync(national)).ExpectAsync(HttpStatusCode.OK);
        var record = await (await agent.GetAsync($"/api/v1/customers/{customer}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(customer, sms.CustomerId());
        Assert.False(sms.Flag("newCustomer"));
        Assert.Equal(customer, found["customer"]!.Id());
        Assert.Equal(number, found.Str("matchedValue"));
        var point = Assert.Single(record["contactPoints"]!.AsArray());
        Assert.Equal(number, point!.Str("normalized"));
        Assert.NotEqual("", point!.Str("warning"));
    }

    [Fact]
    public async Task A_valid_number_carries_no_warning()
    {
        var customer = (await Build.ACustomer("Cat Valid").CreateAsync(agent)).Id();

        var added = await (await AddPhoneAsync(customer, CustomerBuilder.UniqueUkPhone())).ExpectAsync(HttpStatusCode.Created);

        Assert.Null(added["warning"]);
    }

    [Theory]
    [InlineData("call me maybe")]
    [InlineData("0800 FLOWERS")]
    [InlineData("12345")]
    [InlineData("+44 7700 900123 999999")]
    [InlineData("+999 1234 5678")]
    public async Task An_impossible_number_is_a_400_naming_the_field_on_every_path(string phone)
    {
        var customer = (await Build.ACustomer("Dan Impossible").CreateAsync(agent)).Id();

        await (await AddPhoneAsync(customer, phone)).ExpectProblemAsync(HttpStatusCode.BadRequest, "value");
        await (await LookupAsync(phone)).ExpectProblemAsync(HttpStatusCode.BadRequest, "phone");
        await (await Inbound.AnSms(phone).PostAsync(admin)).ExpectProblemAsync(HttpStatusCode.BadRequest, "from.phone");
    }

    [Fact]
    public async Task A_blank_phone_matches_nobody()
    {
        await (await LookupAsync("   ")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Inbound.AnSms("  ").PostAsync(admin)).ExpectProblemAsync(HttpStatusCode.BadRequest, "from");
    }

    [Fact]
    public async Task Csv_import_keeps_a_possible_number_and_reports_a_warning_for_its_row()
    {
        var number = await DramaNumberAsync();
        var tag = "zp" + Guid.NewGuid().ToString("N")[..8];
        var csv = $"name,phones\n{tag} valid,{CustomerBuilder.UniqueUkPhone()}\n{tag} drama,{number}\n";

        var report = await (await app.ClientAs(Roles.Supervisor).PostAsync("/api/v1/customers/import", Requests.CsvBody(csv)))
            .ExpectAsync(HttpStatusCode.OK);
        var found = await (await LookupAsync(number)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, report["imported"]!.GetValue<int>());
        var warning = Assert.Single(report["warnings"]!.AsArray());
        Assert.Equal(3, warning!["row"]!.GetValue<int>());
        Assert.Equal("phones", warning.Str("field"));
        Assert.Equal($"{tag} drama", found["customer"]!.Str("name"));
    }
}

public sealed class OnePhoneRuleTestsOnSqlite(SqliteRapportFactory app) : OnePhoneRuleTests<SqliteRapportFactory>(app);

public sealed class OnePhoneRuleTestsOnPostgres(PostgresRapportFactory app) : OnePhoneRuleTests<PostgresRapportFactory>(app);
