using Microsoft.AspNetCore.DataProtection;
using Rapport.Infrastructure.Security;

namespace Rapport.Features.Channels.Messaging;

/// <summary>Channel-account secrets (webhook secrets, API tokens, verify tokens), encrypted at rest.</summary>
public sealed class ChannelSecrets(IDataProtectionProvider provider) : StoredSecrets(provider, "Rapport.ChannelAccount.Secret.v1");
