using NpgsqlTypes;

namespace Rapport.Load.Generation;

/// <summary>A column as the EF migrations create it, and how to read its value from a generated row.</summary>
internal sealed record BulkColumn<T>(string Name, NpgsqlDbType PostgresType, Func<T, object?> Read);

/// <summary>The tables the generator fills, column for column as in the Initial migrations of both providers.</summary>
internal static class BulkTables
{
    public static readonly BulkColumn<CustomerRow>[] Customers =
    [
        new("Id", NpgsqlDbType.Uuid, c => c.Id),
        new("Name", NpgsqlDbType.Varchar, c => c.Name),
        new("NameNormalized", NpgsqlDbType.Varchar, c => c.NameNormalized),
        new("Type", NpgsqlDbType.Varchar, c => c.Type.ToString()),
        new("Kind", NpgsqlDbType.Varchar, c => c.Kind.ToString()),
        new("Organisation", NpgsqlDbType.Varchar, c => c.Organisation),
        new("CustomerSince", NpgsqlDbType.TimestampTz, c => c.CustomerSince),
        new("LastContactAt", NpgsqlDbType.TimestampTz, c => c.LastContactAt),
        new("CreatedAt", NpgsqlDbType.TimestampTz, c => c.CreatedAt),
        new("UpdatedAt", NpgsqlDbType.TimestampTz, c => c.CreatedAt),
        new("Version", NpgsqlDbType.Uuid, c => c.Version),
        new("MergedIntoId", NpgsqlDbType.Uuid, _ => null),
        new("preferred_channel", NpgsqlDbType.Varchar, c => c.Profile.PreferredChannel.ToString()),
        new("preferred_times", NpgsqlDbType.Varchar, c => c.Profile.PreferredTimes),
        new("style", NpgsqlDbType.Varchar, c => c.Profile.Style.ToString()),
        new("language", NpgsqlDbType.Varchar, c => c.Profile.Language),
        new("technical_awareness", NpgsqlDbType.Varchar, c => c.Profile.TechnicalAwareness.ToString()),
        new("needs_relay_service", NpgsqlDbType.Boolean, c => c.Profile.NeedsRelayService),
        new("needs_translator", NpgsqlDbType.Boolean, c => c.Profile.NeedsTranslator),
        new("needs_large_print", NpgsqlDbType.Boolean, c => c.Profile.NeedsLargePrint),
        new("needs_extra_time", NpgsqlDbType.Boolean, c => c.Profile.NeedsExtraTime),
        new("other_accessibility_needs", NpgsqlDbType.Varchar, c => c.Profile.OtherAccessibilityNeeds),
    ];

    public static readonly BulkColumn<ContactPointRow>[] ContactPoints =
    [
        new("Id", NpgsqlDbType.Uuid, p => p.Id),
        new("CustomerId", NpgsqlDbType.Uuid, p => p.CustomerId),
        new("Type", NpgsqlDbType.Varchar, p => p.Point.Type.ToString()),
        new("Value", NpgsqlDbType.Varchar, p => p.Point.Value),
        new("Normalized", NpgsqlDbType.Varchar, p => p.Point.Normalized),
        new("Network", NpgsqlDbType.Varchar, p => p.Point.Network),
        new("Label", NpgsqlDbType.Varchar, p => p.Point.Label),
    ];

    public static readonly BulkColumn<NoteRow>[] Notes =
    [
        new("Id", NpgsqlDbType.Uuid, n => n.Id),
        new("CustomerId", NpgsqlDbType.Uuid, n => n.CustomerId),
        new("Body", NpgsqlDbType.Varchar, n => n.Body),
        new("AuthorId", NpgsqlDbType.Varchar, _ => "bench"),
        new("AuthorName", NpgsqlDbType.Varchar, n => n.AuthorName),
        new("CreatedAt", NpgsqlDbType.TimestampTz, n => n.CreatedAt),
    ];

    public const string CustomersTable = "customers";
    public const string ContactPointsTable = "contact_points";
    public const string NotesTable = "customer_notes";

    public static string ColumnList<T>(BulkColumn<T>[] columns) => string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
}
