using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Blobs;

namespace Rapport.IntegrationTests.Privacy;

/// <summary>"Who read what about this customer", from the audit trail: reads, raw downloads, exports and changes, with who and when.</summary>
public abstract class AccessReportTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private async Task<JsonArray> ReportAsync(string customerId, string query = "", HttpClient? client = null) =>
        (await (await (client ?? supervisor).GetAsync($"/api/v1/customers/{customerId}/access-report?limit=200{query}")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();

    private async Task<string> CustomerWithSecretAsync(string name = "Grace Hopper")
    {
        var id = (await Build.ACustomer(name).CreateAsync(agent)).Id();
        await (await agent.PostAsync($"/api/v1/customers/{id}/confidential",
            Requests.JsonBody(new { label = "Safe address", value = "Somewhere quiet", level = "customer" }))).ExpectAsync(HttpStatusCode.Created);
        return id;
    }

    /// <summary>An email from the customer whose original is kept, as the mail receiver keeps it.</summary>
    private async Task<(string CustomerId, string MessageId)> EmailWithRawAsync()
    {
        var received = await Inbound.AnEmail().Subject("Original").Text("Keep the original").ReceiveAsync(admin);
        await using var scope = app.Services.CreateAsyncScope();
        var rawRef = await scope.ServiceProvider.GetRequiredService<BlobStore>()
            .SaveAsync(System.Text.Encoding.ASCII.GetBytes($"Subject: Original\r\n\r\nKeep the original {Unique.Letters()}\r\n"), ".eml", default);
        await app.WithDbAsync(db => db.Messages.Where(m => m.Id == Guid.Parse(received.MessageId()))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.RawRef, rawRef)));
        return (received.CustomerId(), received.MessageId());
    }

    [Fact]
    public async Task The_report_names_who_read_a_confidential_detail_downloaded_the_original_and_exported()
    {
        var (id, messageId) = await EmailWithRawAsync();
        await (await agent.PostAsync($"/api/v1/customers/{id}/confidential",
            Requests.JsonBody(new { label = "Safe address", value = "Somewhere quiet", level = "customer" }))).ExpectAsync(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        await (await supervisor.GetAsync($"/api/v1/customers/{id}/confidential")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/messages/{messageId}/raw")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/customers/export")).StatusCode);

        var report = await ReportAsync(id);
        var read = Assert.Single(report, e => e!.Str("action") == "confidential.read")!;
        Assert.Equal("Supervisor Tester", read.Str("actorName"));
        Assert.Equal("read", read.Str("kind"));
        Assert.Contains("Safe address", read.Str("what"), StringComparison.Ordinal);
        Assert.DoesNotContain("Somewhere quiet", report.ToJsonString(), StringComparison.Ordinal); // who read, never the value
        var download = Assert.Single(report, e => e!.Str("action") == "message.rawDownloaded")!;
        Assert.Equal("Administrator Tester", download.Str("actorName"));
        Assert.Equal(messageId, download["details"]!.Str("messageId"));
        Assert.Contains(report, e => e!.Str("kind") == "export" && e!.Str("actorName") == "Administrator Tester");
        Assert.Contains(report, e => e!.Str("kind") == "change" && e!.Str("action") == "confidentialDetail.added");
        var sequences = report.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequences.OrderDescending(), sequences);

        var readsOnly = await ReportAsync(id, "&kind=read");
        Assert.Equal(["confidential.read", "message.rawDownloaded"], readsOnly.Select(e => e!.Str("action")).Order());
    }

    [Fact]
    public async Task An_export_made_before_the_customer_was_on_file_is_not_on_their_report()
    {
        var earlier = (await Build.ACustomer().CreateAsync(agent)).Id();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/customers/export")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var later = (await Build.ACustomer().CreateAsync(agent)).Id();

        Assert.Contains(await ReportAsync(earlier), e => e!.Str("kind") == "export");
        Assert.DoesNotContain(await ReportAsync(later), e => e!.Str("kind") == "export");
    }

    [Fact]
    public async Task Reads_of_a_record_merged_into_this_one_stay_on_the_report()
    {
        var survivor = (await Build.ACustomer("Katherine Johnson").CreateAsync(agent)).Id();
        var duplicate = await CustomerWithSecretAsync("K. Johnson");
        await (await supervisor.GetAsync($"/api/v1/customers/{duplicate}/confidential")).ExpectAsync(HttpStatusCode.OK);

        await (await agent.PostAsync($"/api/v1/customers/{survivor}/merge", Requests.JsonBody(new { duplicateId = duplicate }))).ExpectAsync(HttpStatusCode.OK);

        var report = await ReportAsync(survivor);
        Assert.Contains(report, e => e!.Str("action") == "confidential.read" && e!.Str("actorName") == "Supervisor Tester");
        Assert.Contains(report, e => e!.Str("action") == "customer.merged");
    }

    [Fact]
    public async Task The_report_pages_newest_first_without_repeating_an_entry()
    {
        var id = await CustomerWithSecretAsync();
        for (var i = 0; i < 3; i++)
        {
            await (await supervisor.GetAsync($"/api/v1/customers/{id}/confidential")).ExpectAsync(HttpStatusCode.OK);
        }

        var all = (await ReportAsync(id)).Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        var seen = new List<long>();
        string? after = null;
        do
        {
            var page = await (await supervisor.GetAsync($"/api/v1/customers/{id}/access-report?limit=2{(after is null ? "" : "&after=" + after)}")).ExpectAsync(HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(e => e!["sequence"]!.GetValue<long>()));
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);

        Assert.True(all.Count >= 5);
        Assert.Equal(all, seen);
    }

    [Fact]
    public async Task Only_supervisors_administrators_and_auditors_may_read_it_and_bad_input_names_the_field()
    {
        var id = await CustomerWithSecretAsync();

        await (await agent.GetAsync($"/api/v1/customers/{id}/access-report")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientAs(null).GetAsync($"/api/v1/customers/{id}/access-report")).StatusCode);
        Assert.NotEmpty(await ReportAsync(id, client: app.ClientAs(Roles.Auditor)));
        Assert.NotEmpty(await ReportAsync(id, client: admin));
        await (await supervisor.GetAsync($"/api/v1/customers/{Guid.NewGuid()}/access-report")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await supervisor.GetAsync($"/api/v1/customers/{id}/access-report?kind=gossip")).ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
        await (await supervisor.GetAsync($"/api/v1/customers/{id}/access-report?limit=0")).ExpectProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await supervisor.GetAsync($"/api/v1/customers/{id}/access-report?after=nonsense")).ExpectProblemAsync(HttpStatusCode.BadRequest, "after");
    }
}

public sealed class AccessReportTestsOnSqlite(SqliteRapportFactory app) : AccessReportTests<SqliteRapportFactory>(app);

public sealed class AccessReportTestsOnPostgres(PostgresRapportFactory app) : AccessReportTests<PostgresRapportFactory>(app);
