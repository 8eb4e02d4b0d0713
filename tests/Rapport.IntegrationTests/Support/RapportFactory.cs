using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rapport.Features.Audit;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Support;

/// <summary>
/// The real host (its own entry point, so `serve` migrates the database as in production) on a fresh database,
/// shared by the tests of one class. The database starts migrated (<see cref="StartsMigrated"/>), so the host's migration
/// step finds nothing to apply. Staff of every role and their API tokens are created up front.
/// </summary>
public abstract class RapportFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The instant every test sees as "now" unless it moves the clock.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The password of every member of staff <see cref="CreateStaffAsync"/> makes.</summary>
    public const string StaffPassword = "correct horse battery";

    private readonly ConcurrentDictionary<string, string> tokens = new();
    private string? keysDirectory;
    private string? blobsDirectory;
    private string? anchorsDirectory;

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Where the host keeps raw emails and attachments (set once the host is built).</summary>
    public string BlobsDirectory => blobsDirectory ?? throw new InvalidOperationException("The host has not been built yet.");

    /// <summary>Where the host keeps its data-protection keys (set once the host is built).</summary>
    public string KeysDirectory => keysDirectory ?? throw new InvalidOperationException("The host has not been built yet.");

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Set by <see cref="CreateDatabaseAsync"/> before the host starts.</summary>
    public string ConnectionString { get; protected set; } = "";

    /// <summary>
    /// Whether <see cref="CreateDatabaseAsync"/> makes the database as a copy of one migrated once per test process
    /// (<see cref="MigratedTemplate"/>); false: empty, for a factory that writes an older schema into it first.
    /// </summary>
    protected virtual bool StartsMigrated => true;

    protected abstract Task CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        _ = Server; // starts the host: the entry point migrates before it serves
        foreach (var role in Roles.All)
        {
            var user = await CreateStaffAsync(role);
            tokens[role] = await IssueTokenAsync(user.Id, $"{role} tests");
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await DropDatabaseAsync();
        foreach (var directory in new[] { keysDirectory, blobsDirectory, anchorsDirectory })
        {
            if (directory is null)
            {
                continue;
            }

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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Made only when a host is built, so a fixture that fails before that leaves nothing behind; shared with AnotherNode().
        keysDirectory ??= Directory.CreateTempSubdirectory("rapport-keys-").FullName;
        blobsDirectory ??= Directory.CreateTempSubdirectory("rapport-blobs-").FullName;
        anchorsDirectory ??= Directory.CreateTempSubdirectory("rapport-anchors-").FullName;
        builder.UseSetting("Rapport:Database:Provider", Provider.ToString());
        builder.UseSetting("Rapport:Database:ConnectionString", ConnectionString);
        builder.UseSetting("Rapport:Demo:Seed", "false");
        builder.UseSetting("Rapport:KeysDirectory", keysDirectory);
        builder.UseSetting("Rapport:BlobsDirectory", blobsDirectory);
        // Tests fetch mail when they choose to (POST .../receive); a poll woken by a test moving the clock, or an IDLE
        // watcher, would race them. EmailIdleTests switch IDLE on for their own host.
        builder.UseSetting("Rapport:Email:PollSeconds", "2000000");
        builder.UseSetting("Rapport:Email:Idle", "false");
        // Audit anchors go to this host's own folder. Tests anchor when they choose to (AuditAnchoring.AnchorNowAsync);
        // AuditAnchorScheduleTests switch the schedule on for their own host.
        builder.UseSetting("Rapport:Audit:AnchorPath", AnchorPath);
        builder.UseSetting("Rapport:Audit:AnchorKey", AnchorKey);
        builder.UseSetting("Rapport:Audit:AnchorMinutes", "0");
        // Retention runs when a test runs it (RetentionSchedule.RunNowAsync), not when a test moves the clock.
        builder.UseSetting("Rapport:Retention:RunMinutes", "0");
        // Stored loyalty scores are refreshed when a test refreshes them (POST /api/v1/loyalty/refresh).
        builder.UseSetting("Rapport:Loyalty:RefreshMinutes", "0");
        // Providers sign the URL they call; the recorded webhook cases called this one.
        builder.UseSetting("Rapport:PublicUrl", ProviderStandIn.PublicUrl);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
        });
    }

    /// <summary>The key this host signs audit anchors with (base64).</summary>
    public string AnchorKey { get; } = AuditAnchorKey.Generate();

    /// <summary>The anchor file of this host (and of <see cref="AnotherNode"/>).</summary>
    public string AnchorPath => Path.Combine(anchorsDirectory ?? throw new InvalidOperationException("The host is not built yet."), "audit-anchors.jsonl");

    /// <summary>A client calling the API as a member of staff with <paramref name="role"/> (null: no credentials).</summary>
    public HttpClient ClientAs(string? role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[role]);
        }

        return client;
    }

    /// <summary>The API token of the member of staff with <paramref name="role"/> made up front.</summary>
    public string TokenOf(string role) => tokens[role];

    public HttpClient ClientWithToken(string secret)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>
    /// A second host on the same database, keys and blobs, as after a restart or on another node. It has its own
    /// singletons (ingestion pipeline, outbox dispatcher) and is disposed with this factory.
    /// </summary>
    public WebApplicationFactory<Program> AnotherNode() => WithWebHostBuilder(_ => { });

    /// <summary>A client calling <paramref name="node"/> as a member of staff with <paramref name="role"/>.</summary>
    public HttpClient ClientAs(WebApplicationFactory<Program> node, string role)
    {
        var client = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[role]);
        return client;
    }

    /// <summary>A client for a system with the Integration role (not a person, so not among <see cref="Roles.All"/>).</summary>
    public async Task<HttpClient> IntegrationClientAsync()
    {
        var system = await CreateStaffAsync(Roles.Integration);
        return ClientWithToken(await IssueTokenAsync(system.Id, "integration tests"));
    }

    public async Task<AppUser> CreateStaffAsync(string role, string? email = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("tests");
        email ??= $"{role.ToLowerInvariant()}-{Unique.Letters()}@rapport.test";
        return await scope.ServiceProvider.GetRequiredService<StaffAccounts>()
            .CreateAsync(email, $"{role} Tester", role, StaffPassword, CancellationToken.None);
    }

    public async Task<string> IssueTokenAsync(Guid userId, string name)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("tests");
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(userId, name, CancellationToken.None);
        return secret;
    }

    /// <summary>Runs <paramref name="work"/> against the host's own database context.</summary>
    public async Task<T> WithDbAsync<T>(Func<RapportDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("tests");
        return await work(scope.ServiceProvider.GetRequiredService<RapportDbContext>());
    }

    public Task WithDbAsync(Func<RapportDbContext, Task> work) => WithDbAsync(async db =>
    {
        await work(db);
        return true;
    });
}
