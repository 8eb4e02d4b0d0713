using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Rapport.IntegrationTests.Data;

/// <summary>
/// Every index a configuration names exists in the migrated database. EF Core takes a second unnamed
/// <c>HasIndex</c> of the same columns for the first one and renames it, so an index could vanish from the model and its
/// migrations without an error: the promise sweep's escalation scan went without its index that way (165 ms a batch at
/// 400,000 promises instead of a range read).
/// </summary>
public abstract partial class NamedIndexesTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    // HasDatabaseName("ix_…") after HasIndex(…), or HasIndex(…, "ix_…") naming the index itself.
    [GeneratedRegex("""HasDatabaseName\("(?<name>[A-Za-z0-9_]+)"\)|HasIndex\([^;]*?,\s*"(?<name>[A-Za-z0-9_]+)"\)""")]
    private static partial Regex IndexName();

    protected abstract string IndexesQuery { get; }

    [Fact]
    public async Task Every_index_a_configuration_names_is_in_the_migrated_database()
    {
        var named = ConfiguredIndexNames();
        Assert.Contains("ix_promises_awaiting_escalation", named); // the reading of the sources works
        Assert.True(named.Count > 50, $"only {named.Count} index names found in the configurations");

        var present = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>(IndexesQuery).ToListAsync());
        Assert.Empty(named.Except(present, StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    private static HashSet<string> ConfiguredIndexNames()
    {
        var source = Path.Combine(Repository.Root, "src", "Rapport");
        return Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => IndexName().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);
    }
}

public sealed class NamedIndexesTestsOnSqlite(SqliteRapportFactory app) : NamedIndexesTests<SqliteRapportFactory>(app)
{
    protected override string IndexesQuery => "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index'";
}

public sealed class NamedIndexesTestsOnPostgres(PostgresRapportFactory app) : NamedIndexesTests<PostgresRapportFactory>(app)
{
    protected override string IndexesQuery => "SELECT indexname AS \"Value\" FROM pg_indexes WHERE schemaname = current_schema()";
}
