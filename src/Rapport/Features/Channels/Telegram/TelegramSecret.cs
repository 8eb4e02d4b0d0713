namespace Rapport.Features.Channels.Telegram;

/// <summary>
/// Telegram signs nothing: <c>setWebhook(secret_token=…)</c> makes it send that exact value in
/// <c>X-Telegram-Bot-Api-Secret-Token</c> on every update.
/// </summary>
public static class TelegramSecret
{
    /// <summary>Whether the header is exactly the configured secret token, compared in constant time; a missing header never is.</summary>
    public static bool IsValid(string expected, string? header) => WebhookSecretComparison.Utf8Equals(expected, header);
}
