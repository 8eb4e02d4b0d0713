using System.Text.Json.Nodes;

namespace Rapport.IntegrationTests.Channels.Messaging;

/// <summary>The channel accounts the recorded webhook cases were signed for, connected through the API.</summary>
public static class CorpusAccounts
{
    public const string TwilioSid = "AC616ac0a33f011e84076f507c4c2f6bcb";
    public const string TwilioToken = "9f2c1a7e5b3d48e6a0c4f1b2d3e4a5b6";
    public const string MetaSecret = "d1b2c3a4e5f60718293a4b5c6d7e8f90";
    public const string VerifyToken = "meatyhamhock";
    public const string TelegramSecret = "rapport_tg_secret-0123456789";
    public const string VonageSecret = "Xq9kL2mN8pR4tV6wY1zB3cD5fG7hJ0aS";
    public const string WhatsAppNumberId = "106540352242922";
    public const string PageId = "101234567890123";

    /// <summary>Connects one account per provider (two for Vonage, one per signing method); sends go to <paramref name="apiBase"/>.</summary>
    public static async Task ConnectAsync(HttpClient admin, string? apiBase = null, int vonageReplayWindow = 0)
    {
        foreach (var account in All(apiBase, vonageReplayWindow))
        {
            var response = await admin.PostAsync("/api/v1/channel-accounts", Requests.JsonBody(account));
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
        }
    }

    private static IEnumerable<JsonObject> All(string? apiBase, int vonageWindow) =>
    [
        new() { ["name"] = "Twilio SMS", ["provider"] = "twilio", ["address"] = "+447700900001", ["accountId"] = TwilioSid, ["webhookSecret"] = TwilioToken, ["apiBaseUrl"] = apiBase },
        new() { ["name"] = "WhatsApp", ["provider"] = "whatsApp", ["address"] = WhatsAppNumberId, ["webhookSecret"] = MetaSecret, ["apiSecret"] = "wa-access-token", ["verifyToken"] = VerifyToken, ["apiBaseUrl"] = apiBase },
        new() { ["name"] = "Messenger", ["provider"] = "messenger", ["address"] = PageId, ["webhookSecret"] = MetaSecret, ["apiSecret"] = "page-access-token", ["verifyToken"] = VerifyToken, ["apiBaseUrl"] = apiBase },
        new() { ["name"] = "Telegram bot", ["provider"] = "telegram", ["address"] = "rapport_help_bot", ["webhookSecret"] = TelegramSecret, ["apiSecret"] = "123456:bot-token", ["apiBaseUrl"] = apiBase },
        new() { ["name"] = "Vonage (MD5)", ["provider"] = "vonage", ["address"] = "+447700900001", ["accountId"] = "a1b2c3d4", ["apiSecret"] = "vonage-api-secret", ["webhookSecret"] = VonageSecret, ["vonageSigning"] = "md5Hash", ["replayWindowSeconds"] = vonageWindow, ["apiBaseUrl"] = apiBase },
        new() { ["name"] = "Vonage (SHA-256)", ["provider"] = "vonage", ["address"] = "+447700900002", ["accountId"] = "a1b2c3d4", ["apiSecret"] = "vonage-api-secret", ["webhookSecret"] = VonageSecret, ["vonageSigning"] = "sha256", ["replayWindowSeconds"] = vonageWindow, ["apiBaseUrl"] = apiBase },
    ];
}
