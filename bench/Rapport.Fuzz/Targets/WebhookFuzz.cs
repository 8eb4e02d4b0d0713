using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.WebUtilities;
using Rapport.Features.Identity;
using Rapport.TestData;

namespace Rapport.Fuzz;

/// <summary>
/// The provider webhook parsers (Twilio, WhatsApp and Messenger, Telegram, Vonage) through HTTP on the in-process host,
/// with the recorded real cases mutated byte by byte and node by node, payloads built from each provider's field names,
/// and random bytes; nine in ten signed correctly by the fuzzer with the account's secret, so the parse is reached.
/// Properties: never a 5xx; a 4xx is problem JSON and journalled nothing (nor recorded a call).
/// </summary>
public static class WebhookFuzz
{
    public const string PublicUrl = "https://rapport.example.com";
    private const string TwilioToken = "9f2c1a7e5b3d48e6a0c4f1b2d3e4a5b6";
    private const string MetaSecret = "d1b2c3a4e5f60718293a4b5c6d7e8f90";
    private const string TelegramSecret = "rapport_tg_secret-0123456789";
    private const string VonageSecret = "Xq9kL2mN8pR4tV6wY1zB3cD5fG7hJ0aS";

    /// <summary>A recorded request: where it went and what it carried (the query of a GET, else the body).</summary>
    private sealed record Seed(string Method, string Path, string ContentType, byte[] Payload);

    private static readonly string[] TwilioPaths = ["/webhooks/twilio/sms", "/webhooks/twilio/sms-status", "/webhooks/twilio/voice-status", "/webhooks/twilio/recording-status"];

    private static readonly Lazy<Seed[]> Seeds = new(() => new[] { "twilio", "whatsapp", "messenger", "telegram", "vonage" }
        .SelectMany(p => TestWebhooks.Cases(p)).Select(c => Read(c)).OfType<Seed>()
        .Concat(TwilioPaths.Select(p => new Seed("POST", p, "application/x-www-form-urlencoded", []))).ToArray());

    private static Seed? Read(string casePath)
    {
        var request = TestWebhooks.Case(casePath)["request"];
        if (request?["url"]?.GetValue<string>() is not { } url || !url.StartsWith(PublicUrl, StringComparison.Ordinal))
        {
            return null;
        }

        var path = url[PublicUrl.Length..].Split('?')[0];
        var method = request["method"]!.GetValue<string>();
        var contentType = request["headers"]?["Content-Type"]?.GetValue<string>() ?? "";
        if (request["query_file"] is { } query)
        {
            return new Seed(method, path, contentType, TestWebhooks.Sibling(casePath, query.GetValue<string>()));
        }

        return request["body_file"] is { } body ? new Seed(method, path, contentType, TestWebhooks.Sibling(casePath, body.GetValue<string>())) : null;
    }

    /// <summary>The field names each provider sends, so built payloads reach the parsers' deeper paths.</summary>
    private static readonly string[] JsonKeys =
    [
        "object", "entry", "id", "time", "changes", "field", "value", "messaging_product", "metadata", "phone_number_id", "display_phone_number",
        "contacts", "profile", "name", "wa_id", "user_id", "messages", "from", "from_user_id", "timestamp", "type", "text", "body", "image", "document",
        "audio", "video", "sticker", "location", "caption", "mime_type", "sha256", "filename", "statuses", "status", "recipient_id", "errors", "code",
        "title", "messaging", "sender", "recipient", "message", "mid", "attachments", "payload", "url", "is_echo", "update_id", "edited_message",
        "message_id", "chat", "first_name", "last_name", "username", "is_bot", "date", "edit_date", "photo", "file_id", "file_name", "voice",
        "animation", "video_note", "reply_to_message", "context", "interactive", "button", "reaction", "emoji",
    ];

    private static readonly string[] FormKeys =
    [
        "MessageSid", "SmsSid", "AccountSid", "From", "To", "Body", "NumMedia", "MediaUrl0", "MediaContentType0", "MediaUrl1", "MessageStatus",
        "ErrorCode", "CallSid", "CallStatus", "Direction", "CallDuration", "SequenceNumber", "Timestamp", "RecordingSid", "RecordingUrl",
        "RecordingDuration", "RecordingStatus", "msisdn", "to", "messageId", "text", "type", "keyword", "message-timestamp", "timestamp", "nonce",
        "concat", "concat-ref", "concat-part", "concat-total", "api-key",
    ];

