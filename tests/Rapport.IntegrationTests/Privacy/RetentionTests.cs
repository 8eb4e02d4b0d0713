using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Features.Privacy;
using Rapport.Infrastructure.Blobs;

namespace Rapport.IntegrationTests.Privacy;

/// <summary>
/// Retention (C23): what is past its period goes — message bodies and raw mail, attachment files, closed cases' texts, the
/// changes in old audit entries, their search index entries and blobs — and nothing newer; a dry run changes nothing; a
/// run keeps a report; legal holds keep what they cover; the audit chain still verifies; one node runs at a time.
/// </summary>
public abstract class RetentionTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private static readonly TimeSpan Past = TimeSpan.FromDays(400);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private sealed record History(Guid CustomerId, Guid MessageId, Guid FileMessageId, string Word, string RawRef, string AttachmentRef, Guid CaseId);

    [Fact]
    public async Task A_run_removes_only_what_is_past_its_period_writes_a_report_and_the_audit_chain_still_verifies()
    {
        var old = await AHistoryAsync(closeTheCase: true);
        app.Clock.Advance(Past);
        var fresh = await AHistoryAsync(closeTheCase: true);
        var policy = await SetPolicyAsync(messagesDays: 365, attachmentsDays: 365, auditEntriesDays: 365, closedCasesDays: 365);
        var oldAuditEntries = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.SubjectId == old.CustomerId.ToString()));

        var run = await (await admin.PostAsync("/api/v1/retention/run", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(0, await FoundAsync(old.Word));
        Assert.Equal(1, await FoundAsync(fresh.Word)); // the search index lost the old message and kept the new
        var oldMessage = await MessageAsync(old.MessageId);
        Assert.Equal(RetentionSteps.Removed, oldMessage.Text);
        Assert.Null(oldMessage.Html);
        Assert.Null(oldMessage.Subject);
        Assert.Null((await MessageAsync(old.FileMessageId)).RawRef);
        Assert.False(await BlobExistsAsync(old.RawRef));
        Assert.False(await BlobExistsAsync(old.AttachmentRef));
        Assert.Null(await app.WithDbAsync(db => db.Attachments.Where(a => a.MessageId == old.FileMessageId).Select(a => a.BlobRef).SingleAsync()));
        Assert.Equal(RetentionSteps.Removed, await CaseTitleAsync(old.CaseId));
        Assert.Equal(Channel.Email, oldMessage.Channel); // the facts statistics need stay

        Assert.Contains(fresh.Word, (await MessageAsync(fresh.MessageId)).Text, StringComparison.Ordinal);
        Assert.True(await BlobExistsAsync(fresh.RawRef));
        Assert.True(await BlobExistsAsync(fresh.AttachmentRef));
        Assert.StartsWith("Refund", await CaseTitleAsync(fresh.CaseId), StringComparison.Ordinal);

        Assert.True(oldAuditEntries > 0);
        Assert.Equal(oldAuditEntries, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.SubjectId == old.CustomerId.ToString()
            && e.Changes.StartsWith("{\"redacted\":\"retention\""))));
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.SubjectId == fresh.CustomerId.ToString() && e.Changes.StartsWith("{\"redacted\""))));
        var verified = await (await admin.GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(verified["intact"]!.GetValue<bool>(), verified.ToJsonString());

        var items = run["items"]!.AsArray();
        Assert.All(new[] { "messages", "attachments", "auditEntries", "closedCases" }, kind => Assert.True(Count(items, kind) > 0, kind));
        Assert.Equal("anonymise", items.Single(i => i!.Str("kind") == "messages")!.Str("action"));
        Assert.Equal("delete", items.Single(i => i!.Str("kind") == "attachments")!.Str("action"));
        var reports = await (await app.ClientAs(Roles.Auditor).GetAsync("/api/v1/retention/runs")).ExpectAsync(HttpStatusCode.OK);
        var report = reports.AsArray().Single(r => r!.Str("runId") == run.Str("runId"))!;
        Assert.Equal(policy.Str("updatedAt"), report.Str("policyOf"));
        Assert.Equal(Count(items, "messages"), Count(report["items"]!.AsArray(), "messages"));
        Assert.True(Math.Abs((app.Clock.GetUtcNow().UtcDateTime - report["ranAt"]!.GetValue<DateTime>().ToUniversalTime()).TotalSeconds) < 1);
    }

    [Fact]
    public async Task A_dry_run_counts_what_would_go_and_changes_nothing()
    {
        var old = await AHistoryAsync(closeTheCase: true);
        app.Clock.Advance(Past);
        await SetPolicyAsync(messagesDays: 30, attachmentsDays: 30, auditEntriesDays: 30, closedCasesDays: 30);
        var reportsBefore = await app.WithDbAsync(db => db.Set<RetentionReport>().CountAsync());
        var redactedBefore = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Changes.StartsWith("{\"redacted\"")));

        var preview = await (await admin.GetAsync("/api/v1/retention/preview")).ExpectAsync(HttpStatusCode.OK);

        Assert.True(preview["dryRun"]!.GetValue<bool>());
        Assert.All(new[] { "messages", "attachments", "auditEntries", "closedCases" }, kind => Assert.True(Count(preview["items"]!.AsArray(), kind) > 0, kind));
        Assert.Contains(old.Word, (await MessageAsync(old.MessageId)).Text, StringComparison.Ordinal);
        Assert.True(await BlobExistsAsync(old.RawRef));
        Assert.True(await BlobExistsAsync(old.AttachmentRef));
        Assert.StartsWith("Refund", await CaseTitleAsync(old.CaseId), StringComparison.Ordinal);
        Assert.Equal(1, await FoundAsync(old.Word));
        Assert.Equal(reportsBefore, await app.WithDbAsync(db => db.Set<RetentionReport>().CountAsync()));
        Assert.Equal(redactedBefore, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Changes.StartsWith("{\"redacted\""))));
        await SetPolicyAsync(); // the class's other tests choose their own periods
    }

    [Fact]
    public async Task A_legal_hold_on_a_customer_or_a_case_keeps_their_data_from_retention_and_the_customer_from_erasure()
    {
        var heldCustomer = await AHistoryAsync(closeTheCase: true);
        var heldCase = await AHistoryAsync(closeTheCase: true);
        var free = await AHistoryAsync(closeTheCase: true);
        var onCustomer = await PlaceHoldAsync(new { customerId = heldCustomer.CustomerId, reason = "Claim LIT-1" });
        await PlaceHoldAsync(new { caseId = heldCase.CaseId, reason = "Claim LIT-2" });
        app.Clock.Advance(Past);
        await SetPolicyAsync(messagesDays: 365, attachmentsDays: 365, auditEntriesDays: 365, closedCasesDays: 365);

        var run = await (await admin.PostAsync("/api/v1/retention/run", null)).ExpectAsync(HttpStatusCode.OK);
        var erase = await admin.PostAsync($"/api/v1/customers/{heldCustomer.CustomerId}/erase", Requests.JsonBody(new { reason = "ER-9" }));
        var eraseThroughCase = await admin.PostAsync($"/api/v1/customers/{heldCase.CustomerId}/erase", Requests.JsonBody(new { reason = "ER-10" }));

        foreach (var held in new[] { heldCustomer, heldCase })
        {
            Assert.Contains(held.Word, (await MessageAsync(held.MessageId)).Text, StringComparison.Ordinal);
            Assert.StartsWith("Refund", await CaseTitleAsync(held.CaseId), StringComparison.Ordinal);
        }

        // A customer's hold covers all their messages and files; a case's only its linked conversations, and the file came
        // in a conversation of its own.
        Assert.True(await BlobExistsAsync(heldCustomer.RawRef));
        Assert.True(await BlobExistsAsync(heldCustomer.AttachmentRef));
        Assert.False(await BlobExistsAsync(heldCase.RawRef));

        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.SubjectId == heldCustomer.CustomerId.ToString() && e.Changes.StartsWith("{\"redacted\""))));
        Assert.Equal(RetentionSteps.Removed, (await MessageAsync(free.MessageId)).Text);
        Assert.True(Held(run["items"]!.AsArray(), "messages") >= 2);
        Assert.True(Held(run["items"]!.AsArray(), "closedCases") >= 2);
        var problem = await erase.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("legal hold", problem.Str("detail"), StringComparison.Ordinal);
        await eraseThroughCase.ExpectAsync(HttpStatusCode.Conflict);
        Assert.NotEqual(Customer.ErasedName, (await (await admin.GetAsync($"/api/v1/customers/{heldCustomer.CustomerId}")).ExpectAsync(HttpStatusCode.OK)).Str("name"));

        var released = await (await admin.PostAsync($"/api/v1/legal-holds/{onCustomer.Id()}/release", Requests.JsonBody(new { reason = "Claim settled" })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.False(released["inForce"]!.GetValue<bool>());
        await (await admin.PostAsync($"/api/v1/retention/run", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(RetentionSteps.Removed, (await MessageAsync(heldCustomer.MessageId)).Text);
        await (await admin.PostAsync($"/api/v1/customers/{heldCustomer.CustomerId}/erase", Requests.JsonBody(new { reason = "ER-9" }))).ExpectAsync(HttpStatusCode.OK);
        var holds = await (await app.ClientAs(Roles.Auditor).GetAsync($"/api/v1/legal-holds?customerId={heldCustomer.CustomerId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Claim settled", holds.AsArray().Single()!.Str("releaseReason"));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "legalHold.added" && e.SubjectId == heldCase.CaseId.ToString())));
        await SetPolicyAsync();
        Assert.True((await (await admin.GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK))["intact"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Only_one_node_runs_retention_at_a_time()
    {
        await SetPolicyAsync(messagesDays: 3650);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.WithDbAsync(db => db.Set<RetentionPolicy>().ExecuteUpdateAsync(s => s.SetProperty(p => p.RunLeasedUntil, now.AddMinutes(10))));

        var manual = await admin.PostAsync("/api/v1/retention/run", null);
        var scheduled = await app.Services.GetRequiredService<RetentionSchedule>().RunNowAsync(default);
        app.Clock.Advance(TimeSpan.FromMinutes(11)); // the other node's lease ran out (it died mid-run)
        var later = await app.Services.GetRequiredService<RetentionSchedule>().RunNowAsync(default);

        await manual.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Null(scheduled);
        Assert.NotNull(later);
        Assert.Equal("schedule", later.RanBy);
        Assert.Null(await app.WithDbAsync(db => db.Set<RetentionPolicy>().Select(p => p.RunLeasedUntil).SingleAsync()));
        await SetPolicyAsync();
    }

    [Fact]
    public async Task Periods_are_off_by_default_and_out_of_range_periods_are_refused_naming_the_field()
    {
        await SetPolicyAsync();
        var policy = await (await admin.GetAsync("/api/v1/retention/policy")).ExpectAsync(HttpStatusCode.OK);
        var tooShort = await admin.PutAsync("/api/v1/retention/policy", Requests.JsonBody(new { messagesDays = 0 }));
        var hold = await admin.PostAsync("/api/v1/legal-holds", Requests.JsonBody(new { reason = "no subject" }));

        Assert.All(policy["periods"]!.AsArray(), p => Assert.Null(p!["days"]));
        Assert.Contains("callRecordings", policy.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("messagesDays", (await tooShort.ExpectAsync(HttpStatusCode.BadRequest)).ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("customerId", (await hold.ExpectAsync(HttpStatusCode.BadRequest)).ToJsonString(), StringComparison.Ordinal);
        var run = await (await admin.PostAsync("/api/v1/retention/run", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(run["items"]!.AsArray());
    }

    private static int Count(System.Text.Json.Nodes.JsonArray items, string kind) =>
        items.SingleOrDefault(i => i!.Str("kind") == kind)?["count"]!.GetValue<int>() ?? 0;

    private static int Held(System.Text.Json.Nodes.JsonArray items, string kind) =>
        items.SingleOrDefault(i => i!.Str("kind") == kind)?["held"]!.GetValue<int>() ?? 0;

    private async Task<System.Text.Json.Nodes.JsonNode> SetPolicyAsync(int? messagesDays = null, int? attachmentsDays = null, int? auditEntriesDays = null,
        int? closedCasesDays = null) =>
        await (await admin.PutAsync("/api/v1/retention/policy", Requests.JsonBody(new { messagesDays, attachmentsDays, auditEntriesDays, closedCasesDays })))
            .ExpectAsync(HttpStatusCode.OK);

    private async Task<System.Text.Json.Nodes.JsonNode> PlaceHoldAsync(object body) =>
        await (await admin.PostAsync("/api/v1/legal-holds", Requests.JsonBody(body))).ExpectAsync(HttpStatusCode.Created);

    private Task<Message> MessageAsync(Guid id) => app.WithDbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == id));

    private Task<string> CaseTitleAsync(Guid id) => app.WithDbAsync(db => db.Cases.Where(c => c.Id == id).Select(c => c.Title).SingleAsync());

    private async Task<bool> BlobExistsAsync(string reference)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var stream = await scope.ServiceProvider.GetRequiredService<BlobStore>().OpenAsync(reference, default);
        return stream is not null;
    }

    private async Task<int> FoundAsync(string word)
    {
        var hits = await (await admin.GetAsync($"/api/v1/search?q={word}")).ExpectAsync(HttpStatusCode.OK);
        var list = hits is System.Text.Json.Nodes.JsonArray array ? array : hits["items"]!.AsArray();
        return list.Count(h => h!.Str("kind") == "message");
    }

    /// <summary>A customer with an email (a unique word in it), an emailed file with its raw copy, and a case on the conversation.</summary>
    private async Task<History> AHistoryAsync(bool closeTheCase)
    {
        var word = "Zephyr" + Unique.Letters()[..10].ToLowerInvariant();
        var email = CustomerBuilder.UniqueEmail();
        var received = await Inbound.AnEmail(email).Subject($"About {word}").Text($"Please look at {word} for me.").Html($"<p>{word}</p>").ReceiveAsync(admin);
        var raw = Encoding.UTF8.GetBytes($"From: <{email}>\r\nSubject: File {word}\r\n\r\nAttached {word}-raw\r\n");
        Guid fileMessage;
        string rawRef, attachmentRef;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var blobs = scope.ServiceProvider.GetRequiredService<BlobStore>();
            rawRef = await blobs.SaveAsync(raw, ".eml", default);
            attachmentRef = await blobs.SaveAsync(Encoding.UTF8.GetBytes($"Contents {word}-file"), ".bin", default);
            var message = new InboundMessage(Channel.Email, $"<{Unique.Letters()}@rapport.test>", new InboundSender(Email: email), "See the attached statement.",
                RawRef: rawRef, Attachments: [new InboundAttachment(Guid.CreateVersion7(), "statement.txt", "text/plain", 20, attachmentRef, null, false, null)]);
            fileMessage = (await scope.ServiceProvider.GetRequiredService<IngestionPipeline>().IngestAsync(message, TimeSpan.FromSeconds(30), default))
                .Result!.MessageId;
        }

        var theCase = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = received.ConversationId(), title = $"Refund {word}" })))
            .ExpectAsync(HttpStatusCode.Created);
        var caseId = theCase["case"]!.Id();
        if (closeTheCase)
        {
            await (await agent.PostAsync($"/api/v1/cases/{caseId}/status", Requests.JsonBody(new { status = "closed" }))).ExpectAsync(HttpStatusCode.OK);
        }

        return new History(Guid.Parse(received.Str("customerId")), Guid.Parse(received.Str("messageId")), fileMessage, word, rawRef, attachmentRef,
            Guid.Parse(caseId));
    }
}

public sealed class RetentionTestsOnSqlite(SqliteRapportFactory app) : RetentionTests<SqliteRapportFactory>(app);

public sealed class RetentionTestsOnPostgres(PostgresRapportFactory app) : RetentionTests<PostgresRapportFactory>(app);
