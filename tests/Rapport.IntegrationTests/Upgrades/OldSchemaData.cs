using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Upgrades;

/// <summary>
/// A database made by an earlier version of Rapport: migrated only up to an old migration, with rows written in the
/// columns that schema had (raw SQL, as that version's code wrote them), never through today's model.
/// </summary>
public sealed class OldSchemaData(DatabaseProvider provider, string connectionString) : IAsyncDisposable
{
    public static readonly Guid CustomerId = Guid.Parse("0190a1b2-0000-7000-8000-000000000001");
    public static readonly Guid ConversationId = Guid.Parse("0190a1b2-0000-7000-8000-000000000002");
    public static readonly Guid[] MessageIds = [Guid.Parse("0190a1b2-0000-7000-8000-000000000003"), Guid.Parse("0190a1b2-0000-7000-8000-000000000004")];
    private static readonly DateTime Then = new(2025, 11, 3, 10, 15, 0, DateTimeKind.Utc);

    private readonly RapportDbContext db = provider == DatabaseProvider.PostgreSql
        ? new PostgresRapportDbContext(new DbContextOptionsBuilder<PostgresRapportDbContext>()
            .UseNpgsql(connectionString, n => n.MigrationsHistoryTable("__ef_migrations_history")).Options)
        : new SqliteRapportDbContext(new DbContextOptionsBuilder<SqliteRapportDbContext>().UseSqlite(connectionString).Options);

    /// <summary>Every migration, oldest first.</summary>
    public IReadOnlyList<string> Migrations => [.. db.Database.GetMigrations()];

    public Task MigrateToAsync(string migration) => db.GetService<IMigrator>().MigrateAsync(migration);

    /// <summary>A customer with an email address, and the audit entry of their creation, in the first schema's columns.</summary>
    public async Task WriteFirstSchemaRowsAsync()
    {
        var version = Guid.Parse("0190a1b2-0000-7000-8000-0000000000ff");
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO customers ("Id", "Name", "NameNormalized", "Type", "Kind", "Organisation", "CustomerSince", "LastContactAt", "CreatedAt",
                "UpdatedAt", "Version", "MergedIntoId", preferred_channel, preferred_times, style, language, technical_awareness,
                needs_relay_service, needs_translator, needs_large_print, needs_extra_time, other_accessibility_needs)
            VALUES ({CustomerId}, {"Ada Lovelace"}, {"ada lovelace"}, {"Person"}, {"External"}, {"Analytical Engines Ltd"}, {Then}, {null as DateTime?},
                {Then}, {Then}, {version}, {null as Guid?}, {"Email"}, {"mornings"}, {"Formal"}, {"en"}, {"Aware"}, {false}, {false}, {true}, {false},
                {null as string})
            """);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO contact_points ("Id", "CustomerId", "Type", "Value", "Normalized", "Network", "Label")
            VALUES ({Guid.Parse("0190a1b2-0000-7000-8000-000000000010")}, {CustomerId}, {"Email"}, {"Ada@Example.com"}, {"ada@example.com"},
                {null as string}, {"work"})
            """);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO audit_entries ("Sequence", "At", "ActorId", "ActorName", "Action", "SubjectType", "SubjectId", "Changes", "Reason",
                "PreviousHash", "Hash")
            VALUES ({1L}, {Then}, {"system"}, {"import"}, {"customer.created"}, {"customer"}, {CustomerId.ToString()}, {"""{"name":"Ada Lovelace"}"""},
                {null as string}, {""}, {new string('a', 64)})
            """);
    }

    /// <summary>A conversation with a message in and a reply out, in the columns the Conversations migration made.</summary>
    public async Task WriteConversationRowsAsync()
    {
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO conversations ("Id", "CustomerId", "Subject", "Status", "LastChannel", "AssigneeId", "TeamId", "CreatedAt", "LastMessageAt",
                "LastMessagePreview", "MessageCount")
            VALUES ({ConversationId}, {CustomerId}, {"Where is my refund?"}, {"Open"}, {"Email"}, {null as Guid?}, {null as Guid?}, {Then},
                {Then.AddHours(1)}, {"It is on its way."}, {2})
            """);
        foreach (var (id, direction, text, at) in new[]
        {
            (MessageIds[0], "Inbound", "I returned the parcel two weeks ago. Where is my refund?", Then),
            (MessageIds[1], "Outbound", "It is on its way.", Then.AddHours(1)),
        })
        {
            var inbound = direction == "Inbound";
            var (from, fromName, to) = inbound ? ("ada@example.com", "Ada Lovelace", "help@rapport.test") : ("help@rapport.test", "Helpdesk", "ada@example.com");
            var (author, inReplyTo) = inbound ? (null as string, null as string) : ("Sam Agent", $"<{MessageIds[0]}@example.com>");
            var (delivery, attempts) = inbound ? ("None", 0) : ("Sent", 1);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO messages ("Id", "ConversationId", "CustomerId", "Direction", "Channel", "ProviderMessageId", "From", "FromName", "To",
                    "Subject", "Text", "Html", "At", "StoredAt", "AuthorId", "AuthorName", "InReplyTo", "References", "ParseWarning", "RawRef",
                    "IsAutomatic", "Delivery", "DeliveryError", "DeliveryAttempts")
                VALUES ({id}, {ConversationId}, {CustomerId}, {direction}, {"Email"}, {$"<{id}@example.com>"}, {from}, {fromName}, {to},
                    {"Where is my refund?"}, {text}, {null as string}, {at}, {at}, {null as Guid?}, {author}, {inReplyTo}, {null as string},
                    {null as string}, {null as string}, {false}, {delivery}, {null as string}, {attempts})
                """);
        }
    }

    /// <summary>The rows written above, as they read now: what every migration must keep.</summary>
    public async Task<string> WrittenRowsAsync(bool withConversation)
    {
        var parts = new List<string>
        {
            await ScalarAsync($"""SELECT "Name" || '/' || "Kind" || '/' || COALESCE("Organisation", '') FROM customers WHERE "Id" = {CustomerId}"""),
            await ScalarAsync($"""SELECT "Normalized" FROM contact_points WHERE "CustomerId" = {CustomerId}"""),
            await ScalarAsync($"""SELECT "Action" || '/' || "SubjectId" || '/' || "Hash" FROM audit_entries WHERE "Sequence" = {1L}"""),
        };
        if (withConversation)
        {
            parts.Add(await ScalarAsync($"""SELECT "Subject" || '/' || "Status" FROM conversations WHERE "Id" = {ConversationId}"""));
            parts.Add(await ScalarAsync($"""SELECT COUNT(*) FROM messages WHERE "ConversationId" = {ConversationId}"""));
        }

        return string.Join(" | ", parts);
    }

    private async Task<string> ScalarAsync(FormattableString sql)
    {
        var rows = await db.Database.SqlQuery<string>(FormattableStringFactory.Create($"SELECT CAST(({sql.Format}) AS TEXT) AS \"Value\"", sql.GetArguments()))
            .ToListAsync();
        return rows.Single() ?? "NULL";
    }

    public ValueTask DisposeAsync() => db.DisposeAsync();
}