    private static readonly Gen<string> FormValue = Gen.OneOf(
        Gen.OneOfConst("+447700900456", "whatsapp:+447700900456", "+447700900001", "SM0123", "CA0123", "RE0123", "1", "0", "-1", "11", "99999999999",
            "true", "false", "received", "delivered", "undelivered", "failed", "completed", "busy", "no-answer", "outbound-api", "inbound", "30003",
            "https://api.twilio.com/x", "image/jpeg", "text", "unicode", "binary", "2025-07-15 13:30:12", "Wed, 15 Jul 2025 13:30:12 +0000", "1752586212"),
        Gen.OneOfConst(Nasty.Strings),
        Gen.String[Gen.Char, 0, 20]);

    private static byte[] FormBuilt(PCG random)
    {
        var pairs = Enumerable.Range(0, random.Below(14)).Select(_ => (random.Chance(92) ? random.OneOf(FormKeys) : random.Draw(FormValue), random.Draw(FormValue)));
        return Encoding.UTF8.GetBytes(string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2))));
    }

    /// <summary>One request: a real case's payload mutated (bytes or JSON nodes), built from field names, or random bytes; usually signed.</summary>
    public static HttpRequestMessage Generate(PCG random)
    {
        var seeds = Seeds.Value;
        var seed = random.OneOf(seeds);
        var json = seed.ContentType.Contains("json", StringComparison.Ordinal) || seed.Path is "/webhooks/telegram" or "/webhooks/whatsapp" or "/webhooks/messenger";
        var payload = random.Below(10) switch
        {
            < 3 => Nasty.Mutate(random, seed.Payload),
            < 6 when json => JsonMutation.TreeMutated(random, seed.Payload, JsonKeys),
            < 8 => json ? Encoding.UTF8.GetBytes(random.Chance(70) ? "{" + string.Join(",", Enumerable.Range(0, random.Below(4) + 1)
                .Select(_ => $"{Nasty.JsonString(random.OneOf(JsonKeys))}:{JsonMutation.RandomJson(random, 1, JsonKeys)}")) + "}" : JsonMutation.RandomJson(random, 0, JsonKeys)) : FormBuilt(random),
            < 9 => seed.Payload,
            _ => Nasty.RandomBytes(random, 3000),
        };
        var signed = random.Chance(90);
        var vonageJson = seed.Path.StartsWith("/webhooks/vonage", StringComparison.Ordinal) && random.Chance(20);
        return Request(seed, payload, signed, vonageJson);
    }

    private static HttpRequestMessage Request(Seed seed, byte[] payload, bool signed, bool vonageJson)
    {
        if (seed.Path.StartsWith("/webhooks/vonage", StringComparison.Ordinal))
        {
            return Vonage(seed, payload, signed, vonageJson);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, seed.Path) { Content = new ByteArrayContent(payload) };
        if (seed.Path.StartsWith("/webhooks/twilio", StringComparison.Ordinal))
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=UTF-8");
            if (signed)
            {
                var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(payload));
                var data = PublicUrl + seed.Path + string.Concat(form.SelectMany(f => f.Value.Select(v => (f.Key, Value: v ?? "")))
                    .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
#pragma warning disable CA5350 // Twilio's protocol fixes HMAC-SHA1.
                request.Headers.TryAddWithoutValidation("X-Twilio-Signature", Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(TwilioToken), Encoding.UTF8.GetBytes(data))));
