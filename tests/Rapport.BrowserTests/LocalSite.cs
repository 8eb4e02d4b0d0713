using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rapport.BrowserTests;

/// <summary>
/// A small HTTP server of someone else's on a loopback port of its own: a shop's web page that embeds the chat widget
/// (another origin than Rapport), or a provider's API. Each request is answered by <c>answer</c> and its path recorded.
/// </summary>
public sealed class LocalSite : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<HttpListenerRequest, (int Status, string ContentType, string Body)> answer;

    private LocalSite(string host, int port, Func<HttpListenerRequest, (int, string, string)> answer)
    {
        this.answer = answer;
        BaseUrl = $"http://{host}:{port}";
        listener.Prefixes.Add(BaseUrl + "/");
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>scheme://host:port, which is also the site's origin.</summary>
    public string BaseUrl { get; }

    public ConcurrentBag<string> Calls { get; } = [];

    public static LocalSite Start(string host, Func<HttpListenerRequest, (int Status, string ContentType, string Body)> answer)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new LocalSite(host, port, answer);
    }

    /// <summary>A web page at every path, on localhost (another origin than Rapport's 127.0.0.1).</summary>
    public static LocalSite Page(Func<string> html) => Start("localhost", _ => (200, "text/html; charset=utf-8", html()));

    public void Dispose() => listener.Close();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Calls.Add(context.Request.Url!.AbsolutePath);
            var (status, contentType, body) = answer(context.Request);
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
