using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rapport.BrowserTests;

/// <summary>
/// A customer's own web site on another origin than Rapport (its own port on localhost): it serves one page, as a shop's
/// or a hotel's static page would, so the chat widget runs cross-origin exactly as it does on a real site.
/// </summary>
public sealed class ShopSite : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<string> html;

    private ShopSite(Func<string> html, int port)
    {
        this.html = html;
        Origin = $"http://localhost:{port}";
        listener.Prefixes.Add(Origin + "/");
        listener.Start();
        _ = ServeAsync();
    }

    public string Origin { get; }

    public static ShopSite Serving(Func<string> html)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new ShopSite(html, port);
    }

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

            var body = Encoding.UTF8.GetBytes(html());
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
