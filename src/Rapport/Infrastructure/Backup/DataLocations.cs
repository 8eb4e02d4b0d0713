using Microsoft.Data.Sqlite;
using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.Backup;

/// <summary>
/// Everything a node keeps that a backup must hold: the database, and the files beside it — blobs (raw emails and
/// attachments; on PostgreSQL they are in the database, and only blobs kept before that are files), the data-protection
/// keys (without them stored mailbox passwords and provider tokens cannot be decrypted), and the audit anchor file with
/// the anchor key when it is the default one beside the data (a key the administrator keeps elsewhere stays there).
/// </summary>
public sealed record DataLocations(
    DatabaseProvider Provider,
    string ConnectionString,
    string BlobsDirectory,
    string KeysDirectory,
    string AnchorFile,
    string? AnchorKeyFile)
{
    /// <summary>The SQLite file, or null on PostgreSQL (or an in-memory SQLite database).</summary>
    public string? DatabaseFile
    {
        get
        {
            if (Provider != DatabaseProvider.Sqlite)
            {
                return null;
            }

            var source = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            return string.IsNullOrEmpty(source) || source == ":memory:" ? null : Path.GetFullPath(source);
        }
    }

    /// <summary>The folders backed up whole, by the name they have in the archive.</summary>
    public IReadOnlyList<(string Kind, string Directory)> Folders => [("blobs", BlobsDirectory), ("keys", KeysDirectory)];

    /// <summary>Single files backed up, by their name in the archive.</summary>
    public IReadOnlyList<(string Entry, string Path)> SingleFiles =>
        AnchorKeyFile is null ? [("audit/audit-anchors.jsonl", AnchorFile)] : [("audit/audit-anchors.jsonl", AnchorFile), ("audit/audit-anchor.key", AnchorKeyFile)];

    /// <summary>Where the host keeps its data with this configuration; the anchor settings come from the audit feature.</summary>
    public static DataLocations From(IConfiguration configuration, string anchorFile, string? anchorKeyFile)
    {
        var database = DatabaseOptions.From(configuration);
        return new DataLocations(
            database.Provider,
            database.ResolveConnectionString(),
            configuration["Rapport:BlobsDirectory"] ?? Path.GetFullPath(Path.Combine("data", "blobs")),
            configuration["Rapport:KeysDirectory"] ?? Path.GetFullPath(Path.Combine("data", "keys")),
            anchorFile,
            anchorKeyFile);
    }
}
