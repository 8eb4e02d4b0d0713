using Microsoft.Data.Sqlite;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Support;

/// <summary>The host on a SQLite file of its own in a temp directory.</summary>
public class SqliteRapportFactory : RapportFactory
{
    private string? directory;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task CreateDatabaseAsync()
    {
        directory = Directory.CreateTempSubdirectory("rapport-sqlite-").FullName;
        ConnectionString = $"Data Source={Path.Combine(directory, "rapport.db")}";
        return Task.CompletedTask;
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
