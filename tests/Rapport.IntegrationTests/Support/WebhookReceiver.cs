using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rapport.IntegrationTests.Support;

/// <summary>One request as the receiver saw it: headers and the exact body bytes.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A tiny real HTTP server (Kestrel on a free loopback port) standing in for a customer's webhook endpoint. It answers
/// with the queued status codes, then 200, and records every request.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> statuses = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    private int arrived;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>How many requests have reached the receiver, answered or still held.</summary>
    public int Arrived => Volatile.Read(ref arrived);

    /// <summary>When set, every request waits for it (at most 12 s, under the sender's timeout) before it is answered: a slow subscriber.</summary>
    public Task? Holding { get; set; }

    public string Url => app.Urls.First() + "/hooks/rapport";

    /// <summary>Answers the next requests with these statuses (then 200 again).</summary>
    public void FailWith(params int[] codes)
    {
        foreach (var code in codes)
        {
            statuses.Enqueue(code);
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        // An empty content root: the test directory's appsettings (Rapport's) must not configure this server.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Directory.CreateTempSubdirectory("webhook-receiver-").FullName });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/rapport", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref receiver.arrived);
            if (receiver.Holding is { } holding)
            {
                await Task.WhenAny(holding, Task.Delay(TimeSpan.FromSeconds(12)));
            }

            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.Received.Enqueue(new ReceivedWebhook(request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
            return Results.StatusCode(receiver.statuses.TryDequeue(out var code) ? code : 200);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
