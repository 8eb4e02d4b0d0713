using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Rapport.Features.Demo;

/// <summary>
/// Stands in on 127.0.0.1 for the send APIs of Twilio, WhatsApp and Messenger (Graph), Telegram and Vonage for the demo's
/// channel accounts: every call is accepted with one answer each provider's client reads as "sent" (a sid, a message id,
/// Telegram's result, Vonage's status 0), and what it would have sent goes to the <see cref="DemoOutbox"/>. Nothing is
/// forwarded. Started only in demo mode by <see cref="DemoCatchers"/>.
/// </summary>
public sealed class DemoProviderStandIn(DemoOutbox outbox) : IAsyncDisposable
{
    private WebApplication? app;
    private long sent;

    public string BaseUrl => app?.Urls.First() ?? throw new InvalidOperationException("The provider stand-in is not started.");

    public async Task StartAsync(CancellationToken ct)
    {
        // Empty: the host's own configuration (a Kestrel section, ASPNETCORE_URLS) must not move the stand-in off loopback.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        app = builder.Build();
        app.Run(AnswerAsync);
        await app.StartAsync(ct);
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var id = Interlocked.Increment(ref sent);
        if (HttpMethods.IsPost(context.Request.Method))
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var (to, text) = Read(body, context.Request.ContentType);
            outbox.Caught(ChannelOf(context.Request.Path.Value ?? ""), "demo account", to, null, text);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sid"] = $"SMdemo{id:D26}",
            ["status"] = "queued",
            ["friendly_name"] = "Rapport demo",
            ["message_id"] = $"m_demo{id}",
            ["messages"] = new object[] { new Dictionary<string, string> { ["id"] = $"wamid.demo{id}", ["status"] = "0", ["message-id"] = $"demo{id}" } },
            ["ok"] = true,
            ["result"] = new Dictionary<string, object> { ["message_id"] = id, ["username"] = DemoChannels.TelegramBot },
            ["display_phone_number"] = DemoChannels.SmsNumber,
            ["verified_name"] = "Harbour & Hills (demo)",
            ["name"] = "Harbour & Hills (demo)",
            ["value"] = 10.0,
        }), context.RequestAborted);
    }

    /// <summary>Which provider's API was called, from its path (Telegram's token, in the path, is not shown).</summary>
    private static string ChannelOf(string path) =>
        path.Contains("/Messages.json", StringComparison.Ordinal) || path.EndsWith("/sms/json", StringComparison.Ordinal) ? "SMS"
        : path.Contains("/sendMessage", StringComparison.Ordinal) ? "Telegram"
        : path.Contains(DemoChannels.MessengerPageId, StringComparison.Ordinal) ? "Messenger"
        : "WhatsApp";

    /// <summary>The recipient and text of a send, from a form (Twilio, Vonage) or JSON (Graph, Telegram) body.</summary>
    private static (string To, string Text) Read(string body, string? contentType)
    {
        if (contentType?.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            var form = QueryHelpers.ParseQuery(body);
            return (First(form, "To", "to"), First(form, "Body", "text"));
        }

        try
        {
            var json = JsonNode.Parse(body);
            var to = json?["to"] ?? json?["chat_id"] ?? json?["recipient"]?["id"];
            var text = json?["text"] is JsonObject t ? t["body"] : json?["text"] ?? json?["message"]?["text"] ?? json?["template"]?["name"];
            return (to?.ToString() ?? "", text?.ToString() ?? body);
        }
        catch (JsonException)
        {
            return ("", body);
        }

        static string First(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form, params string[] keys) =>
            keys.Select(k => form.TryGetValue(k, out var v) ? v.ToString() : null).FirstOrDefault(v => v is not null) ?? "";
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
