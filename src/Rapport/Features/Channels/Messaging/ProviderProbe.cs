using System.Net;
using System.Text.Json;

namespace Rapport.Features.Channels.Messaging;

/// <summary>A connection test that failed, in words an administrator can act on.</summary>
public sealed class ConnectionTestFailedException(string message) : Exception(message);

/// <summary>
/// Reads a provider's answer to a connection test (a harmless read such as Telegram's getMe) and turns a refusal into
/// what to check: the credentials, the id, or the provider's own trouble.
/// </summary>
public static class ProviderProbe
{
    public static async Task<JsonDocument> GetAsync(HttpClient http, HttpRequestMessage request, string provider, string credentials, string id,
        CancellationToken ct)
    {
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var said = ProviderSaid(body) is { } reason ? $" {provider} said: “{reason}”." : "";
        var code = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new ConnectionTestFailedException($"{provider} refused Rapport's credentials ({code}). Check the {credentials}.{said}");
        }

        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            throw new ConnectionTestFailedException($"{provider} does not know this account ({code}). Check the {id} and the {credentials}.{said}");
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new ConnectionTestFailedException($"{provider} is limiting how often Rapport may call (429). Try again in a minute.{said}");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectionTestFailedException($"{provider} answered with an error of its own ({code}); try again later.{said}");
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new ConnectionTestFailedException($"Something answered at {request.RequestUri?.GetLeftPart(UriPartial.Authority)}, but not as {provider}: check the API base URL.");
        }
    }

    /// <summary>The reason in a provider's error body: Telegram's description, Meta's error.message, Twilio's message, Vonage's error-code-label.</summary>
    private static string? ProviderSaid(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var reason = ProviderHttp.Text(json.RootElement, "description") ?? ProviderHttp.Text(json.RootElement, "error", "message")
                ?? ProviderHttp.Text(json.RootElement, "message") ?? ProviderHttp.Text(json.RootElement, "error-code-label")
                ?? ProviderHttp.Text(json.RootElement, "title");
            return reason is { Length: > 200 } ? reason[..200] : reason;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
