using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Audit;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Fuzz;

/// <summary>
/// The product's host in process, as the integration tests run it: its own entry point (which migrates), a fresh SQLite
/// file (or a PostgreSQL database given by connection string), and one member of staff with an API token per role.
/// </summary>
public sealed class FuzzHostFactory(DatabaseProvider provider, string connectionString, string directory) : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> tokens = new(StringComparer.Ordinal);

    public static async Task<(FuzzHostFactory Factory, FuzzHost Host)> StartAsync(string? postgres)
    {
        var directory = Directory.CreateTempSubdirectory("rapport-fuzz-").FullName;
        var factory = postgres is null
            ? new FuzzHostFactory(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, "rapport.db")}", directory)
            : new FuzzHostFactory(DatabaseProvider.PostgreSql, postgres, directory);
        _ = factory.Server;
        foreach (var role in Roles.AllIncludingSystems)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("fuzz");
            var user = await scope.ServiceProvider.GetRequiredService<StaffAccounts>()
                .CreateAsync($"{role.ToLowerInvariant()}-fuzz@rapport.test", $"{role} Fuzzer", role, $"fuzz {Guid.NewGuid():N} passphrase", CancellationToken.None);
            var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(user.Id, "fuzz", CancellationToken.None);
            factory.tokens[role] = secret;
        }

        return (factory, new FuzzHost(factory.Services, factory.ClientAs, postgres is null ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql));
    }

    private HttpClient ClientAs(string? role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[role]);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(ContentRoot());
        builder.UseSetting("Rapport:Database:Provider", provider.ToString());
        builder.UseSetting("Rapport:Database:ConnectionString", connectionString);
        builder.UseSetting("Rapport:Demo:Seed", "false");
        builder.UseSetting("Rapport:KeysDirectory", Path.Combine(directory, "keys"));
        builder.UseSetting("Rapport:BlobsDirectory", Path.Combine(directory, "blobs"));
        builder.UseSetting("Rapport:Email:PollSeconds", "2000000");
        builder.UseSetting("Rapport:Email:Idle", "false");
        builder.UseSetting("Rapport:Audit:AnchorPath", Path.Combine(directory, "audit-anchors.jsonl"));
        builder.UseSetting("Rapport:Audit:AnchorKey", AuditAnchorKey.Generate());
        builder.UseSetting("Rapport:Audit:AnchorMinutes", "0");
        builder.UseSetting("Rapport:Retention:RunMinutes", "0");
        builder.UseSetting("Rapport:Loyalty:RefreshMinutes", "0");
        builder.UseSetting("Rapport:PublicUrl", WebhookFuzz.PublicUrl);
        builder.UseSetting("Logging:LogLevel:Default", "Critical");
    }

    /// <summary>The product's project folder (its wwwroot and settings), found above wherever the fuzzer runs from.</summary>
    private static string ContentRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Rapport");
            if (File.Exists(Path.Combine(candidate, "Rapport.csproj")))
            {
                return candidate;
            }
        }

        return AppContext.BaseDirectory;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
