using System.Globalization;
using System.Text.Json;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Channels.Vonage;

/// <summary>
/// Vonage (Nexmo) SMS API inbound messages, signed with the account's signature secret (sig, timestamp, nonce), by GET
/// query, POST form or POST JSON as chosen in Vonage's dashboard. Parts of a concatenated SMS become one message.
/// </summary>
public static class VonageWebhooks
{
    public static readonly string[] Paths = ["/webhooks/vonage/inbound-sms"];

    public static void Map(RouteGroupBuilder webhooks)
    {
        webhooks.MapGet("/vonage/inbound-sms", (HttpContext http, WebhookReceiver receiver, TimeProvider time) =>
            receiver.ReceiveAsync(http, MessagingProvider.Vonage, (a, r) => Authentic(a, r, time), Inbound, TypedResults.NoContent()));
        webhooks.MapPost("/vonage/inbound-sms", (HttpContext http, WebhookReceiver receiver, TimeProvider time) =>
            receiver.ReceiveAsync(http, MessagingProvider.Vonage, (a, r) => Authentic(a, r, time), Inbound, TypedResults.NoContent()));
    }

    /// <summary>The signed parameters: the query for GET, else the form or JSON body.</summary>
    private static Dictionary<string, string> Parameters(WebhookRequest request)
    {
        if (request.Form.Count > 0)
        {
            return request.Form.ToDictionary(f => f.Key, f => f.Value.ToString());
        }

        if (request.Body.Length > 0 && request.Body[0] == (byte)'{')
        {
            using var json = JsonDocument.Parse(request.Body);
            // A name sent twice keeps its last value (as JSON readers do) rather than failing the whole request.
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in json.RootElement.EnumerateObject())
            {
                fields[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }

            return fields;
        }

        return request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
    }

    private static bool Authentic(ConnectedAccount account, WebhookRequest request, TimeProvider time)
    {
        Dictionary<string, string> parameters;
        try
        {
            parameters = request.Parsed(Parameters);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false; // not JSON, or text that is not Unicode: not a request Vonage signed
        }

        return account.WebhookSecret is { } secret
            && VonageSignature.IsValid(secret, account.VonageSigning, parameters)
            && (account.ReplayWindowSeconds == 0
                || VonageSignature.IsFresh(parameters.GetValueOrDefault("timestamp"), time.GetUtcNow(), TimeSpan.FromSeconds(account.ReplayWindowSeconds)));
    }

    private static WebhookBatch Inbound(ConnectedAccount account, WebhookRequest request)
    {
        var p = request.Parsed(Parameters);
        string Need(string name) => p.GetValueOrDefault(name) is { Length: > 0 } v ? v
            : throw new InvalidInputException(name, $"Vonage sends {name}; this request has none.");
        var id = Need("messageId");
        var from = Need("msisdn");
        InboundPart? part = null;
        if (p.GetValueOrDefault("concat") == "true")
        {
            part = new InboundPart($"{from}:{Need("concat-ref")}", Number(Need("concat-part"), "concat-part"), Number(Need("concat-total"), "concat-total"));
        }

        var sentAt = DateTime.TryParseExact(p.GetValueOrDefault("message-timestamp"), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTime?)null;
        var text = p.GetValueOrDefault("text") ?? (p.GetValueOrDefault("type") is { } type ? $"[{type} message sent by SMS; not shown here]" : "(empty message)");
        return new WebhookBatch([new InboundMessage(Channel.Sms, id, new InboundSender(Phone: "+" + from.TrimStart('+')), text,
            To: p.GetValueOrDefault("to") is { } to ? "+" + to.TrimStart('+') : null, SentAt: sentAt, Part: part)], []);
    }

    private static int Number(string value, string field) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new InvalidInputException(field, $"{field} is a whole number.");

}
