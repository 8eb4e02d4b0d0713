using Microsoft.AspNetCore.Identity;

namespace Rapport.Features.Identity;

/// <summary>A member of staff who signs in to Rapport.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }
}
