using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace Rapport.Load.Chat;

/// <summary>
/// One visitor as the widget is one: a visitor token from the site, the live socket open (hello, then feed frames), and
/// messages sent over the visitor API. Records when each agent reply reached the socket, by its text.
/// </summary>
internal sealed class BenchVisitor : IAsyncDisposable
{
    private readonly ClientWebSocket socket = new();
    private readonly CancellationTokenSource stop = new();
    private Task receiving = Task.CompletedTask;

    private BenchVisitor(string token) => Token = token;

    public string Token { get; }

    public bool Open => socket.State == WebSocketState.Open;

    /// <summary>Agent replies by text, and when the socket received each (a Stopwatch timestamp).</summary>
    public ConcurrentDictionary<string, long> Received { get; } = new();

    public static async Task<BenchVisitor> ConnectAsync(HttpClient http, string siteId, string baseUrl, string origin, CancellationToken ct)
    {
        using var started = await http.PostAsJsonAsync($"/chat/v1/sites/{siteId}/visitors", new { }, ct);
        started.EnsureSuccessStatusCode();
        var token = (await started.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString()!;
        var visitor = new BenchVisitor(token);
        visitor.socket.Options.SetRequestHeader("Origin", origin);
        await visitor.socket.ConnectAsync(new Uri(baseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/chat/v1/socket"), ct);
        await visitor.socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { type = "hello", token }), WebSocketMessageType.Text, true, ct);
        visitor.receiving = visitor.ReceiveLoopAsync();
        return visitor;
    }

    public HttpRequestMessage Message(string clientMessageId, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/chat/v1/messages") { Content = JsonContent.Create(new { clientMessageId, text }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return request;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        using var frame = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                frame.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var at = Stopwatch.GetTimestamp();
                using (var json = JsonDocument.Parse(frame.ToArray()))
                {
                    if (json.RootElement.TryGetProperty("messages", out var messages))
                    {
                        foreach (var m in messages.EnumerateArray())
                        {
                            if (m.GetProperty("from").GetString() == "agent")
                            {
                                Received.TryAdd(m.GetProperty("text").GetString() ?? "", at);
                            }
                        }
                    }
                }

                frame.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException)
            {
                // The node went first.
            }
        }

        await stop.CancelAsync();
        await receiving;
        socket.Dispose();
        stop.Dispose();
    }
}
