namespace Rapport.Infrastructure.Data;

/// <summary>
/// Settings SQLite takes once per process, before its first connection. The bundled library counts every allocation
/// for <c>sqlite3_status</c> under one global mutex (it is built without <c>SQLITE_DEFAULT_MEMSTATUS=0</c>, which the
/// SQLite documentation recommends), so two threads searching the full-text index at once queue on that mutex for
/// each of the many small allocations FTS5 makes. Nothing here reads those counts.
/// </summary>
internal static class SqliteProcessSettings
{
    private const int ConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS

    private static readonly Lazy<int> Applied = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return SQLitePCL.raw.sqlite3_config(ConfigMemStatus, 0);
    });

    /// <summary>SQLite's result code: 0 when applied; SQLITE_MISUSE (21) when a connection was opened first, and it is left as it was.</summary>
    public static int Apply() => Applied.Value;

    internal static bool Attempted => Applied.IsValueCreated;
}
