using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Audit;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Feedback;
using Rapport.Features.Identity;
using Rapport.Features.Loyalty;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Privacy;

/// <summary>
/// Erasure (C22): a person with a rich history — emails with attachments and raw copies, SMS, replies, notes, a
/// confidential detail, a case with notes and an action, a promise, a referral, a complaint, feedback, loyalty records
/// (business, an extra-mile action, a granted offer, a stored risk score), webhook deliveries, audit entries, the search
/// index and stored files — is erased, and then no column of any table the model maps, no full-text index and no
/// stored file holds their name, email address or phone number; the audit chain still verifies, and the facts
/// statistics need (how many messages, on which channels, when) are still there.
/// </summary>
public abstract class ErasureTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private sealed record Person(string CustomerId, string ConversationId, string Surname, string Name, string Email, string Phone, string PhoneE164)
    {
        /// <summary>What identifies them, lower-cased: the name and its rare part, the email address, the phone as written and as stored.</summary>
        public IEnumerable<string> Identifiers => new[] { Name, Surname, Email, Phone, PhoneE164, PhoneE164[3..] }.Select(i => i.ToLowerInvariant());
    }

    [Fact]
    public async Task An_erased_person_is_found_in_no_table_index_or_file_and_the_audit_chain_still_verifies()
    {
        var person = await APersonWithARichHistoryAsync();
        var before = await WhereFoundAsync(person);
        Assert.Contains(before, f => f.StartsWith("messages.", StringComparison.Ordinal)); // the scan sees what it looks for
        Assert.Contains(before, f => f.StartsWith("audit_entries.", StringComparison.Ordinal));
        Assert.Contains(before, f => f.StartsWith("file ", StringComparison.Ordinal) || f.StartsWith("blobs.", StringComparison.Ordinal));
        Assert.Contains(before, f => f.StartsWith("index ", StringComparison.Ordinal));
        foreach (var table in new[] { "business_records.", "loyalty_actions.", "complaints.", "complaint_alternatives.", "complaint_disagreements.", "feedback." })
        {
            Assert.Contains(before, f => f.StartsWith(table, StringComparison.Ordinal));
        }

        var id = Guid.Parse(person.CustomerId);
        Assert.True(await app.WithDbAsync(db => db.Set<CustomerLoyalty>().AnyAsync(l => l.CustomerId == id)));
        var messagesBefore = await app.WithDbAsync(db => db.Messages.Where(m => m.CustomerId == Guid.Parse(person.CustomerId))
            .GroupBy(m => m.Channel).Select(g => new { Channel = g.Key, Count = g.Count() }).OrderBy(g => g.Channel).ToListAsync());

        var erased = await (await admin.PostAsync($"/api/v1/customers/{person.CustomerId}/erase", Requests.JsonBody(new { reason = "Erasure request ER-1" })))
            .ExpectAsync(HttpStatusCode.OK);

        var after = await WhereFoundAsync(person);
        Assert.True(after.Count == 0, "Still found after erasure in: " + string.Join(", ", after));
        var verified = await (await admin.GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(verified["intact"]!.GetValue<bool>(), verified.ToJsonString());
        Assert.True(erased["auditEntriesRedacted"]!.GetValue<int>() > 0);
        Assert.True(erased["files"]!.GetValue<int>() >= 2); // the attachment and the raw email
        var customer = await (await admin.GetAsync($"/api/v1/customers/{person.CustomerId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Erased customer", customer.Str("name"));
        var messagesAfter = await app.WithDbAsync(db => db.Messages.Where(m => m.CustomerId == Guid.Parse(person.CustomerId))
            .GroupBy(m => m.Channel).Select(g => new { Channel = g.Key, Count = g.Count() }).OrderBy(g => g.Channel).ToListAsync());
        Assert.Equal(messagesBefore, messagesAfter);
        Assert.Equal(2, await app.WithDbAsync(db => db.Cases.CountAsync(c => c.CustomerId == id)));
        // Amounts and scores stay for the figures; the stored risk score is a judgement about the person and goes.
        Assert.Equal(240m, await app.WithDbAsync(db => db.Set<BusinessRecord>().Where(b => b.CustomerId == id).Select(b => b.Amount).SingleAsync()));
        Assert.Equal(5, await app.WithDbAsync(db => db.Set<FeedbackEntry>().Where(f => f.CustomerId == id).Select(f => f.Score).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.Set<CustomerLoyalty>().AnyAsync(l => l.CustomerId == id)));
    }

    [Fact]
    public async Task Erasing_twice_answers_the_same_without_touching_anything_again()
    {
        var id = (await Build.ACustomer().Named($"Twice {Unique.Letters()}").WithEmail(CustomerBuilder.UniqueEmail()).CreateAsync(agent)).Id();

        var first = await (await admin.PostAsync($"/api/v1/customers/{id}/erase", Requests.JsonBody(new { reason = "ER-2" }))).ExpectAsync(HttpStatusCode.OK);
        var entries = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditRedaction.ErasedAction && e.SubjectId == id));
        var second = await (await admin.PostAsync($"/api/v1/customers/{id}/erase", Requests.JsonBody(new { reason = "ER-2" }))).ExpectAsync(HttpStatusCode.OK);

        Assert.False(first["alreadyErased"]!.GetValue<bool>());
        Assert.True(second["alreadyErased"]!.GetValue<bool>());
        Assert.Equal(first.Str("erasedAt"), second.Str("erasedAt"));
        Assert.Equal(1, entries);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditRedaction.ErasedAction && e.SubjectId == id)));
    }

    [Fact]
    public async Task Erasure_needs_a_reason_an_existing_customer_and_an_administrator()
    {
        var id = (await Build.ACustomer().Named($"Kept {Unique.Letters()}").CreateAsync(agent)).Id();

        var noReason = await admin.PostAsync($"/api/v1/customers/{id}/erase", Requests.JsonBody(new { }));
        var missing = await admin.PostAsync($"/api/v1/customers/{Guid.NewGuid()}/erase", Requests.JsonBody(new { reason = "ER-3" }));
        var bySupervisor = await app.ClientAs(Roles.Supervisor).PostAsync($"/api/v1/customers/{id}/erase", Requests.JsonBody(new { reason = "ER-3" }));

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bySupervisor.StatusCode);
        var customer = await (await admin.GetAsync($"/api/v1/customers/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.StartsWith("Kept ", customer.Str("name"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_sealed_before_digests_existed_are_redacted_and_still_verify_and_a_later_change_to_them_is_caught()
    {
        var name = $"Older {Unique.Letters()}";
        var id = (await Build.ACustomer().Named(name).WithEmail(CustomerBuilder.UniqueEmail()).CreateAsync(agent)).Id();
        var first = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == id).MinAsync(e => e.Sequence));
        await RewriteAsEntriesFromBeforeDigestsAsync(first);
        Assert.True((await VerifyChainAsync()).Intact, (await VerifyChainAsync()).Problem);

        await (await admin.PostAsync($"/api/v1/customers/{id}/erase", Requests.JsonBody(new { reason = "ER-4" }))).ExpectAsync(HttpStatusCode.OK);

        Assert.True((await VerifyChainAsync()).Intact, (await VerifyChainAsync()).Problem);
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Changes.Contains(name))));
        var actor = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Sequence == first).Select(e => e.ActorName).SingleAsync());
        await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Sequence == first).ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorName, "Someone else")));
        var tampered = await VerifyChainAsync();
        await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Sequence == first).ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorName, actor)));
        Assert.False(tampered.Intact);
        Assert.Equal(first, tampered.FirstBrokenSequence);
        Assert.True((await VerifyChainAsync()).Intact); // the class's other tests share this chain
    }

    [Fact]
    public async Task A_redaction_marker_that_no_erasure_lists_breaks_verification()
    {
        var id = (await Build.ACustomer().Named($"Hidden {Unique.Letters()}").CreateAsync(agent)).Id();
        var entry = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == id).MinAsync(e => e.Sequence));
        var changes = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Sequence == entry).Select(e => e.Changes).SingleAsync());

        await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Sequence == entry)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Changes, AuditRedaction.Marker(Guid.Parse(id)))));

        var verified = await VerifyChainAsync();
        await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Sequence == entry).ExecuteUpdateAsync(s => s.SetProperty(e => e.Changes, changes)));
        Assert.False(verified.Intact);
        Assert.Equal(entry, verified.FirstBrokenSequence);
    }

    private Task<AuditVerification> VerifyChainAsync() => app.WithDbAsync(db => AuditChain.VerifyAsync(db, default));

    /// <summary>Makes the chain from <paramref name="from"/> on look as a database from before digests has it: hashes over the changes.</summary>
    private Task RewriteAsEntriesFromBeforeDigestsAsync(long from) => app.WithDbAsync(async db =>
    {
        var previous = await db.AuditEntries.Where(e => e.Sequence == from - 1).Select(e => e.Hash).FirstOrDefaultAsync() ?? AuditChain.Genesis;
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence >= from).OrderBy(e => e.Sequence).ToListAsync();
        foreach (var e in entries)
        {
            var hash = AuditChain.ComputeHash(new AuditEntry
            {
                Sequence = e.Sequence,
                At = e.At,
                ActorId = e.ActorId,
                ActorName = e.ActorName,
                Action = e.Action,
                SubjectType = e.SubjectType,
                SubjectId = e.SubjectId,
                Changes = e.Changes,
                ChangesDigest = null,
                Reason = e.Reason,
                PreviousHash = previous,
                Hash = "",
            });
            await db.AuditEntries.Where(x => x.Sequence == e.Sequence).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.ChangesDigest, (string?)null).SetProperty(x => x.PreviousHash, previous).SetProperty(x => x.Hash, hash));
            previous = hash;
        }
    });

    private async Task<Person> APersonWithARichHistoryAsync()
    {
        var surname = "Quill" + Unique.Letters()[..12];
        var name = $"Ondine {surname}";
        var email = CustomerBuilder.UniqueEmail();
        var phone = CustomerBuilder.UniqueUkPhone();
        var webhook = await (await admin.PostAsync("/api/v1/webhooks", Requests.JsonBody(new { url = "http://127.0.0.1:1/hook", events = new[] { "message.received" } })))
            .ExpectAsync(HttpStatusCode.Created);
        var customerId = (await Build.ACustomer().Named(name).WithEmail(email).WithPhone(phone).CreateAsync(agent)).Id();
        await (await agent.PutAsync($"/api/v1/customers/{customerId}", Requests.JsonBody(new { name, kind = "external", type = "person", organisation = $"{surname} Ltd" })))
            .ExpectAsync(HttpStatusCode.OK);
        var received = await Inbound.AnEmail(email).Subject($"Help for {name}").Text($"I am {name}, call me on {phone}.")
            .Html($"<p>I am <b>{name}</b></p>").Set("from", new System.Text.Json.Nodes.JsonObject { ["email"] = email, ["name"] = name })
            .ReceiveAsync(admin);
        var conversationId = received.ConversationId();
        await IngestAnEmailWithAttachmentAsync(name, email);
        await Inbound.AnSms(phone).Text($"It is {name} again").ReceiveAsync(admin);
        await (await agent.PostAsync($"/api/v1/conversations/{conversationId}/notes", Requests.JsonBody(new { text = $"{name} sounded upset" })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/notes", Requests.JsonBody(new { body = $"{name} prefers mornings" })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/confidential",
            Requests.JsonBody(new { label = "Date of birth", value = $"{surname} born 1970", level = "organisation" }))).ExpectAsync(HttpStatusCode.Created);
        var theCase = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new
        {
            conversationId,
            title = $"Refund for {name}",
            requirement = $"{name} wants a refund to {email}",
        }))).ExpectAsync(HttpStatusCode.Created);
        var caseId = theCase["case"]!.Id();
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/notes", Requests.JsonBody(new { text = $"Spoke to {name}" }))).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/actions", Requests.JsonBody(new
        {
            type = "refund",
            amount = 1m,
            currency = "GBP",
            reason = $"Refund {name}",
            description = $"To {name}'s account",
        }))).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync("/api/v1/promises", Requests.JsonBody(new { caseId, what = $"Call {name} back", dueAt = "2099-01-01T10:00:00Z" })))
            .ExpectAsync(HttpStatusCode.Created);
        var supervisorId = (await (await app.ClientAs(Roles.Supervisor).GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK)).Id();
        await (await agent.PostAsync("/api/v1/referrals", Requests.JsonBody(new { caseId, toUserId = supervisorId, reason = $"{name} needs you" })))
            .ExpectAsync(HttpStatusCode.Created);
        await ChatAsync(name, email, phone);
        await LoyaltyAsync(customerId, name, email);
        await ComplaintAsync(customerId, name);
        await (await agent.PostAsync("/api/v1/feedback", Requests.JsonBody(new
        {
            source = "letter",
            text = $"{name} wrote that the stay was lovely",
            score = 5,
            scale = "csat",
            customerId,
            themes = new[] { "stay" },
        }))).ExpectAsync(HttpStatusCode.Created);
        await (await admin.DeleteAsync($"/api/v1/webhooks/{webhook.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
        var e164 = "+44" + new string(phone.Where(char.IsAsciiDigit).ToArray())[1..];
        return new Person(customerId, conversationId, surname, name, email, phone, e164);
    }

    /// <summary>Loyalty about them: business, an extra-mile action and a granted offer that name them, and their stored risk score.</summary>
    private async Task LoyaltyAsync(string customerId, string name, string email)
    {
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/business", Requests.JsonBody(new
        {
            kind = "booking",
            amount = 240m,
            currency = "GBP",
            description = $"Two nights for {name}, confirmation sent to {email}",
        }))).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/extra-mile", Requests.JsonBody(new
        {
            what = $"Drove {name}'s forgotten passport to the airport and emailed {email}",
        }))).ExpectAsync(HttpStatusCode.Created);
        var offer = await (await admin.PostAsync("/api/v1/loyalty/offers", Requests.JsonBody(new
        {
            name = $"Welcome drink {Unique.Letters()[..6]}",
            description = "A drink on arrival",
            action = "goodwillGesture",
            cost = 0m,
            currency = "GBP",
        }))).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/offers/{offer.Id()}/grant", Requests.JsonBody(new { note = $"For {name}'s tenth stay" })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await agent.GetAsync($"/api/v1/customers/{customerId}/loyalty")).ExpectAsync(HttpStatusCode.OK); // stores the risk score
    }

    /// <summary>A complaint case in their words, with an apology, a solution offered and a disagreement that name them.</summary>
    private async Task ComplaintAsync(string customerId, string name)
    {
        var caseId = (await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId, title = "Room not cleaned", kind = "complaint" })))
            .ExpectAsync(HttpStatusCode.Created))["case"]!.Id();
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/listen", Requests.JsonBody(new
        {
            customerWords = $"I am {name} and my room was not cleaned",
            expectation = $"A call to {name}",
            feeling = "Let down",
            cause = "other",
        }))).ExpectAsync(HttpStatusCode.OK);
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/apology", Requests.JsonBody(new { wording = $"I am sorry, {name}.", channel = "phone" })))
            .ExpectAsync(HttpStatusCode.OK);
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/alternatives", Requests.JsonBody(new
        {
            description = $"An upgrade for {name}",
            customerCost = "Nothing",
            customerBenefit = "A better room",
            organisationCost = "A room held back",
            organisationBenefit = $"{name} stays with us",
        }))).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/disagreements", Requests.JsonBody(new
        {
            needs = $"{name} needs a refund",
            confirmed = "The room was not cleaned",
            whyNotMet = "Refunds are for stays cut short",
            escalation = $"The manager calls {name}",
        }))).ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>A web chat as them: their details typed into the widget, a message and a file named after them.</summary>
    private async Task ChatAsync(string name, string email, string phone)
    {
        const string origin = "https://www.erasure.test";
        var site = await Rapport.IntegrationTests.Channels.WebChat.ChatVisitorClient.CreateSiteAsync(admin, origin);
        var visitor = new Rapport.IntegrationTests.Channels.WebChat.ChatVisitorClient(app.ClientAs(null), origin);
        await visitor.StartAsync(site);
        await (await visitor.SendAsync(HttpMethod.Put, "/chat/v1/visitor", new { name, email, phone })).ExpectAsync(HttpStatusCode.OK);
        await visitor.SayAsync($"Hello, {name} here");
        await (await visitor.SendFileAsync($"{name} booking.txt", Encoding.UTF8.GetBytes($"Booking of {name}"), "text/plain"))
            .ExpectAsync(HttpStatusCode.Accepted);
    }

    /// <summary>The email path as the mailbox receiver takes it: a raw copy and an attachment, both naming the person.</summary>
    private async Task IngestAnEmailWithAttachmentAsync(string name, string from)
    {
        var messageId = $"<{Unique.Letters()}@rapport.test>";
        var raw = Encoding.UTF8.GetBytes(string.Join("\r\n", $"From: {name} <{from}>", "To: help@rapport.test", $"Subject: From {name}",
            $"Message-ID: {messageId}", "Content-Type: text/plain; charset=utf-8", "", $"Regards, {name}", ""));
        await using var scope = app.Services.CreateAsyncScope();
        var blobs = scope.ServiceProvider.GetRequiredService<BlobStore>();
        var rawRef = await blobs.SaveAsync(raw, ".eml", default);
        var attachment = new InboundAttachment(Guid.CreateVersion7(), $"{name} passport.txt", "text/plain", 20,
            await blobs.SaveAsync(Encoding.UTF8.GetBytes($"Passport of {name}"), ".bin", default), null, false, null);
        var message = new InboundMessage(Channel.Email, messageId, new InboundSender(Email: from, Name: name), $"See attached, {name}",
            Subject: $"From {name}", RawRef: rawRef, Attachments: [attachment]);
        await scope.ServiceProvider.GetRequiredService<IngestionPipeline>().IngestAsync(message, TimeSpan.FromSeconds(30), default);
    }

    /// <summary>Every place the person is still found: "table.column" for any text or binary column the model maps, "index …" and "file …".</summary>
    private async Task<List<string>> WhereFoundAsync(Person person)
    {
        var wanted = person.Identifiers.ToList();
        bool Holds(string? text) => text is not null && wanted.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
        var found = await app.WithDbAsync(async db =>
        {
            var found = new List<string>();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            foreach (var (table, column) in ModelColumns(db.Model))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT \"{column}\" FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var value = reader.IsDBNull(0) ? null : reader.GetValue(0) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : reader.GetValue(0).ToString();
                    if (Holds(value))
                    {
                        found.Add($"{table}.{column}");
                        break;
                    }
                }
            }

            found.AddRange(await InIndexesAsync(db, wanted));
            return found;
        });
        found.AddRange(Directory.EnumerateFiles(app.BlobsDirectory, "*", SearchOption.AllDirectories)
            .Where(f => Holds(Encoding.UTF8.GetString(File.ReadAllBytes(f)))).Select(f => $"file {Path.GetFileName(f)}"));
        return found;
    }

    /// <summary>Every text and binary column of every table the model maps, found from the model (a new table is scanned too).</summary>
    private static IEnumerable<(string Table, string Column)> ModelColumns(IModel model) =>
        model.GetEntityTypes().Where(t => t.GetTableName() is not null)
            .SelectMany(t => t.GetProperties().Where(p => p.ClrType == typeof(string) || p.ClrType == typeof(byte[]))
                .Select(p => (Table: t.GetTableName()!, Column: p.GetColumnName(StoreObjectIdentifier.Table(t.GetTableName()!, t.GetSchema())))))
            .Where(c => c.Column is not null).Select(c => (c.Table, c.Column!)).Distinct();

    /// <summary>The full-text indexes' own contents: SQLite FTS5's term lists, PostgreSQL's stored tsvectors.</summary>
    private static async Task<List<string>> InIndexesAsync(RapportDbContext db, List<string> wanted)
    {
        var found = new List<string>();
        var connection = db.Database.GetDbConnection();
        var indexes = db.IsPostgres ? ["messages", "customers", "customer_notes"] : new[] { "message_fts", "customer_fts", "note_fts" };
        foreach (var index in indexes)
        {
            await using var command = connection.CreateCommand();
            if (!db.IsPostgres)
            {
                command.CommandText = $"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{index}_terms USING fts5vocab(main, {index}, 'row')";
                await command.ExecuteNonQueryAsync();
            }

            command.CommandText = db.IsPostgres ? $"SELECT search_vector::text FROM {index}" : $"SELECT term FROM temp.{index}_terms";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var terms = reader.IsDBNull(0) ? "" : reader.GetString(0);
                if (wanted.SelectMany(w => w.Split(' ', '@', '.', '+')).Where(w => w.Length >= 12).Any(w => terms.Contains(w, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add($"index {index}");
                    break;
                }
            }
        }

        return found;
    }
}

public sealed class ErasureTestsOnSqlite(SqliteRapportFactory app) : ErasureTests<SqliteRapportFactory>(app);

public sealed class ErasureTestsOnPostgres(PostgresRapportFactory app) : ErasureTests<PostgresRapportFactory>(app);
