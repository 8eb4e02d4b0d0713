namespace Rapport.Features.Identity;

public static class Roles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string Administrator = "Administrator";
    public const string Auditor = "Auditor";

    public static readonly string[] All = [Agent, Supervisor, Administrator, Auditor];

    public static string? Canonical(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}

public static class RapportClaims
{
    public const string DisplayName = "rapport:display_name";
}
