using Rapport.Features.Conversations;

namespace Rapport.Features.Channels.Messaging;

/// <summary>
/// A media file a provider keeps for an inbound message, listed on the message as an attachment at once and fetched by
/// <see cref="MediaFetcher"/> after the message is stored: never while the provider waits for its webhook's answer.
/// </summary>
public static class ProviderMedia
{
    /// <summary>An attachment without bytes yet: where the provider keeps it, and a placeholder reason until it is fetched.</summary>
    public static InboundAttachment Pending(ConnectedAccount account, string providerRef, string? mediaType, string? fileName, string kind, int index) =>
        new(Guid.CreateVersion7(), FileNames.Sanitise(fileName, $"{kind}-{index}{Extension(mediaType)}"),
            string.IsNullOrWhiteSpace(mediaType) ? "application/octet-stream" : mediaType.Trim().ToLowerInvariant(), 0, null, null, false,
            $"being fetched from {ProviderName(account.Provider)}", providerRef, account.Id);

    public static string ProviderName(MessagingProvider provider) => provider switch
    {
        MessagingProvider.WhatsApp => "WhatsApp",
        MessagingProvider.Messenger => "Messenger",
        MessagingProvider.Telegram => "Telegram",
        _ => provider.ToString(),
    };

    /// <summary>What a message with media and no text says in the timeline; the files are its attachments.</summary>
    public static string Described(int count, string network) =>
        count == 1 ? $"(an attachment sent on {network})" : $"({count} attachments sent on {network})";

    private static string Extension(string? mediaType) => mediaType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "application/pdf" => ".pdf",
        "video/mp4" => ".mp4",
        "audio/ogg" or "audio/ogg; codecs=opus" => ".ogg",
        "audio/mpeg" => ".mp3",
        "audio/amr" => ".amr",
        "text/vcard" or "text/x-vcard" => ".vcf",
        _ => "",
    };
}
