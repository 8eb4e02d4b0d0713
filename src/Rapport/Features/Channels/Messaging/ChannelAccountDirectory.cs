using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Vonage;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Messaging;

/// <summary>An enabled channel account with its secrets decrypted, as a webhook check or a sender needs it.</summary>
public sealed record ConnectedAccount(Guid Id, string Name, MessagingProvider Provider, string Address, string? AccountId,
    string? WebhookSecret, string? ApiSecret, string? VerifyToken, VonageSignatureMethod VonageSigning, int ReplayWindowSeconds, string ApiBase)
{
    public static ConnectedAccount Of(ChannelAccount a, ChannelSecrets secrets) => new(a.Id, a.Name, a.Provider, a.Address, a.AccountId,
        secrets.Unprotect(a.WebhookSecretProtected), secrets.Unprotect(a.ApiSecretProtected), secrets.Unprotect(a.VerifyTokenProtected),
        a.VonageSigning, a.ReplayWindowSeconds, a.ApiBase);
}

/// <summary>
/// The enabled accounts of each provider, decrypted once and kept for a few seconds: a webhook burst should not read
/// and decrypt the accounts per request. A change made on this node is seen at once; on another node within seconds.
/// </summary>
public sealed class ChannelAccountDirectory(IServiceScopeFactory scopes, ChannelSecrets secrets, TimeProvider time)
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);
    private volatile Snapshot? current;

    private sealed record Snapshot(DateTimeOffset At, IReadOnlyList<ConnectedAccount> Accounts);

    public void Changed() => current = null;

    public async Task<IReadOnlyList<ConnectedAccount>> ForAsync(MessagingProvider provider, CancellationToken ct) =>
        (await AllAsync(ct)).Where(a => a.Provider == provider).ToList();

    public Task<IReadOnlyList<ConnectedAccount>> ForAllAsync(CancellationToken ct) => AllAsync(ct);

    private async Task<IReadOnlyList<ConnectedAccount>> AllAsync(CancellationToken ct)
    {
        var snapshot = current;
        if (snapshot is not null && time.GetUtcNow() - snapshot.At < Fresh)
        {
            return snapshot.Accounts;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var accounts = await db.ChannelAccounts.AsNoTracking().Where(a => a.Enabled).OrderBy(a => a.Id).ToListAsync(ct);
        var connected = accounts.Select(a => ConnectedAccount.Of(a, secrets)).ToList();
        current = new Snapshot(time.GetUtcNow(), connected);
        return connected;
    }
}
