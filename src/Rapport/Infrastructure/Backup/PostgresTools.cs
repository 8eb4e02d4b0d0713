using System.Diagnostics;
using Npgsql;

namespace Rapport.Infrastructure.Backup;

/// <summary>
/// PostgreSQL's own <c>pg_dump</c> and <c>pg_restore</c>, found on PATH and given the connection through the libpq
/// environment variables (so the password is never on a command line that other users can list).
/// </summary>
public static class PostgresTools
{
    public const string Guide = "docs/admin-guide.md (Backup and restore)";

    public static async Task RunAsync(string tool, string connectionString, IEnumerable<string> arguments, CancellationToken ct)
    {
        var executable = Find(tool) ?? throw new InvalidOperationException(
            $"{tool} was not found on PATH. Install PostgreSQL's client tools (the server's major version or newer, e.g. the Debian package " +
            $"postgresql-client), or back up and restore with pg_dump and pg_restore yourself as {Guide} describes.");
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var pg = new NpgsqlConnectionStringBuilder(connectionString);
        start.Environment["PGHOST"] = pg.Host;
        start.Environment["PGPORT"] = pg.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = pg.Database;
        start.Environment["PGUSER"] = pg.Username;
        start.Environment["PGPASSWORD"] = pg.Password;
        start.Environment["PGSSLMODE"] = pg.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        start.Environment["PGAPPNAME"] = $"rapport {tool}";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        await output;
        var message = (await errors).Trim();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed (exit {process.ExitCode}): {(message.Length > 0 ? message : "no message")}");
        }
    }

    private static string? Find(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in OperatingSystem.IsWindows() ? [tool + ".exe"] : new[] { tool })
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }
}
