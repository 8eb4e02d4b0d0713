using Rapport.Features.Audit;
using Rapport.Features.Channels.Vonage;
using Rapport.Features.Customers;

namespace Rapport.Features.Channels.Messaging;

/// <summary>The messaging providers Rapport speaks to, each in its own published webhook and send formats.</summary>
public enum MessagingProvider { Twilio, WhatsApp, Messenger, Telegram, Vonage }

/// <summary>
/// One connection to a messaging provider: a Twilio number, a WhatsApp Business phone number, a Facebook page, a
/// Telegram bot, a Vonage number. Secrets are stored encrypted with the host's data-protection keys and never returned.
/// Health columns say when it last received and sent and what last went wrong.
/// </summary>
public sealed class ChannelAccount : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public MessagingProvider Provider { get; init; }
    /// <summary>
    /// Who the organisation is on the channel and who replies come from: the E.164 number (Twilio, Vonage), the
    /// phone-number id (WhatsApp), the page id (Messenger), the bot's user name (Telegram).
    /// </summary>
    public required string Address { get; set; }
    /// <summary>The provider's account: Twilio Account SID, Vonage API key; unused by the others.</summary>
    public string? AccountId { get; set; }
    /// <summary>What authenticates the provider's webhooks: Twilio auth token, Meta app secret, Telegram secret token, Vonage signature secret.</summary>
    [AuditRedacted]
    public string WebhookSecretProtected { get; set; } = "";
    /// <summary>What authenticates Rapport to the provider's API: access token (Meta), bot token (Telegram), API secret (Vonage); Twilio uses its auth token.</summary>
    [AuditRedacted]
    public string ApiSecretProtected { get; set; } = "";
    /// <summary>Meta's subscription handshake token.</summary>
    [AuditRedacted]
    public string VerifyTokenProtected { get; set; } = "";
    /// <summary>How Vonage signs its webhooks, as chosen in Vonage's dashboard.</summary>
    public VonageSignatureMethod VonageSigning { get; set; } = VonageSignatureMethod.Md5Hash;
    /// <summary>How old a signed webhook may be (Vonage's timestamp); 0 turns the check off.</summary>
    public int ReplayWindowSeconds { get; set; } = 300;
    /// <summary>The provider's API root, e.g. https://api.twilio.com; configurable for regions, proxies and test stand-ins.</summary>
    public string? ApiBaseUrl { get; set; }
    public bool Enabled { get; set; } = true;

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

    public Health.HealthFigures Health => new(LastReceiveAt, LastSendAt, LastConnectedAt, LastError, LastErrorAt);

    /// <summary>Records an error as the last one (the count per hour is kept by <see cref="Health.ChannelErrors"/>).</summary>
    public void Failed(string error, DateTime now)
    {
        LastError = error.Length > 1000 ? error[..1000] : error;
        LastErrorAt = now;
    }

    public Channel Channel => ChannelOf(Provider);

    public static Channel ChannelOf(MessagingProvider provider) => provider switch
    {
        MessagingProvider.WhatsApp => Channel.WhatsApp,
        MessagingProvider.Messenger => Channel.Messenger,
        MessagingProvider.Telegram => Channel.Telegram,
        _ => Channel.Sms,
    };

    public static string DefaultApiBase(MessagingProvider provider) => provider switch
    {
        MessagingProvider.Twilio => "https://api.twilio.com",
        MessagingProvider.WhatsApp or MessagingProvider.Messenger => "https://graph.facebook.com/v21.0",
        MessagingProvider.Telegram => "https://api.telegram.org",
        _ => "https://rest.nexmo.com",
    };

    public string ApiBase => (string.IsNullOrWhiteSpace(ApiBaseUrl) ? DefaultApiBase(Provider) : ApiBaseUrl).TrimEnd('/');

    public string AuditSubjectType => "channel-account";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "channel account";
}
