using Microsoft.AspNetCore.DataProtection;
using Rapport.Infrastructure.Security;

namespace Rapport.Features.Channels.Email;

/// <summary>Mailbox passwords, encrypted at rest.</summary>
public sealed class MailboxSecrets(IDataProtectionProvider provider) : StoredSecrets(provider, "Rapport.Mailbox.Password.v1");
