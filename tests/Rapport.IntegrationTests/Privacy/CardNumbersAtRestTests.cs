using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Channels.Email;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Privacy;

/// <summary>
/// A card number sent through every way text gets in — a customer's message (text, subject, HTML, sender name,
/// attachment name, the raw email), notes on conversations, cases and customers, case titles and requirements, promises,
/// referrals, case actions, customer names and a CSV import — is stored nowhere readable: not in any column of any table,
/// not in the full-text indexes, not in any stored file (PCI DSS 3.4).
/// </summary>
public abstract partial class CardNumbersAtRestTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string Card = "4111-1111-1111-1111";
    private const string Amex = "3782 822463 10005";

    /// <summary>String properties that are not text people write (identifiers, hashes, codes, settings, derived copies).</summary>
    private static readonly HashSet<string> NotFreeText =
    [
        "ReplyUpload.BlobRef", "ReplyUpload.MediaType",
        // A role's name (Agent, Supervisor…) chosen from a closed list.
        "TwoFactorRoleRequirement.Role",
        // Rollup codes, currency codes, staff names and the score's computed explanation: none typed about a customer.
        "DailyFigure.Metric", "DailyFigure.Key", "BusinessRecord.Currency", "BusinessRecord.RecordedByName", "CustomerLoyalty.Factors",
        "LoyaltyAction.ByName", "ChannelSwitch.ByName", "LoyaltyAction.Currency", "LoyaltyOffer.Currency", "LoyaltySettings.Currency",
        "AuditEntry.Action", "AuditEntry.ActorId", "AuditEntry.ActorName", "AuditEntry.Changes", "AuditEntry.ChangesDigest", "AuditEntry.Hash", "AuditEntry.PreviousHash",
        "AuditEntry.Reason", "AuditEntry.SubjectId", "AuditEntry.SubjectType", "AuthorityLimit.Action", "AuthorityLimit.Currency",
        "AuthorityLimit.Holder", "AuthorityLimit.Role", "CaseAction.Currency", "CaseAction.DecidedByName", "CaseAction.RequestedByName",
        "CaseAction.Status", "CaseAction.Type", "Case.Kind", "Case.Priority", "Case.RequirementConfirmedByName", "Case.Status", "CaseKind.Key",
        "CaseKind.Name", "CaseNote.AuthorName", "CaseTag.Tag", "Mailbox.Address", "Mailbox.ImapHost", "Mailbox.ImapPasswordProtected",
        "Mailbox.ImapSecurity", "Mailbox.ImapUser", "Mailbox.LastError", "Mailbox.Name", "Mailbox.SmtpHost", "Mailbox.SmtpPasswordProtected",
        "Mailbox.SmtpSecurity", "Mailbox.SmtpUser", "Conversation.LastChannel", "Conversation.Status", "Message.AuthorName", "Message.Channel",
        "Message.Delivery", "Message.DeliveryError", "Message.Direction", "Message.From", "Message.InReplyTo", "Message.ParseWarning",
        "Message.ProviderMessageId", "Message.RawRef", "Message.References", "Message.ReplyTo", "Message.To", "MessageAttachment.BlobRef", "MessageAttachment.ContentId",
        "MessageAttachment.MediaType", "MessageAttachment.NotStoredReason", "MessageReference.Reference", "ConfidentialDetail.Level",
        "ContactPoint.FailureReason", "ContactPoint.Network", "ContactPoint.Normalized", "ContactPoint.Type", "ContactPoint.Value", "Customer.Kind",
        "Customer.Type", "CustomerNote.AuthorId", "CustomerNote.AuthorName", "ApiToken.Hash", "ApiToken.Hint", "ApiToken.Name",
        "Notification.Kind", "Notification.Link", "OrganisationSettings.Name",
        "OrganisationSettings.DefaultLanguage", "ReplyTemplate.Purpose", "ReplyTemplate.Channel",
        "ReplyTemplate.Language", "ReplyTemplate.Name", "ReplyTemplate.Body", "Promise.Status", "Referral.DecidedByName", "Referral.FromName", "Referral.Status",
        "Referral.ToName", "CaseTarget.Kind", "ServiceBreach.Kind", "ServicePolicy.Channel", "ServicePolicy.Kind", "ServicePolicy.Name",
        "ServicePolicy.Priority", "CoachSettings.Glossary", "ServiceSettings.DelayTemplate", "ServiceSettings.Holidays", "ServiceSettings.TimeZone", "ServiceSettings.WeeklyHours",
        "ServicePolicy.Priority", "ServiceSettings.Holidays", "ServiceSettings.TimeZone", "ServiceSettings.WeeklyHours",
        "Team.Name", "WebhookDelivery.Event", "WebhookDelivery.LastError", "WebhookDelivery.Payload", "WebhookSubscription.Events",
        "WebhookSubscription.SecretProtected", "WebhookSubscription.Url", "IdempotencyRecord.Key", "IdempotencyRecord.Location", "IdempotencyRecord.ETag",
        "IdempotencyRecord.Principal", "IdempotencyRecord.RequestHash", "IdempotencyRecord.ResponseBody", "OutboxItem.Kind", "OutboxItem.Lane", "OutboxItem.LastError", "StoredBlob.Ref",
        "OutboxItem.State", "CommunicationProfile.Language", "AppUser.ConcurrencyStamp", "AppUser.DisplayName", "AppUser.Email",
        "AppUser.NormalizedEmail", "AppUser.NormalizedUserName", "AppUser.PasswordHash", "AppUser.PhoneNumber", "AppUser.SecurityStamp",
        "AppUser.UserName", "AppUser.TimeZone", "ChannelAccount.Name", "ChannelAccount.Provider", "ChannelAccount.Address", "ChannelAccount.AccountId",
        "ChannelAccount.WebhookSecretProtected", "ChannelAccount.ApiSecretProtected", "ChannelAccount.VerifyTokenProtected",
        "ChannelAccount.VonageSigning", "ChannelAccount.ApiBaseUrl", "ChatSite.AllowedOrigins", "ChatSite.AccentColour",
        "ChatVisitor.Handle", "ChatVisitor.Email", "ChatVisitor.Phone", "ChatVisitor.SenderEmail", "ChannelAccount.LastError", "Message.DeliveryErrorCode",
        // Where a provider keeps inbound media (its URL or id), and the approved WhatsApp templates an administrator registers.
        "MessageAttachment.ProviderRef", "WhatsAppTemplate.Name", "WhatsAppTemplate.Language", "WhatsAppTemplate.Category", "WhatsAppTemplate.Body",
        "WhatsAppTemplate.ContentSid", "TemplateSend.Name", "TemplateSend.Language", "TemplateSend.ContentSid",
        // Copies of what a writer already masked: pending audit entries, and journalled messages (masked when prepared).
        "AuditPendingEntry.Action", "AuditPendingEntry.ActorId", "AuditPendingEntry.ActorName", "AuditPendingEntry.Changes",
        "AuditPendingEntry.Reason", "AuditPendingEntry.SubjectId", "AuditPendingEntry.SubjectType", "InboundJournalEntry.Channel",
        "InboundJournalEntry.ProviderMessageId", "InboundJournalEntry.Payload", "InboundJournalEntry.Outcome", "InboundJournalEntry.Error",
        "ConsentRecord.Purpose", "ConsentRecord.Channel", "ConsentRecord.Decision", "ConsentRecord.Basis", "ConsentRecord.Source",
        "ConsentRecord.RecordedByName",
        "LegalHold.PlacedByName", "LegalHold.ReleasedByName", "RetentionPolicy.UpdatedByName", "RetentionReport.Kind", "RetentionReport.Action",
        "RetentionReport.RanBy",
        "Complaint.Cause", "Complaint.ApologyChannel", "Complaint.ApologisedByName", "ComplaintAlternative.OfferType", "ComplaintAlternative.OfferCurrency",
        "ComplaintAlternative.Status", "ComplaintDisagreement.RecordedByName",
        // The organisation's complaint causes and apology wording: settings an administrator writes, about no customer.
        "ComplaintCause.Key", "ComplaintCause.Name", "ComplaintSettings.Apology",
        "FeedbackEntry.Source", "FeedbackEntry.Scale", "FeedbackEntry.Rating", "FeedbackEntry.RecordedByName", "FeedbackTheme.Theme",
        "SurveyInvitation.Kind", "SurveyInvitation.Status", "SurveyInvitation.Reason", "SurveyInvitation.Channel", "SurveySettings.Kind",
        "ImprovementIdea.Status", "ImprovementIdea.ProposedByName", "ImprovementIdea.AgreedByName", "ImprovementIdea.DoneByName",
        "ConsentRecord.RecordedByName", "KnowledgeRevision.ByName", "KnowledgeRevision.Changes", "KnowledgeCaseLink.LinkedByName",
        // A call's addresses, links, the settings' wording copied as the customer heard it, and staff names.
        "CallRecord.ProviderCallId", "CallRecord.From", "CallRecord.To", "CallRecord.RecordingUrl", "CallRecord.MeetingUrl",
        "CallRecord.ConsentWording", "CallRecord.ConsentByName", "CallRecord.LoggedByName", "CallSettings.ConsentWording", "CallSettings.VideoMeetingTemplate",
        "Scorecard.Name", "ScorecardItem.Key", "ScorecardItem.Label", "Review.ReviewerName", "ReviewScore.Key", "ReviewScore.Label", "ReviewComment.AuthorName",
    ];

    [Fact]
    public Task Every_string_property_of_the_model_is_free_text_or_named_as_not_written_by_people() => app.WithDbAsync(async db =>
    {
        await Task.CompletedTask;
        var unclassified = db.Model.GetEntityTypes()
            .Where(t => t.ClrType.Namespace?.StartsWith("Rapport.", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetProperties().Where(p => p.ClrType == typeof(string) && p.PropertyInfo is not null)
                .Select(p => (Key: $"{t.ClrType.Name}.{p.Name}", Free: FreeText.PropertiesOf(t.ClrType).Contains(p.Name))))
            .Where(p => !p.Free && !NotFreeText.Contains(p.Key))
            .Select(p => p.Key).ToList();

        Assert.True(unclassified.Count == 0, "Mark these [FreeText] or name them in NotFreeText: " + string.Join(", ", unclassified));
    });

    [Fact]
    public async Task A_card_number_sent_through_every_text_input_is_stored_nowhere_readable()
    {
        var agent = app.ClientAs(Roles.Agent);
        var supervisor = app.ClientAs(Roles.Supervisor);
        var admin = app.ClientAs(Roles.Administrator);
        var email = CustomerBuilder.UniqueEmail();

        var received = await Inbound.AnEmail(email).Subject($"Card {Card}").Text($"My card is {Card}, the other {Amex}")
            .Html($"<p>Card <b>{Card}</b></p>").Set("from", new System.Text.Json.Nodes.JsonObject { ["email"] = email, ["name"] = $"Pay {Card}" })
            .ReceiveAsync(admin);
        var conversationId = received.ConversationId();
        await IngestAnEmailWithAttachmentAsync(email);
        await (await agent.PostAsync($"/api/v1/conversations/{conversationId}/notes", Requests.JsonBody(new { text = $"Note {Card}" })))
            .ExpectAsync(HttpStatusCode.Created);
        var theCase = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new
        {
            conversationId,
            title = $"Refund {Card}",
            requirement = $"Refund to {Card}",
        }))).ExpectAsync(HttpStatusCode.Created);
        var caseId = theCase["case"]!.Id();
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/notes", Requests.JsonBody(new { text = $"Case note {Card}" }))).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/requirement-confirmation", Requests.JsonBody(new { how = $"Read back {Card}" })))
            .ExpectAsync(HttpStatusCode.OK);
        await (await agent.PostAsync("/api/v1/promises", Requests.JsonBody(new { caseId, what = $"Refund {Card}", dueAt = "2099-01-01T10:00:00Z" })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/actions", Requests.JsonBody(new
        {
            type = "refund",
            amount = 1m,
            currency = "GBP",
            reason = $"Refund {Card}",
            description = $"Back to {Card}",
        }))).ExpectAsync(HttpStatusCode.Created);
        var supervisorId = (await (await supervisor.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK)).Id();
        await (await agent.PostAsync("/api/v1/referrals", Requests.JsonBody(new { caseId, toUserId = supervisorId, reason = $"Card {Card} needs you" })))
            .ExpectAsync(HttpStatusCode.Created);
        var customerId = received.CustomerId();
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/notes", Requests.JsonBody(new { body = $"Paid with {Card}" })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/consents", Requests.JsonBody(new
        {
            purpose = "marketing",
            channel = "email",
            decision = "given",
            basis = "consent",
            source = "call",
            wording = $"Offers by email, card {Card}",
            evidence = $"Call about {Amex}",
        }))).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync("/api/v1/customers", Requests.JsonBody(new { name = $"Someone {Amex}" }))).ExpectAsync(HttpStatusCode.Created);
        await (await supervisor.PostAsync("/api/v1/customers/import", Requests.CsvBody($"name,organisation\n\"Imported {Card}\",\"Org {Amex}\"\n")))
            .ExpectAsync(HttpStatusCode.OK);

        var found = await ReadableCardsInDatabaseAsync();
        found.AddRange(ReadableCardsInFiles());
        found.AddRange(await ReadableCardsInStoredBlobsAsync());
        Assert.True(found.Count == 0, "Card numbers stored readable in: " + string.Join(", ", found.Distinct()));
    }

    /// <summary>The email path as the mailbox receiver takes it: the raw copy masked, the attachment's name masked at ingestion.</summary>
    private async Task IngestAnEmailWithAttachmentAsync(string from)
    {
        var raw = Encoding.ASCII.GetBytes(string.Join("\r\n",
            $"From: Pay <{from}>", "To: help@rapport.test", $"Subject: Card {Card}", "Message-ID: <card-test@rapport.test>",
            "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64", "", Convert.ToBase64String(Encoding.UTF8.GetBytes($"Card in base64 {Card}")), "--b",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "", $"Card in QP 4111-1111-=\r\n1111-1111", "--b--", ""));
        await using var scope = app.Services.CreateAsyncScope();
        var blobs = scope.ServiceProvider.GetRequiredService<BlobStore>();
        var rawRef = await blobs.SaveAsync(RawEmailMasking.Mask(raw), ".eml", default);
        var attachment = new InboundAttachment(Guid.CreateVersion7(), $"statement {Card}.pdf", "application/pdf", 3,
            await blobs.SaveAsync([1, 2, 3], ".bin", default), null, false, null);
        var message = new InboundMessage(Channel.Email, "<card-test@rapport.test>", new InboundSender(Email: from), "See attached",
            RawRef: rawRef, Attachments: [attachment]);
        await scope.ServiceProvider.GetRequiredService<IngestionPipeline>().IngestAsync(message, TimeSpan.FromSeconds(30), default);
    }

    private Task<List<string>> ReadableCardsInDatabaseAsync() => app.WithDbAsync(async db =>
    {
        var found = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = db.IsPostgres
                ? "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'tsvector', 'jsonb') AND table_name <> '__ef_migrations_history'"
                : "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE '%_fts_%' AND m.name <> '__EFMigrationsHistory' AND upper(p.type) NOT IN ('INTEGER', 'REAL')";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        // Text columns only, on both databases: a number column holds no card a person typed, and on SQLite the list's
        // version (CustomerListCache) is a random 64-bit number that is now and then a Luhn-valid run of digits.
        // The audit chain's hashes and digests are not text; blob references (the content's SHA-256) are skipped with
        // every other hex digest by HoldsCard.
        foreach (var (table, column) in columns.Where(c => !c.Column.Contains("Hash", StringComparison.Ordinal) && !c.Column.Contains("Digest", StringComparison.Ordinal)))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT CAST(\"{column}\" AS TEXT) FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (!reader.IsDBNull(0) && HoldsCard(reader.GetValue(0)?.ToString()))
                {
                    found.Add($"{table}.{column}");
                }
            }
        }

        return found;
    });

    private List<string> ReadableCardsInFiles() =>
        Directory.EnumerateFiles(app.BlobsDirectory, "*", SearchOption.AllDirectories)
            .Where(f => HoldsCard(f, File.ReadAllBytes(f)))
            .Select(f => Path.GetFileName(f)).ToList();

    /// <summary>On PostgreSQL raw emails and attachments are kept in the database (bytea, which the text scan passes over).</summary>
    private Task<List<string>> ReadableCardsInStoredBlobsAsync() => app.WithDbAsync(async db =>
        (await db.Set<StoredBlob>().AsNoTracking().ToListAsync())
            .Where(b => HoldsCard(b.Ref, b.Content)).Select(b => $"blobs/{b.Ref}").ToList());

    private static bool HoldsCard(string name, byte[] content) => HoldsCard(Encoding.Latin1.GetString(content)) || HoldsCard(DecodedText(name, content));

    /// <summary>What a reader of the file would see: an email's decoded text parts.</summary>
    private static string DecodedText(string name, byte[] content)
    {
        if (!name.EndsWith(".eml", StringComparison.Ordinal))
        {
            return "";
        }

        using var stream = new MemoryStream(content);
        var message = MimeKit.MimeMessage.Load(stream);
        return string.Join("\n", message.BodyParts.OfType<MimeKit.TextPart>().Select(p => p.Text)) + message.Subject;
    }

    /// <summary>
    /// A GUID's all-decimal groups joined by dashes can pass the Luhn check, and so can a run of decimal digits inside a
    /// hex SHA-256 (a masked email keeps its original's in a header, which differs with every run's sender): ids and
    /// digests are not card numbers.
    /// </summary>
    private static bool HoldsCard(string? text) =>
        text is not null && Digests().Replace(Guids().Replace(text, ""), "") is var rest && CardNumbers.Mask(rest) != rest;

    [System.Text.RegularExpressions.GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial System.Text.RegularExpressions.Regex Guids();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b[0-9a-f]{64}\b")]
    private static partial System.Text.RegularExpressions.Regex Digests();
}

public sealed class CardNumbersAtRestTestsOnSqlite(SqliteRapportFactory app) : CardNumbersAtRestTests<SqliteRapportFactory>(app);

public sealed class CardNumbersAtRestTestsOnPostgres(PostgresRapportFactory app) : CardNumbersAtRestTests<PostgresRapportFactory>(app);
