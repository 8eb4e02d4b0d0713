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
}
