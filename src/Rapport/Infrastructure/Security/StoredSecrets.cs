using Microsoft.AspNetCore.DataProtection;

namespace Rapport.Infrastructure.Security;

/// <summary>
/// Secrets Rapport must use again (mailbox passwords, provider tokens), encrypted at rest with the host's
/// data-protection keys; each kind under its own purpose, so one kind's ciphertext never opens as another's.
/// </summary>
public abstract class StoredSecrets(IDataProtectionProvider provider, string purpose)
{
    private readonly IDataProtector protector = provider.CreateProtector(purpose);

    public string Protect(string? secret) => string.IsNullOrEmpty(secret) ? "" : protector.Protect(secret);

    public string? Unprotect(string stored) => string.IsNullOrEmpty(stored) ? null : protector.Unprotect(stored);
}
