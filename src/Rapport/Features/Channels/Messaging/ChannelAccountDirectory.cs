using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Vonage;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Messaging;

/// <summary>A channel account with its secrets decrypted, as a webhook check, a sender or a media fetch needs it.</summary>
public sealed record ConnectedAccount(Guid Id, string Name, MessagingProvider Provider, string Address, string? AccountId,
    string? WebhookSecret, string? ApiSecret, string? VerifyToken, VonageSignatureMethod VonageSigning, int ReplayWindowSeconds, string ApiBase,
    bool Enabled = true)
{
    public static ConnectedAccount Of(ChannelAccount a, ChannelSecrets secrets) => new(a.Id, a.Name, a.Provider, a.Address, a.AccountId,
        secrets.Unprotect(a.WebhookSecretProtected), secrets.Unprotect(a.ApiSecretProtected), secrets.Unprotect(a.VerifyTokenProtected),
        a.VonageSigning, a.ReplayWindowSeconds, a.ApiBase, a.Enabled);
}

/// <summary>
/// The accounts of each provider (enabled ones for receiving and sending; disabled ones only to say why a request is refused), decrypted once and kept for a few seconds: a webhook burst should not read
/// and decrypt the accounts per request. A change made on this node is seen at once; on another node within seconds.
/// </summary>
public sealed class ChannelAccountDirectory(IServiceScopeFactory scopes, ChannelSecrets secrets, TimeProvider time)
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);
    private volatile Snapshot? current;

    private sealed record Snapshot(DateTimeOffset At, IReadOnlyList<ConnectedAccount> Accounts);

    public void Changed() => current = null;

    /// <summary>The enabled accounts of one provider: the only ones whose webhooks are accepted.</summary>
    public async Task<IReadOnlyList<ConnectedAccount>> ForAsync(MessagingProvider provider, CancellationToken ct) =>
        (await AllAsync(ct)).Where(a => a.Enabled && a.Provider == provider).ToList();

    /// <summary>The disabled accounts of one provider: a webhook one of them authenticates is refused as disabled, not as forged.</summary>
    public async Task<IReadOnlyList<ConnectedAccount>> DisabledAsync(MessagingProvider provider, CancellationToken ct) =>
        (await AllAsync(ct)).Where(a => !a.Enabled && a.Provider == provider).ToList();

    /// <summary>The disabled account of one of these providers at this address, if any.</summary>
    public async Task<ConnectedAccount?> DisabledAsync(IReadOnlyCollection<MessagingProvider> providers, string address, CancellationToken ct) =>
        (await AllAsync(ct)).FirstOrDefault(a => !a.Enabled && providers.Contains(a.Provider) && a.Address == address);

    /// <summary>Every enabled account.</summary>
    public async Task<IReadOnlyList<ConnectedAccount>> ForAllAsync(CancellationToken ct) => (await AllAsync(ct)).Where(a => a.Enabled).ToList();

    /// <summary>The ids of the accounts an administrator switched off.</summary>
    public async Task<IReadOnlyList<Guid>> DisabledIdsAsync(CancellationToken ct) => (await AllAsync(ct)).Where(a => !a.Enabled).Select(a => a.Id).ToList();

    /// <summary>One account, enabled or not (null when it was removed).</summary>
    public async Task<ConnectedAccount?> FindAsync(Guid id, CancellationToken ct) => (await AllAsync(ct)).FirstOrDefault(a => a.Id == id);

    private async Task<IReadOnlyList<ConnectedAccount>> AllAsync(CancellationToken ct)
    {
        var snapshot = current;
        if (snapshot is not null && time.GetUtcNow() - snapshot.At < Fresh)
        {
            return snapshot.Accounts;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var accounts = await db.ChannelAccounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct);
        var connected = accounts.Select(a => ConnectedAccount.Of(a, secrets)).ToList();
        current = new Snapshot(time.GetUtcNow(), connected);
        return connected;
    }
}
