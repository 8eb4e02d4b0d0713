using Microsoft.AspNetCore.Authorization;

namespace Rapport.Features.Identity;

/// <summary>Every endpoint and page names one of these; the authorisation matrix test holds them to account.</summary>
public static class Policies
{
    /// <summary>
    /// Anyone signed in through the sign-in page, with or without a role: setting up two-factor sign-in and signing out,
    /// which a person whose role requires two-factor must reach before their roles count.
    /// </summary>
    public const string SignedIn = "signed-in";

    /// <summary>Any signed-in member of staff.</summary>
    public const string Staff = "staff";
    public const string ReadCustomers = "customers:read";
    public const string WriteCustomers = "customers:write";
    /// <summary>Bulk and destructive customer operations: import, export, delete.</summary>
    public const string ManageCustomers = "customers:manage";
    public const string ReadAudit = "audit:read";
    public const string Administer = "administer";
    /// <summary>Feeding inbound messages into the ingestion pipeline.</summary>
    public const string IngestMessages = "messages:ingest";
    /// <summary>Creating and working cases: status, assignment, notes, links. Auditors only read them.</summary>
    public const string WorkCases = "cases:work";
    /// <summary>
    /// Downloading an email as it was received (headers, every part): supervisors, administrators and auditors. Agents
    /// read the message as stored, which already shows its text, its attachments and any reading warning.
    /// </summary>
    public const string ReadRawMail = "mail:raw";
    /// <summary>
    /// Reading who saw and changed what about a customer: supervisors, administrators and auditors — the roles that see
    /// every team's records anyway, since the report names actions on restricted conversations too.
    /// </summary>
    public const string ReadAccessReport = "customers:access-report";
    /// <summary>Reading whether each channel works: administrators fix them, supervisors move work away from a broken one.</summary>
    public const string ReadChannelHealth = "channels:health";
    /// <summary>Writing new knowledge-base articles: supervisors and administrators, who choose each article's owner.</summary>
    public const string ManageKnowledge = "knowledge:manage";

    /// <summary>Writing and deleting reply templates: supervisors and administrators. Everyone reads and renders them.</summary>
    public const string ManageTemplates = "templates:manage";

    /// <summary>Scoring interactions, drawing the weekly sample, calibration sessions and scorecards: supervisors and administrators.</summary>
    public const string ReviewQuality = "quality:review";

    /// <summary>Reading the retention-economics report (what keeping customers costs): supervisors, administrators and auditors.</summary>
    public const string ReadRetentionReport = "loyalty:report";

    public static AuthorizationBuilder AddRapportPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(SignedIn, p => p.AddAuthenticationSchemes(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme).RequireAuthenticatedUser())
        .AddPolicy(Staff, p => p.RequireRole(Roles.All))
        .AddPolicy(ReadCustomers, p => p.RequireRole(Roles.All))
        .AddPolicy(WriteCustomers, p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Administrator))
        .AddPolicy(ManageCustomers, p => p.RequireRole(Roles.Supervisor, Roles.Administrator))
        .AddPolicy(WorkCases, p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Administrator))
        .AddPolicy(ReadRawMail, p => p.RequireRole(Roles.Supervisor, Roles.Administrator, Roles.Auditor))
        .AddPolicy(ReadAccessReport, p => p.RequireRole(Roles.Supervisor, Roles.Administrator, Roles.Auditor))
        .AddPolicy(ReadChannelHealth, p => p.RequireRole(Roles.Supervisor, Roles.Administrator))
        .AddPolicy(ManageKnowledge, p => p.RequireRole(Roles.Supervisor, Roles.Administrator))
        .AddPolicy(ManageTemplates, p => p.RequireRole(Roles.Supervisor, Roles.Administrator))
        .AddPolicy(ReadRetentionReport, p => p.RequireRole(Roles.Supervisor, Roles.Administrator, Roles.Auditor))
        .AddPolicy(ReviewQuality, p => p.RequireRole(Roles.Supervisor, Roles.Administrator))
        .AddPolicy(ReadAudit, p => p.RequireRole(Roles.Auditor, Roles.Administrator))
        .AddPolicy(Administer, p => p.RequireRole(Roles.Administrator))
        .AddPolicy(IngestMessages, p => p.RequireRole(Roles.Integration, Roles.Administrator));
}
