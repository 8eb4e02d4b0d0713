namespace Rapport.Features.Channels.Messaging;

/// <summary>Plain words for the delivery error codes agents meet most, so a failed message says what to do next.</summary>
public static class ProviderErrors
{
    private static readonly Dictionary<string, string> Twilio = new()
    {
        ["30003"] = "Unreachable destination handset: the phone is off or out of coverage. Try again later or use another channel.",
        ["30004"] = "Message blocked: the recipient has blocked messages from this number.",
        ["30005"] = "Unknown destination handset: the number does not exist. Check it with the customer.",
        ["30006"] = "Landline or unreachable carrier: this number cannot receive SMS. Call instead or use another channel.",
        ["30007"] = "Filtered by the carrier as unwanted. Rephrase, or use another channel.",
        ["30008"] = "Unknown error at the carrier. Try again later.",
        ["21610"] = "The customer has opted out (replied STOP). Do not text them; use another channel.",
        ["21211"] = "The number is not a valid phone number.",
        ["63016"] = "More than 24 hours since the customer last replied on WhatsApp: use an approved template or another channel.",
    };

    private static readonly Dictionary<string, string> WhatsApp = new()
    {
        ["131047"] = "More than 24 hours since the customer last replied: use an approved template or another channel.",
        ["131026"] = "Message undeliverable: the number may not be on WhatsApp, or has not accepted the latest terms.",
        ["131051"] = "This kind of message is not supported by WhatsApp.",
        ["131048"] = "Spam rate limit reached: too many messages were blocked or reported. Slow down or use another channel.",
        ["130429"] = "WhatsApp's rate limit was reached. The message can be sent again shortly.",
        ["131049"] = "Not delivered to keep engagement healthy (marketing limit). Use another channel.",
    };

    public static string? Explain(MessagingProvider provider, string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        var known = provider switch
        {
            MessagingProvider.Twilio => Twilio,
            MessagingProvider.WhatsApp => WhatsApp,
            _ => null,
        };
        return known?.GetValueOrDefault(code) ?? $"The provider reported error {code}.";
    }
}
