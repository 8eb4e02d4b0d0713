using Microsoft.AspNetCore.DataProtection;

namespace Rapport.Features.Channels.Email;

/// <summary>Encrypts mailbox passwords at rest with the host's data-protection keys.</summary>
public sealed class MailboxSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("Rapport.Mailbox.Password.v1");

    public string Protect(string? secret) => string.IsNullOrEmpty(secret) ? "" : protector.Protect(secret);

    public string? Unprotect(string stored) => string.IsNullOrEmpty(stored) ? null : protector.Unprotect(stored);
}
