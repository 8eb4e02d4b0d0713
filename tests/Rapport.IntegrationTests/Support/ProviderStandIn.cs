using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Rapport.IntegrationTests.Support;

/// <summary>One API call a provider stand-in received: method, path and query, headers, and the body as sent.</summary>
public sealed record ProviderCall(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

    public IReadOnlyDictionary<string, string> Form =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Body).ToDictionary(f => f.Key, f => f.Value.ToString());
}

/// <summary>
/// A real HTTP server on a loopback port standing in for the providers' send APIs (Twilio, Graph, Telegram Bot API,
/// Vonage). It records every call and answers with the reply queued for its path (status and JSON), else 404, so a test
/// asserts each call's exact shape and auth and chooses what the provider says back.
/// </summary>
public sealed class ProviderStandIn : IAsyncDisposable
{
    /// <summary>The URL the recorded webhook cases were sent to; Rapport's tests are configured with it as their public URL.</summary>
    public const string PublicUrl = "https://rapport.example.com";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string ContentType, byte[] Body)>> replies = new();

    private ProviderStandIn(WebApplication app) => this.app = app;

    public ConcurrentQueue<ProviderCall> Calls { get; } = new();

    public string BaseUrl => app.Urls.First();

    /// <summary>Answers the next call to <paramref name="path"/> (path only, no query) with this status and JSON body.</summary>
    public void Reply(string path, int status, string json) => Reply(path, status, "application/json", System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>Answers the next call to <paramref name="path"/> with these bytes (a media file).</summary>
    public void Reply(string path, int status, string contentType, byte[] body) => replies.GetOrAdd(path, _ => new()).Enqueue((status, contentType, body));

    public static async Task<ProviderStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Directory.CreateTempSubdirectory("provider-standin-").FullName });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new ProviderStandIn(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            standIn.Calls.Enqueue(new ProviderCall(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            if (standIn.replies.TryGetValue(context.Request.Path.Value ?? "", out var queue) && queue.TryDequeue(out var reply))
            {
                context.Response.StatusCode = reply.Status;
                context.Response.ContentType = reply.ContentType;
                await context.Response.Body.WriteAsync(reply.Body);
                return;
            }

            context.Response.StatusCode = 404;
        });
        await app.StartAsync();
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
