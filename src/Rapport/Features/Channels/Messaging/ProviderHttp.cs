using System.Net;
using System.Text.Json;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.Messaging;

/// <summary>
/// Calls a provider's API and reads its JSON answer. A rate limit (429) or a server error is worth retrying (the outbox
/// backs off); any other refusal is permanent and its reason is kept on the message.
/// </summary>
public static class ProviderHttp
{
    public const string ClientName = "messaging";

    public static async Task<JsonDocument> SendAsync(HttpClient http, HttpRequestMessage request, string provider, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            // A timeout, not a shutdown: a failed attempt to back off from, not a cancellation the outbox would ignore.
            throw new HttpRequestException($"{provider} did not answer in time; will retry.", e);
        }

        using var _ = response;
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
        {
            throw new HttpRequestException($"{provider} answered {(int)response.StatusCode}; will retry. {Snippet(body)}", null, response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new PermanentDeliveryException($"{provider} refused the message ({(int)response.StatusCode}): {Snippet(body)}");
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new HttpRequestException($"{provider} answered with something that is not JSON: {Snippet(body)}");
        }
    }

    public static string? Text(JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
            {
                return null;
            }
        }

        return e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.GetRawText(),
            _ => null,
        };
    }

    private static string Snippet(string body) => StorableText.Cut(body, 300);
}
