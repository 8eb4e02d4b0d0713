using Microsoft.AspNetCore.Identity;

namespace Rapport.Features.Identity;

/// <summary>A member of staff who signs in to Rapport.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }

    /// <summary>When the person last signed in completely (password, and the authenticator code when they use one).</summary>
    public DateTime? LastSignInAt { get; set; }

    /// <summary>The latest authenticator time step accepted from this person: a code is never accepted twice.</summary>
    public long? LastTotpStep { get; set; }

    /// <summary>The IANA zone this person sees times in; null for the organisation's (the service calendar's zone).</summary>
    public string? TimeZone { get; set; }
}
