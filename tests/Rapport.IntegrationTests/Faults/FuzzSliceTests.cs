using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Rapport.Features.Identity;
using Rapport.Fuzz;

namespace Rapport.IntegrationTests.Faults;

/// <summary>
/// A fixed-seed slice of the bench fuzz run (bench/Rapport.Fuzz, 100,000 cases a target; docs/reliability.md): a few
/// hundred cases per target through the real host, on each database. Any 5xx, a 4xx that is not problem JSON or that
/// wrote a row, a CSV import that half-imports or names a bad row without its line and column fails, with the case to rerun.
/// </summary>
public abstract class FuzzSliceTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const ulong Seed = 20261205;

    private async Task<FuzzHost> HostAsync()
    {
        var integration = await app.IntegrationClientAsync();
        return new FuzzHost(app.Services, role => role == Roles.Integration ? integration : app.ClientAs(role), app.Provider);
    }

    private static void Passed(FuzzReport report, int cases)
    {
        Assert.True(report.Failures.Count == 0, report.ToString());
        Assert.Equal(cases, report.Cases);
    }

    [Fact]
    public async Task Fuzzed_provider_webhooks_are_never_a_5xx_and_a_refusal_journals_nothing()
    {
        var report = await WebhookFuzz.RunAsync(await HostAsync(), 400, Seed);

        Passed(report, 400);
        // The fuzzer signs most requests, so the parsers are reached: some are accepted, some refused as unreadable.
        Assert.True(report.Outcomes.GetValueOrDefault("200") > 20, report.ToString());
        Assert.True(report.Outcomes.GetValueOrDefault("400") > 20, report.ToString());
    }

    [Fact]
    public async Task Fuzzed_customer_csv_imports_never_fail_or_half_import()
    {
        var report = await CsvImportFuzz.RunAsync(await HostAsync(), 250, Seed);

        Passed(report, 250);
        Assert.True(report.Outcomes.GetValueOrDefault("imported rows") > 10, report.ToString());
    }

    [Fact]
    public async Task Fuzzed_json_bodies_on_every_write_endpoint_are_never_a_5xx_and_a_4xx_writes_nothing()
    {
        var host = await HostAsync();
        var endpoints = await JsonEndpointFuzz.DiscoverAsync(host);

        var report = await JsonEndpointFuzz.RunAsync(host, 600, Seed, endpoints: endpoints);

        Assert.True(endpoints.Count >= 100, $"Only {endpoints.Count} write endpoints found in the OpenAPI document.");
        Passed(report, 600);
    }

    // Regressions for what the fuzzer found (docs/reliability.md, "Found and fixed").

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"message":"hello"}""")]
    [InlineData("""{"message":{"chat":{"id":1},"message_id":2,"text":"\ud800"}}""")]
    public async Task An_authentic_telegram_update_of_the_wrong_shape_is_a_400_and_journals_nothing(string body)
    {
        await WebhookFuzz.ConnectAccountsAsync(app.ClientAs(Roles.Administrator));
        var before = await app.FootprintAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = new StringContent(body, new MediaTypeHeaderValue("application/json")) };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "rapport_tg_secret-0123456789");

        await (await app.ClientAs(null).SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        Assert.Equal(before.Journal, (await app.FootprintAsync()).Journal);
    }

    [Fact]
    public async Task An_authentic_whatsapp_notification_whose_entry_is_not_a_list_is_a_400()
    {
        await WebhookFuzz.ConnectAccountsAsync(app.ClientAs(Roles.Administrator));
        var body = Encoding.UTF8.GetBytes("""{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":"x"}}]}]}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("d1b2c3a4e5f60718293a4b5c6d7e8f90"), body)));

        var response = await app.ClientAs(null).SendAsync(request);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    // At 100,000 cases: a signed Twilio recording callback that ingestion refuses had already written the recording on a call.
    [Fact]
    public async Task The_recording_callback_found_at_100k_is_refused_without_writing_a_call()
    {
        var report = await WebhookFuzz.RunAsync(await HostAsync(), 100_000, Seed, onlyCase: 59231);

        Passed(report, 1);
    }

    // At 100,000 cases: a null item in a scorecard was a 500.
    [Fact]
    public async Task A_scorecard_with_a_null_item_is_a_400_naming_it()
    {
        var response = await app.ClientAs(Roles.Administrator).PostAsync("/api/v1/quality/scorecards",
            Requests.JsonBody("""{"name":"fuzz","items":[null],"isDefault":false}"""));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "items[0]");
    }

    [Fact]
    public async Task A_delay_template_with_a_nul_is_a_400_naming_the_template()
    {
        var response = await app.ClientAs(Roles.Administrator).PutAsync("/api/v1/service-standards/delay-template", Requests.JsonBody("""{"template":"\u0000"}"""));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "template");
    }
}

public sealed class FuzzSliceTestsOnSqlite(SqliteRapportFactory app) : FuzzSliceTests<SqliteRapportFactory>(app);

public sealed class FuzzSliceTestsOnPostgres(PostgresRapportFactory app) : FuzzSliceTests<PostgresRapportFactory>(app);
