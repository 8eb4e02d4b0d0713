namespace Rapport.Features.Identity;

/// <summary>Password, session and API token rules (<c>Rapport:Identity</c>).</summary>
public sealed class RapportIdentityOptions
{
    public const string Section = "Rapport:Identity";

    /// <summary>The shortest password accepted when one is set (NIST SP 800-63B: length over composition rules).</summary>
    public int PasswordMinLength { get; set; } = 12;

    /// <summary>A browser session ends this long after the password was given, however active it is.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A browser session ends after this long without a request (renewed as the person works).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a new API token lasts when its creator names no expiry.</summary>
    public TimeSpan TokenDefaultLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The longest a new API token may last.</summary>
    public TimeSpan TokenMaxLifetime { get; set; } = TimeSpan.FromDays(365);
}
