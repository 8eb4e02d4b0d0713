using Rapport.Features.Audit;

namespace Rapport.Features.Channels.Email;

public enum MailSecurity { None, SslOnConnect, StartTls }

/// <summary>
/// An email address the organisation receives on (IMAP) and sends from (SMTP). Passwords are stored encrypted with
/// the host's data-protection keys and never returned by the API.
/// </summary>
public sealed class Mailbox : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>The From address of replies, e.g. help@example.com.</summary>
    public required string Address { get; set; }
    public required string ImapHost { get; set; }
    public int ImapPort { get; set; } = 993;
    public MailSecurity ImapSecurity { get; set; } = MailSecurity.SslOnConnect;
    public required string ImapUser { get; set; }
    [AuditRedacted]
    public string ImapPasswordProtected { get; set; } = "";
    public required string SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public MailSecurity SmtpSecurity { get; set; } = MailSecurity.StartTls;
    public string? SmtpUser { get; set; }
    [AuditRedacted]
    public string SmtpPasswordProtected { get; set; } = "";
    public bool Enabled { get; set; } = true;

    /// <summary>IMAP position: messages with a UID above this were not fetched yet (valid while UidValidity holds).</summary>
    [NotAudited]
    public uint LastUid { get; set; }
    [NotAudited]
    public uint UidValidity { get; set; }
    [NotAudited]
    public DateTime? LastReceiveAt { get; set; }
    [NotAudited]
    public DateTime? LastSendAt { get; set; }
    [NotAudited]
    public string? LastError { get; set; }
    [NotAudited]
    public DateTime? LastErrorAt { get; set; }
    /// <summary>The last time a connection worked without sending or receiving anything: an empty poll, a passed connection test.</summary>
    [NotAudited]
    public DateTime? LastConnectedAt { get; set; }

    /// <summary>The address's domain: the right-hand side of the Message-IDs of mail sent from it.</summary>
    public string Domain => Address[(Address.IndexOf('@', StringComparison.Ordinal) + 1)..];

    public Health.HealthFigures Health => new(LastReceiveAt, LastSendAt, LastConnectedAt, LastError, LastErrorAt);

    /// <summary>Records an error as the last one (the count per hour is kept by <see cref="Health.ChannelErrors"/>).</summary>
    public void Failed(string error, DateTime now)
    {
        LastError = error.Length > 1000 ? error[..1000] : error;
        LastErrorAt = now;
    }

    public string AuditSubjectType => "mailbox";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "mailbox";
}
