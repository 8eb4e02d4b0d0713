using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Load.Live;

/// <summary>A Rapport node started in this process on a fresh SQLite database with the demo organisation.</summary>
internal static class BenchNode
{
    /// <summary>
    /// Starts a node in <c>dir</c> on a copy of the SQLite database <c>from</c> (with its write-ahead log), or on a new one
    /// with the demo organisation when it is null (or on the database <c>settings</c> name).
    /// </summary>
    public static async Task<WebApplication> StartAsync(string dir, string url, IEnumerable<string> settings, string? from, CancellationToken ct)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        if (from is not null)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                if (File.Exists(from + suffix))
                {
                    File.Copy(from + suffix, Path.Combine(dir, "rapport.db" + suffix));
                }
            }

            // The data-protection keys the database's protected values were written with, when they sit beside it.
            var keys = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(from))!, "keys");
            if (Directory.Exists(keys))
            {
                Directory.CreateDirectory(Path.Combine(dir, "keys"));
                foreach (var file in Directory.GetFiles(keys))
                {
                    File.Copy(file, Path.Combine(dir, "keys", Path.GetFileName(file)));
                }
            }
        }

        var builder = RapportApp.CreateBuilder([
            "--urls", url,
            // The static-assets manifest is named after the application (rapport), not this entry assembly.
            "--applicationName", "rapport",
            $"--Rapport:Database:ConnectionString=Data Source={Path.Combine(dir, "rapport.db")}",
            $"--Rapport:KeysDirectory={Path.Combine(dir, "keys")}",
            $"--Rapport:BlobsDirectory={Path.Combine(dir, "blobs")}",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ]);
        var app = RapportApp.Build(builder);
        await RapportApp.PrepareDatabaseAsync(app.Services, seedDemo: true, ct);
        await app.StartAsync(ct);
        return app;
    }

    /// <summary>An API token of the demo administrator.</summary>
    public static async Task<string> AdminTokenAsync(IServiceProvider services, string actor, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Rapport.Features.Audit.AuditContext>().SetSystemActor(actor);
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var admin = await db.Users.SingleAsync(u => u.Email == "admin@rapport.demo", ct);
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(admin.Id, actor, ct);
        return secret;
    }

    public static async Task<int> CountCustomersAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RapportDbContext>().Customers.CountAsync(ct);
    }

    /// <summary>The demo staff as viewers (agents see through the visibility rule).</summary>
    public static async Task<IReadOnlyList<Viewer>> ViewersAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var viewers = new List<Viewer>();
        foreach (var email in new[] { "agent@rapport.demo", "agent2@rapport.demo", "supervisor@rapport.demo" })
        {
            var user = await db.Users.SingleAsync(u => u.Email == email, ct);
            viewers.Add(Viewer.Of(user.Id, await users.GetRolesAsync(user)));
        }

        return viewers;
    }

    /// <summary>The value at percentile <paramref name="p"/> of an ascending list (nearest rank).</summary>
    public static double Pct(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
