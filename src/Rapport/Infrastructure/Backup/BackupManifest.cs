using System.Text.Json;
using System.Text.Json.Serialization;
using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.Backup;

/// <summary>
/// What a backup holds, written into it as <c>manifest.json</c>: read before anything is restored, so a backup from a
/// newer schema, another provider or a later archive format is refused before it touches the data.
/// </summary>
public sealed record BackupManifest
{
    public const string EntryName = "manifest.json";

    /// <summary>The archive layout; a restore refuses a format it does not know.</summary>
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public int Format { get; init; } = CurrentFormat;

    public required DatabaseProvider Provider { get; init; }

    /// <summary>The last migration applied to the database when it was copied: its schema.</summary>
    public required string Migration { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string? RapportVersion { get; init; }

    /// <summary>The archive entry holding the database (a SQLite file, or a <c>pg_dump</c> custom-format dump).</summary>
    public required string DatabaseEntry { get; init; }

    /// <summary>Rows in each table of the model, counted in the copy itself.</summary>
    public required SortedDictionary<string, long> Tables { get; init; }

    /// <summary>Files kept beside the database, by kind (blobs, keys, audit).</summary>
    public required SortedDictionary<string, int> Files { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BackupManifest? FromJson(string json) => JsonSerializer.Deserialize<BackupManifest>(json, Json);
}
