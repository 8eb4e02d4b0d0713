using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Rapport.Features.Channels.Messaging;

/// <summary>Why media could not be fetched; <see cref="Retry"/> when trying again later may succeed (a timeout, a 5xx, a 429).</summary>
public sealed class MediaUnavailableException(string reason, bool retry) : Exception(reason)
{
    public bool Retry => retry;
}

/// <summary>Fetched media: the bytes and the type the provider gave them.</summary>
public sealed record DownloadedMedia(byte[] Content, string? MediaType);

/// <summary>
/// Each provider's way to hand over an inbound media file, with the account's credentials:
/// Twilio — GET the MediaUrl with HTTP basic auth (Account SID, auth token); WhatsApp Cloud API — GET /{media-id} for a
/// short-lived URL, then GET that URL, both with the access token as bearer; Telegram — getFile?file_id=… for the
/// file_path, then GET /file/bot{token}/{file_path}; Messenger — GET the attachment's payload URL (a CDN link, no
/// credentials). Credentials go only to the account's own API base (Twilio's MediaUrl is rebased onto it) or to the URL the
/// provider's API itself returned (WhatsApp).
/// </summary>
public sealed class MediaDownloads(IHttpClientFactory http)
{
    public async Task<DownloadedMedia> FetchAsync(ConnectedAccount account, string reference, long maxBytes, CancellationToken ct)
    {
        var client = http.CreateClient(ProviderHttp.ClientName);
        switch (account.Provider)
        {
            case MessagingProvider.Twilio:
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, TwilioUrl(account, reference));
                    request.Headers.Authorization = Twilio.TwilioClient.Basic(account);
                    return await DownloadAsync(client, request, "Twilio", maxBytes, ct);
                }

            case MessagingProvider.WhatsApp:
                {
                    using var lookup = new HttpRequestMessage(HttpMethod.Get, $"{account.ApiBase}/{Uri.EscapeDataString(reference)}");
                    lookup.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiSecret);
                    var (url, type) = await LookupAsync(client, lookup, "WhatsApp", e => (ProviderHttp.Text(e, "url"), ProviderHttp.Text(e, "mime_type")), ct);
                    using var request = new HttpRequestMessage(HttpMethod.Get, Absolute(url, "WhatsApp"));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiSecret);
                    var media = await DownloadAsync(client, request, "WhatsApp", maxBytes, ct);
                    return media with { MediaType = type ?? media.MediaType };
                }

            case MessagingProvider.Telegram:
                {
                    using var lookup = new HttpRequestMessage(HttpMethod.Get, $"{account.ApiBase}/bot{account.ApiSecret}/getFile?file_id={Uri.EscapeDataString(reference)}");
                    var (path, _) = await LookupAsync(client, lookup, "Telegram",
                        e => (e.TryGetProperty("result", out var r) ? ProviderHttp.Text(r, "file_path") : null, null), ct);
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"{account.ApiBase}/file/bot{account.ApiSecret}/{path}");
                    return await DownloadAsync(client, request, "Telegram", maxBytes, ct);
                }

            case MessagingProvider.Messenger:
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, Absolute(reference, "Messenger"));
                    return await DownloadAsync(client, request, "Messenger", maxBytes, ct);
                }

            default:
                throw new MediaUnavailableException($"Rapport does not fetch media from {account.Provider}", false);
        }
    }

    /// <summary>
    /// Twilio's MediaUrl names api.twilio.com; it is fetched from the account's API base (a region, a proxy, a test
    /// stand-in) so the auth token never goes anywhere else.
    /// </summary>
    private static Uri TwilioUrl(ConnectedAccount account, string reference)
    {
        var url = Absolute(reference, "Twilio");
        var apiBase = new Uri(account.ApiBase + "/");
        if (string.Equals(url.Host, "api.twilio.com", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(apiBase, url.PathAndQuery.TrimStart('/'));
        }

        return url.GetLeftPart(UriPartial.Authority) == apiBase.GetLeftPart(UriPartial.Authority)
            ? url
            : throw new MediaUnavailableException($"the media URL is not at Twilio ({url.Host}), so the account's credentials are not sent to it", false);
    }

    private static Uri Absolute(string? url, string provider) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new MediaUnavailableException($"{provider} gave no usable media URL", false);

    private static async Task<(string? Value, string? Type)> LookupAsync(HttpClient client, HttpRequestMessage request, string provider,
        Func<JsonElement, (string?, string?)> read, CancellationToken ct)
    {
        using var response = await SendAsync(client, request, provider, HttpCompletionOption.ResponseContentRead, ct);
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var (value, type) = read(json.RootElement);
            return value is null ? throw new MediaUnavailableException($"{provider} did not say where the media is", false) : (value, type);
        }
        catch (JsonException)
        {
            throw new MediaUnavailableException($"{provider} answered with something that is not JSON", true);
        }
    }

    private static async Task<DownloadedMedia> DownloadAsync(HttpClient client, HttpRequestMessage request, string provider, long maxBytes, CancellationToken ct)
    {
        using var response = await SendAsync(client, request, provider, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw new MediaUnavailableException(
                $"{Conversations.AttachmentStore.Size(response.Content.Headers.ContentLength.Value)} is over the {Conversations.AttachmentStore.Size(maxBytes)} limit per attachment", false);
        }

        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new MediaUnavailableException($"it is over the {Conversations.AttachmentStore.Size(maxBytes)} limit per attachment", false);
            }

            buffer.Write(chunk, 0, read);
        }

        return new DownloadedMedia(buffer.ToArray(), response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, string provider, HttpCompletionOption completion,
        CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, completion, ct);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new MediaUnavailableException($"{provider} did not answer in time", true);
        }
        catch (HttpRequestException e)
        {
            throw new MediaUnavailableException($"{provider} could not be reached: {e.Message}", true);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using var _ = response;
        var retry = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
        var why = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone ? " (the provider no longer keeps it)"
            : response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " (the account's credentials were refused)" : "";
        throw new MediaUnavailableException($"{provider} answered {(int)response.StatusCode}{why}", retry);
    }
}
