using Microsoft.AspNetCore.DataProtection;

namespace Rapport.Features.Channels.Messaging;

/// <summary>Encrypts channel-account secrets at rest with the host's data-protection keys.</summary>
public sealed class ChannelSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("Rapport.ChannelAccount.Secret.v1");

    public string Protect(string? secret) => string.IsNullOrEmpty(secret) ? "" : protector.Protect(secret);

    public string? Unprotect(string stored) => string.IsNullOrEmpty(stored) ? null : protector.Unprotect(stored);
}
