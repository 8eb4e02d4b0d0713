using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Blobs;

namespace Rapport.IntegrationTests.Privacy;

/// <summary>
/// A subject-access export (C22) holds everything about the person — their record, notes, confidential details (each read
/// audited), conversations with messages, attachments and the raw email, cases, promises, referrals, complaints,
/// feedback, loyalty (business, extra-mile actions, the stored risk score), the timeline and the audit entries about them — including what a restricted team handles, as data.json, a readable report.html with
/// no scripts, and the files; only administrators may take one, and taking one is audited.
/// </summary>
public abstract class SubjectAccessExportTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    [Fact]
    public async Task The_export_holds_everything_about_the_person_readable_and_as_data_with_their_files()
    {
        var word = Unique.Letters()[..12];
        var name = $"Perpetua {word}";
        var email = CustomerBuilder.UniqueEmail();
        var customerId = (await Build.ACustomer().Named(name).WithEmail(email).CreateAsync(agent)).Id();
        var received = await Inbound.AnEmail(email).Subject($"About {word}").Text($"Hello from {name}").ReceiveAsync(admin);
        var attachmentBytes = Encoding.UTF8.GetBytes($"Scan {word}");
        var raw = await IngestAnEmailWithAttachmentAsync(email, attachmentBytes);
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/notes", Requests.JsonBody(new { body = $"<script>alert('{word}')</script>" })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/confidential",
            Requests.JsonBody(new { label = "Memorable word", value = $"secret {word}", level = "customer" }))).ExpectAsync(HttpStatusCode.Created);
        var theCase = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = received.ConversationId(), title = $"Case {word}" })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync("/api/v1/promises", Requests.JsonBody(new { caseId = theCase["case"]!.Id(), what = $"Call {word}", dueAt = "2099-01-01T10:00:00Z" })))
            .ExpectAsync(HttpStatusCode.Created);
        await OtherRecordsAsync(customerId, word);
        var restricted = await RestrictAsync(received.ConversationId());

        var response = await admin.GetAsync($"/api/v1/customers/{customerId}/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"subject-access-{customerId}.zip", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var data = JsonNode.Parse(Read(zip, "data.json"))!;
        Assert.Equal(name, data["customers"]![0]!.Str("name"));
        Assert.Equal($"secret {word}", data["customers"]![0]!["confidentialDetails"]![0]!.Str("value"));
        Assert.Contains(data["conversations"]!.AsArray(), c => c!["conversation"]!.Str("id") == received.ConversationId()
            && c["conversation"]!.Str("teamId") == restricted
            && c["messages"]!.AsArray().Any(m => m!["message"]!.Str("text") == $"Hello from {name}"));
        var withFiles = data["conversations"]!.AsArray().SelectMany(c => c!["messages"]!.AsArray()).Single(m => m!["rawFile"] is not null)!;
        Assert.Equal(raw, Read(zip, withFiles.Str("rawFile")));
        Assert.Equal(attachmentBytes, Bytes(zip, withFiles["attachments"]![0]!.Str("file")));
        Assert.Equal($"Case {word}", data["cases"]![0]!["case"]!.Str("title"));
        Assert.Equal($"Call {word}", data["promises"]![0]!["promise"]!.Str("what"));
        Assert.Contains(data["timeline"]!.AsArray(), t => t!.Str("kind") == "case");
        Assert.Contains(data["auditEntries"]!.AsArray(), e => e!.Str("subjectId") == customerId);
        var loyalty = data["loyalty"]!;
        var business = Assert.Single(loyalty["businessRecords"]!.AsArray())!;
        Assert.Equal($"Booking {word}", business.Str("description"));
        Assert.Equal(120m, business["amount"]!.GetValue<decimal>());
        Assert.Contains(loyalty["offersGrantedAndExtraMileActions"]!.AsArray(), a => a!.Str("text") == $"Extra mile {word}" && a!.Str("kind") == "extraMile");
        Assert.NotEmpty(Assert.Single(loyalty["riskOfLeaving"]!.AsArray())!["factors"]!.AsArray());
        var feedback = Assert.Single(data["feedback"]!["entries"]!.AsArray())!["feedback"]!;
        Assert.Equal($"Feedback {word}", feedback.Str("text"));
        Assert.Contains(data["auditEntries"]!.AsArray(), e => e!.Str("subjectType") == "feedback" && e!.Str("subjectId") == feedback.Str("id"));
        Assert.Equal($"Complaint {word}", Assert.Single(data["complaints"]!.AsArray())!["complaint"]!.Str("customerWords"));

        var report = Read(zip, "report.html");
        Assert.Contains(name, report, StringComparison.Ordinal);
        Assert.Contains($"Hello from {name}", report, StringComparison.Ordinal);
        Assert.Contains($"&lt;script&gt;alert(&#39;{word}&#39;)&lt;/script&gt;", report, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", report, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(withFiles["attachments"]![0]!.Str("file"), report, StringComparison.Ordinal);
        foreach (var text in new[] { "<h2>Loyalty</h2>", $"Booking {word}", "120.00 GBP", $"Extra mile {word}", "Quiet for longer than usual",
            $"Feedback {word}", $"Complaint {word}" })
        {
            Assert.Contains(text, report, StringComparison.Ordinal);
        }

        var audited = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == customerId).Select(e => e.Action).ToListAsync());
        Assert.Contains("customer.exported", audited);
        Assert.Contains("confidential.read", audited);
    }

    [Fact]
    public async Task Only_administrators_may_export_and_a_missing_customer_is_not_found()
    {
        var customerId = (await Build.ACustomer().Named($"Private {Unique.Letters()}").CreateAsync(agent)).Id();

        foreach (var role in new[] { Roles.Agent, Roles.Supervisor, Roles.Auditor })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(role).GetAsync($"/api/v1/customers/{customerId}/export")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/customers/{Guid.NewGuid()}/export")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.SubjectId == customerId && e.Action == "customer.exported")));
    }

    /// <summary>What other features keep about them: loyalty (business, an extra-mile action, the stored risk score), feedback and a complaint.</summary>
    private async Task OtherRecordsAsync(string customerId, string word)
    {
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/business", Requests.JsonBody(new
        {
            kind = "purchase",
            amount = 120m,
            currency = "GBP",
            description = $"Booking {word}",
        }))).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/extra-mile", Requests.JsonBody(new { what = $"Extra mile {word}" })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await agent.GetAsync($"/api/v1/customers/{customerId}/loyalty")).ExpectAsync(HttpStatusCode.OK); // stores the risk score
        await (await agent.PostAsync("/api/v1/feedback", Requests.JsonBody(new { source = "verbal", text = $"Feedback {word}", customerId })))
            .ExpectAsync(HttpStatusCode.Created);
        var complaint = (await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId, title = "Noise", kind = "complaint" })))
            .ExpectAsync(HttpStatusCode.Created))["case"]!.Id();
        await (await agent.PostAsync($"/api/v1/cases/{complaint}/complaint/listen", Requests.JsonBody(new { customerWords = $"Complaint {word}", cause = "other" })))
            .ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<string> RestrictAsync(string conversationId)
    {
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = "Fraud " + Unique.Letters()[..8], restricted = true })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostAsync($"/api/v1/conversations/{conversationId}/assign", Requests.JsonBody(new { assigneeId = (Guid?)null, teamId = team.Id() })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/conversations/{conversationId}")).StatusCode);
        return team.Id();
    }

    private async Task<string> IngestAnEmailWithAttachmentAsync(string from, byte[] attachment)
    {
        var messageId = $"<{Unique.Letters()}@rapport.test>";
        var raw = string.Join("\r\n", $"From: <{from}>", "To: help@rapport.test", "Subject: Scan", $"Message-ID: {messageId}",
            "Content-Type: text/plain; charset=utf-8", "", "See attached", "");
        await using var scope = app.Services.CreateAsyncScope();
        var blobs = scope.ServiceProvider.GetRequiredService<BlobStore>();
        var rawRef = await blobs.SaveAsync(Encoding.UTF8.GetBytes(raw), ".eml", default);
        var file = new InboundAttachment(Guid.CreateVersion7(), "scan.txt", "text/plain", attachment.Length, await blobs.SaveAsync(attachment, ".bin", default),
            null, false, null);
        var message = new InboundMessage(Channel.Email, messageId, new InboundSender(Email: from), "See attached", RawRef: rawRef, Attachments: [file]);
        await scope.ServiceProvider.GetRequiredService<IngestionPipeline>().IngestAsync(message, TimeSpan.FromSeconds(30), default);
        return raw;
    }

    private static string Read(ZipArchive zip, string entry) => Encoding.UTF8.GetString(Bytes(zip, entry));

    private static byte[] Bytes(ZipArchive zip, string entry)
    {
        using var stream = zip.GetEntry(entry)?.Open() ?? throw new Xunit.Sdk.XunitException($"No {entry} in the export: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

public sealed class SubjectAccessExportTestsOnSqlite(SqliteRapportFactory app) : SubjectAccessExportTests<SqliteRapportFactory>(app);

public sealed class SubjectAccessExportTestsOnPostgres(PostgresRapportFactory app) : SubjectAccessExportTests<PostgresRapportFactory>(app);
