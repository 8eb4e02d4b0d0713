using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Vonage;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Messaging;

/// <summary>What connecting an account came to: the account, or the fields to correct, or why it already exists.</summary>
public sealed record ConnectOutcome(ChannelAccount? Account, Dictionary<string, string[]> Errors, string? Conflict = null);

/// <summary>Connects and removes channel accounts, for the API and the Channels page alike. Secrets are encrypted before they are stored.</summary>
public sealed class ChannelAccountService(RapportDbContext db, ChannelSecrets secrets, ChannelAccountDirectory directory, ContactPointRules rules)
{
    /// <summary>Checks the provider's required fields and stores the account; a bad phone number throws InvalidInputException naming "address".</summary>
    public async Task<ConnectOutcome> CreateAsync(CreateChannelAccountRequest request, CancellationToken ct)
    {
        var provider = request.Provider!.Value;
        var errors = ChannelAccountEndpoints.Missing(request, provider);
        if (errors.Count > 0)
        {
            return new ConnectOutcome(null, errors);
        }

        var address = provider is MessagingProvider.Twilio or MessagingProvider.Vonage
            ? rules.NormalizeProviderPhone(request.Address, "address")
            : request.Address.Trim().TrimStart('@');
        if (request.ApiBaseUrl is { Length: > 0 } apiBase
            && (!Uri.TryCreate(apiBase, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            return new ConnectOutcome(null, new() { ["apiBaseUrl"] = ["Give an absolute http(s) URL, e.g. https://api.twilio.com."] });
        }

        if (await db.ChannelAccounts.AnyAsync(a => a.Provider == provider && a.Address == address, ct))
        {
            return new ConnectOutcome(null, [], $"A {provider} account for {address} already exists.");
        }

        var account = new ChannelAccount
        {
            Name = request.Name.Trim(),
            Provider = provider,
            Address = address,
            AccountId = string.IsNullOrWhiteSpace(request.AccountId) ? null : request.AccountId.Trim(),
            WebhookSecretProtected = secrets.Protect(request.WebhookSecret),
            ApiSecretProtected = secrets.Protect(request.ApiSecret),
            VerifyTokenProtected = secrets.Protect(request.VerifyToken),
            VonageSigning = request.VonageSigning ?? VonageSignatureMethod.Md5Hash,
            ReplayWindowSeconds = request.ReplayWindowSeconds ?? 300,
            ApiBaseUrl = string.IsNullOrWhiteSpace(request.ApiBaseUrl) ? null : request.ApiBaseUrl.Trim(),
        };
        db.ChannelAccounts.Add(account);
        await db.SaveChangesAsync(ct);
        directory.Changed();
        return new ConnectOutcome(account, []);
    }

    /// <summary>
    /// Renames, switches on or off, moves to another address, changes settings or replaces secrets: a secret given replaces
    /// the stored one, an absent or empty one keeps it. Null: no such account. The provider stays (another provider is another account).
    /// </summary>
    public async Task<ConnectOutcome?> UpdateAsync(Guid id, UpdateChannelAccountRequest request, CancellationToken ct)
    {
        var account = await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return null;
        }

        var errors = new Dictionary<string, string[]>();
        ChannelAccountEndpoints.Formats(account.Provider, request.AccountId, request.WebhookSecret, request.ApiBaseUrl, errors);
        if (request.AccountId is not null && string.IsNullOrWhiteSpace(request.AccountId)
            && account.Provider is MessagingProvider.Twilio or MessagingProvider.Vonage)
        {
            errors["accountId"] = [$"{account.Provider} needs {(account.Provider == MessagingProvider.Twilio ? "the Account SID" : "the API key")}."];
        }

        if (errors.Count > 0)
        {
            return new ConnectOutcome(null, errors);
        }

        var address = request.Address is null ? account.Address
            : account.Provider is MessagingProvider.Twilio or MessagingProvider.Vonage
                ? rules.NormalizeProviderPhone(request.Address, "address")
                : request.Address.Trim().TrimStart('@');
        if (address.Length == 0)
        {
            return new ConnectOutcome(null, new() { ["address"] = ["Give the account's address."] });
        }

        if (address != account.Address && await db.ChannelAccounts.AnyAsync(a => a.Id != id && a.Provider == account.Provider && a.Address == address, ct))
        {
            return new ConnectOutcome(null, [], $"A {account.Provider} account for {address} already exists.");
        }

        account.Name = request.Name?.Trim() ?? account.Name;
        account.Enabled = request.Enabled ?? account.Enabled;
        account.Address = address;
        if (request.AccountId is not null)
        {
            account.AccountId = string.IsNullOrWhiteSpace(request.AccountId) ? null : request.AccountId.Trim();
        }

        account.VonageSigning = request.VonageSigning ?? account.VonageSigning;
        account.ReplayWindowSeconds = request.ReplayWindowSeconds ?? account.ReplayWindowSeconds;
        if (request.ApiBaseUrl is not null)
        {
            account.ApiBaseUrl = string.IsNullOrWhiteSpace(request.ApiBaseUrl) ? null : request.ApiBaseUrl.Trim();
        }

        if (!string.IsNullOrEmpty(request.WebhookSecret))
        {
            account.WebhookSecretProtected = secrets.Protect(request.WebhookSecret);
        }

        if (!string.IsNullOrEmpty(request.ApiSecret))
        {
            account.ApiSecretProtected = secrets.Protect(request.ApiSecret);
        }

        if (!string.IsNullOrEmpty(request.VerifyToken))
        {
            account.VerifyTokenProtected = secrets.Protect(request.VerifyToken);
        }

        await db.SaveChangesAsync(ct);
        directory.Changed();
        return new ConnectOutcome(account, []);
    }

    public Task<ChannelAccount?> FindAsync(Guid id, CancellationToken ct) => db.ChannelAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        var account = await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return false;
        }

        db.ChannelAccounts.Remove(account);
        await db.SaveChangesAsync(ct);
        await Health.ChannelErrors.ForgetAsync(db, id, ct);
        directory.Changed();
        return true;
    }
}
