namespace Rapport.Features.Identity;

public static class Roles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string Administrator = "Administrator";
    public const string Auditor = "Auditor";

    /// <summary>A system that feeds messages in (a channel gateway, another CRM); not a person, no UI.</summary>
    public const string Integration = "Integration";

    /// <summary>The roles of people.</summary>
    public static readonly string[] All = [Agent, Supervisor, Administrator, Auditor];

    public static readonly string[] AllIncludingSystems = [.. All, Integration];

    public static string? Canonical(string? role) =>
        AllIncludingSystems.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}

public static class RapportClaims
{
    public const string DisplayName = "rapport:display_name";

    /// <summary>The person must set up two-factor sign-in before anything else (their role requires it).</summary>
    public const string MustEnrolTwoFactor = "rapport:must_enrol_2fa";

    /// <summary>What the API token a request came with may do (<see cref="ApiTokenScope"/>).</summary>
    public const string TokenScope = "rapport:token_scope";

    /// <summary>When the API token a request came with expires (UTC ticks); absent: never.</summary>
    public const string TokenExpires = "rapport:token_expires";

    /// <summary>When the browser session began (the password was given), round-trip format.</summary>
    public const string SessionStarted = "rapport:session_started";
}