#pragma warning restore CA5350
            }

            return request;
        }

        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signed && seed.Path is "/webhooks/telegram")
        {
            request.Headers.TryAddWithoutValidation("X-Telegram-Bot-Api-Secret-Token", TelegramSecret);
        }
        else if (signed)
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(MetaSecret), payload)));
        }

        return request;
    }

    /// <summary>Vonage signs the decoded parameters (query, form or JSON) with <c>sig</c>; the fuzzer signs what the receiver will read.</summary>
    private static HttpRequestMessage Vonage(Seed seed, byte[] payload, bool signed, bool asJson)
    {
        var text = Encoding.UTF8.GetString(payload);
        if (asJson)
        {
            var fields = QueryHelpers.ParseQuery(text);
            var body = "{" + string.Join(",", fields.Select(f => $"{Nasty.JsonString(f.Key)}:{Nasty.JsonString(f.Value.ToString())}")) + "}";
            if (signed)
            {
                var sig = VonageSig(fields.Select(f => (f.Key, f.Value.ToString())));
                body = body.Length == 2 ? $"{{\"sig\":\"{sig}\"}}" : $"{{\"sig\":\"{sig}\"," + body[1..];
            }

            return new HttpRequestMessage(HttpMethod.Post, seed.Path) { Content = new StringContent(body, new MediaTypeHeaderValue("application/json")) };
        }

        if (signed)
        {
            var fields = QueryHelpers.ParseQuery(text);
            text += (text.Length == 0 ? "" : "&") + "sig=" + VonageSig(fields.Select(f => (f.Key, f.Value.ToString())));
        }

        return seed.Method == "GET"
            ? new HttpRequestMessage(HttpMethod.Get, seed.Path + "?" + text)
            : new HttpRequestMessage(HttpMethod.Post, seed.Path) { Content = new StringContent(text, new MediaTypeHeaderValue("application/x-www-form-urlencoded")) };
    }

    private static string VonageSig(IEnumerable<(string Name, string Value)> fields) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(VonageSecret),
        Encoding.UTF8.GetBytes(string.Concat(fields.Where(f => f.Name != "sig").OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => "&" + f.Name + "=" + f.Value.Replace('&', '_').Replace('=', '_'))))));

    /// <summary>The accounts the fuzzer signs for, connected through the API as an administrator would.</summary>
    public static async Task ConnectAccountsAsync(HttpClient admin)
    {
        const string nowhere = "http://127.0.0.1:9";
        JsonObject[] accounts =
        [
            new() { ["name"] = "Twilio SMS", ["provider"] = "twilio", ["address"] = "+447700900001", ["accountId"] = "AC616ac0a33f011e84076f507c4c2f6bcb", ["webhookSecret"] = TwilioToken, ["apiBaseUrl"] = nowhere },
            new() { ["name"] = "WhatsApp", ["provider"] = "whatsApp", ["address"] = "106540352242922", ["webhookSecret"] = MetaSecret, ["apiSecret"] = "wa-access-token", ["verifyToken"] = "meatyhamhock", ["apiBaseUrl"] = nowhere },
            new() { ["name"] = "Messenger", ["provider"] = "messenger", ["address"] = "101234567890123", ["webhookSecret"] = MetaSecret, ["apiSecret"] = "page-access-token", ["verifyToken"] = "meatyhamhock", ["apiBaseUrl"] = nowhere },
            new() { ["name"] = "Telegram bot", ["provider"] = "telegram", ["address"] = "rapport_help_bot", ["webhookSecret"] = TelegramSecret, ["apiSecret"] = "123456:bot-token", ["apiBaseUrl"] = nowhere },
            new() { ["name"] = "Vonage (SHA-256)", ["provider"] = "vonage", ["address"] = "+447700900002", ["accountId"] = "a1b2c3d4", ["apiSecret"] = "vonage-api-secret", ["webhookSecret"] = VonageSecret, ["vonageSigning"] = "sha256", ["replayWindowSeconds"] = 0, ["apiBaseUrl"] = nowhere },
        ];
        foreach (var account in accounts)
        {
            using var response = await admin.PostAsync("/api/v1/channel-accounts", new StringContent(account.ToJsonString(), new MediaTypeHeaderValue("application/json")));
            if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.Conflict)
            {
                throw new InvalidOperationException($"Could not connect {account["name"]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    public static async Task<FuzzReport> RunAsync(FuzzHost host, int cases, ulong seed, int? onlyCase = null, Action<string>? progress = null)
    {
        await ConnectAccountsAsync(host.ClientAs(Roles.Administrator));
        var anonymous = host.ClientAs(null);
        // Ingestion works on in the background after each 2xx; only what a refused request itself writes is compared.
        var fingerprint = await DatabaseFingerprint.ForAsync(host.Services, ["inbound_journal", "call_records"]);
        return await FuzzRun.RunAsync("webhooks", cases, seed, async (random, report) =>
        {
            using var request = Generate(random);
            var what = $"{request.Method} {Answers.Cut(request.RequestUri!.ToString(), 120)}";
            var before = await fingerprint.TakeAsync();
            using var response = await anonymous.SendAsync(request);
            return await Answers.CheckAsync(response, report, what, fingerprint, before);
        }, onlyCase, progress);
    }
}
