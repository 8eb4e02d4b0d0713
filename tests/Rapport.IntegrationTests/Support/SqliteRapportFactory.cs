using Microsoft.Data.Sqlite;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Support;

/// <summary>The host on a SQLite file of its own in a temp directory (a copy of the migrated template).</summary>
public class SqliteRapportFactory : RapportFactory
{
    private string? directory;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override async Task CreateDatabaseAsync()
    {
        directory = Directory.CreateTempSubdirectory("rapport-sqlite-").FullName;
        var file = Path.Combine(directory, "rapport.db");
        if (StartsMigrated)
        {
            await MigratedTemplate.CopySqliteToAsync(file);
        }

        ConnectionString = $"Data Source={file}";
    }

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            if (directory is not null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }

        return Task.CompletedTask;
    }
}
