using Rapport.Features.Channels.Email;

namespace Rapport.Features.Channels.Pages;

/// <summary>What the Channels page's mailbox and account forms hold; turned into the API's own request records.</summary>
public sealed class ChannelForm
{
    public string? Name { get; set; }
    public bool Enabled { get; set; } = true;
    public string? Address { get; set; }
    public string? ImapHost { get; set; }
    public int ImapPort { get; set; } = 993;
    public MailSecurity ImapSecurity { get; set; } = MailSecurity.SslOnConnect;
    public string? ImapUser { get; set; }
    public string? ImapPassword { get; set; }
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public MailSecurity SmtpSecurity { get; set; } = MailSecurity.StartTls;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    public string? WebhookSecret { get; set; }
    public string? ApiSecret { get; set; }
    public string? VerifyToken { get; set; }
    public Messaging.MessagingProvider? Provider { get; set; }
    public string? AccountId { get; set; }
    public string? ApiBaseUrl { get; set; }
    public Vonage.VonageSignatureMethod VonageSigning { get; set; } = Vonage.VonageSignatureMethod.Md5Hash;
    public int ReplayWindowSeconds { get; set; } = 300;

    /// <summary>A mailbox's settings to edit; its passwords are not read (they stay write-only).</summary>
    public static ChannelForm Of(Mailbox m) => new()
    {
        Name = m.Name,
        Enabled = m.Enabled,
        Address = m.Address,
        ImapHost = m.ImapHost,
        ImapPort = m.ImapPort,
        ImapSecurity = m.ImapSecurity,
        ImapUser = m.ImapUser,
        SmtpHost = m.SmtpHost,
        SmtpPort = m.SmtpPort,
        SmtpSecurity = m.SmtpSecurity,
        SmtpUser = m.SmtpUser,
    };

    /// <summary>A channel account's settings to edit; its secrets are not read (they stay write-only).</summary>
    public static ChannelForm Of(Messaging.ChannelAccount a) => new()
    {
        Name = a.Name,
        Enabled = a.Enabled,
        Address = a.Address,
        Provider = a.Provider,
        AccountId = a.AccountId,
        ApiBaseUrl = a.ApiBaseUrl,
        VonageSigning = a.VonageSigning,
        ReplayWindowSeconds = a.ReplayWindowSeconds,
    };

    /// <summary>Every setting of a channel account as it stands; empty secrets are left out, so the stored ones stay.</summary>
    public Messaging.UpdateChannelAccountRequest ToAccountUpdate() => new(Name ?? "", Enabled, Blank(WebhookSecret), Blank(ApiSecret), Blank(VerifyToken),
        ApiBaseUrl?.Trim() ?? "", Address?.Trim() ?? "", AccountId ?? (Provider is Messaging.MessagingProvider.Twilio or Messaging.MessagingProvider.Vonage ? "" : null),
        VonageSigning, ReplayWindowSeconds);

    public CreateMailboxRequest ToCreate() => new(Name ?? "", Address?.Trim() ?? "", ImapHost ?? "", ImapPort, ImapSecurity, ImapUser ?? "", Blank(ImapPassword),
        SmtpHost ?? "", SmtpPort, SmtpSecurity, Blank(SmtpUser), Blank(SmtpPassword));

    /// <summary>Every setting as it stands; empty passwords are left out, so the stored ones stay.</summary>
    public UpdateMailboxRequest ToUpdate() => new(Name ?? "", Address?.Trim() ?? "", ImapHost ?? "", ImapPort, ImapSecurity, ImapUser ?? "", Blank(ImapPassword),
        SmtpHost ?? "", SmtpPort, SmtpSecurity, SmtpUser ?? "", Blank(SmtpPassword), Enabled);

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
