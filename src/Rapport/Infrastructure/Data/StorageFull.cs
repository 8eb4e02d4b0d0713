using Microsoft.Data.Sqlite;
using Npgsql;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// Tells a write that failed because the storage is full (SQLite's <c>SQLITE_FULL</c>, PostgreSQL's <c>53100
/// disk_full</c>, a blob file refused with ENOSPC / <c>ERROR_DISK_FULL</c>) from other failures. Such a failure is the
/// service's, not the request's, and passes once space is freed: callers answer 507 with <c>Retry-After</c> (see
/// <see cref="Problems.StorageFullAnswer"/>), background work backs off as in an outage (<see cref="DatabaseUnavailable"/>
/// counts it), and <c>/health</c> says so.
/// </summary>
public static class StorageFull
{
    public const string ProblemType = "https://rapport.dev/problems/storage-full";

    public const string Title = "The server's storage is full.";

    /// <summary>How long a client is asked to wait: freeing space is an administrator's task, not a blip.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(60);

    private const int SqliteFull = 13;
    private const int Enospc = 28; // Linux and macOS: .NET gives the errno as the IOException's HResult
    private const int WindowsDiskFull = 0x70; // ERROR_DISK_FULL, in the low word of HRESULT 0x80070070
    private const int WindowsHandleDiskFull = 0x27; // ERROR_HANDLE_DISK_FULL

    public static bool Is(Exception exception) => Describe(exception) is not null;

    /// <summary>A short reason without paths (it is shown to anonymous callers of /health), or null.</summary>
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteFull }:
                    return "storage full: SQLITE_FULL (the database or its disk is full)";
                case PostgresException { SqlState: PostgresErrorCodes.DiskFull }:
                    return "storage full: 53100 disk_full";
                case IOException io when IsDiskFull(io.HResult):
                    return "storage full: no space left on the blobs' disk";
            }
        }

        return null;
    }

    private static bool IsDiskFull(int hresult) =>
        hresult == Enospc || (unchecked((uint)hresult) >> 16 == 0x8007 && (hresult & 0xFFFF) is WindowsDiskFull or WindowsHandleDiskFull);
}
