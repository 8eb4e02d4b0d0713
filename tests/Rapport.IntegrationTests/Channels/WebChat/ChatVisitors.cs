using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Rapport.IntegrationTests.Channels.WebChat;

/// <summary>A visitor's browser as the widget drives it: every request from the site's page origin, with the visitor token.</summary>
public sealed class ChatVisitorClient(HttpClient http, string origin)
{
    public string Token { get; private set; } = "";

    public HttpClient Http => http;

    public static async Task<string> CreateSiteAsync(HttpClient admin, string origin, Guid? teamId = null, bool followHours = false, string? name = null,
        bool nobodyOffline = false)
    {
        var site = await (await admin.PostAsync("/api/v1/chat-sites", Requests.JsonBody(new
        {
            name = name ?? $"Harbour Hotel {Unique.Letters()[..6]}",
            allowedOrigins = new[] { origin },
            teamId,
            followOrganisationHours = followHours,
            offlineWhenNobodyAvailable = nobodyOffline,
        }))).ExpectAsync(HttpStatusCode.Created);
        return site.Id();
    }

    public async Task<JsonNode> StartAsync(string siteId, string? token = null)
    {
        var started = await (await SendAsync(HttpMethod.Post, $"/chat/v1/sites/{siteId}/visitors", new { token })).ReadJsonAsync();
        Token = started["token"]!.GetValue<string>();
        return started;
    }

    public void Use(string token) => Token = token;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : Requests.JsonBody(body) };
        request.Headers.Add("Origin", origin);
        if (Token.Length > 0)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        }

        return http.SendAsync(request);
    }

    public async Task<JsonNode> SayAsync(string text, string? clientMessageId = null) =>
        await (await SendAsync(HttpMethod.Post, "/chat/v1/messages", new { clientMessageId = clientMessageId ?? Unique.Letters(), text }))
            .ExpectAsync(HttpStatusCode.Accepted);

    /// <summary>A file as the widget sends it: multipart, with the message id and an optional caption.</summary>
    public Task<HttpResponseMessage> SendFileAsync(string fileName, byte[] content, string mediaType, string? text = null, string? clientMessageId = null)
    {
        var form = new MultipartFormDataContent { { new StringContent(clientMessageId ?? Unique.Letters()), "clientMessageId" } };
        if (text is not null)
        {
            form.Add(new StringContent(text), "text");
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        form.Add(file, "file", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, "/chat/v1/files") { Content = form };
        request.Headers.Add("Origin", origin);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return http.SendAsync(request);
    }

    public async Task<JsonArray> MessagesAsync(string query = "") =>
        (await (await SendAsync(HttpMethod.Get, "/chat/v1/messages" + query)).ExpectAsync(HttpStatusCode.OK))["messages"]!.AsArray();
}

/// <summary>The widget's socket as a test drives it.</summary>
public static class ChatSockets
{
    public static Task SendAsync(WebSocket socket, object frame) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame, Requests.Json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next frame, or null when none comes within <paramref name="within"/>.</summary>
    public static async Task<JsonNode?> ReceiveAsync(WebSocket socket, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var buffer = new byte[64 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                length += result.Count;
                if (result.EndOfMessage)
                {
                    return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, length));
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
