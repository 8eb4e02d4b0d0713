using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Rapport.Load.Pages;

/// <summary>
/// What a first visit transfers: a fresh browser context (empty cache) opens one page and every response is counted
/// with chromium's own figures (<see cref="IRequest.SizesAsync"/>: body as sent, compressed or not, and headers), plus
/// the circuit's WebSocket frames until the page is ready. Prints each response with its Content-Encoding, so it shows
/// whether compression reached the browser.
/// </summary>
internal static class ColdLoad
{
    public static async Task MeasureAsync(IBrowserContext context, string path, bool interactive, int settleMs)
    {
        var page = await context.NewPageAsync();
        var responses = new List<IResponse>();
        long framesIn = 0, framesOut = 0;
        page.Response += (_, r) => responses.Add(r);
        page.WebSocket += (_, ws) =>
        {
            ws.FrameReceived += (_, f) => Interlocked.Add(ref framesIn, Size(f));
            ws.FrameSent += (_, f) => Interlocked.Add(ref framesOut, Size(f));
        };

        if (interactive)
        {
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForFunctionAsync(ReadyProbe.Done, null, new() { Timeout = 60_000 });
        }
        else
        {
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        }

        var wsIn = Interlocked.Read(ref framesIn);
        await Task.Delay(settleMs); // anything the page fetches right after it is ready still belongs to the first visit
        Console.WriteLine();
        Console.WriteLine($"cold load of {path} ({(interactive ? "signed in, until ready" : "signed out, until the network is idle")}), fresh context:");
        long body = 0, headers = 0, decoded = 0;
        foreach (var r in responses.ToList())
        {
            var sizes = await r.Request.SizesAsync();
            var encoding = await r.HeaderValueAsync("content-encoding") ?? "-";
            var plain = r.Status is >= 200 and < 300 && r.Request.ResourceType != "websocket" ? (await r.BodyAsync()).Length : 0;
            body += sizes.ResponseBodySize;
            headers += sizes.ResponseHeadersSize;
            decoded += plain;
            Console.WriteLine($"  {r.Status} {Kb(sizes.ResponseBodySize),9} (plain {Kb(plain),9}) {encoding,-5} {new Uri(r.Url).PathAndQuery}");
        }

        Console.WriteLine($"  total: {responses.Count} responses, bodies {Kb(body)} as sent ({Kb(decoded)} plain), headers {Kb(headers)}, " +
            $"together {Kb(body + headers)}; WebSocket until ready: {Kb(wsIn)} in, {Kb(Interlocked.Read(ref framesOut))} out by the end");
        await page.CloseAsync();
        if (interactive)
        {
            await WarmAsync(context, path);
        }
    }

    /// <summary>The same page again in the same context: what comes from the cache, what is asked again, and when.</summary>
    private static async Task WarmAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync(ReadyProbe.Done, null, new() { Timeout = 60_000 });
        var entries = await page.EvaluateAsync<JsonElement>(Resources);
        Console.WriteLine($"warm load of {path}, the same context; ms from navigation start, bytes over the network (0: from the cache):");
        foreach (var e in entries.EnumerateArray())
        {
            Console.WriteLine($"  {e.GetProperty("start").GetDouble(),6:0} → {e.GetProperty("end").GetDouble(),6:0} {e.GetProperty("bytes").GetDouble(),8:0} B  {e.GetProperty("name").GetString()}");
        }

        await page.CloseAsync();
    }

    private const string Resources = """
        () => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
          .map(e => ({ name: new URL(e.name).pathname + ' (' + (e.initiatorType ?? e.entryType) + ')', start: e.startTime, end: e.responseEnd, bytes: e.transferSize }))
          .concat([{ name: 'DOMContentLoaded', start: performance.getEntriesByType('navigation')[0].domContentLoadedEventStart, end: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd, bytes: 0 },
                   { name: 'ready', start: window.__rapportProbe.ready, end: window.__rapportProbe.frame, bytes: 0 }])
        """;

    private static long Size(IWebSocketFrame f) => f.Binary?.Length ?? Encoding.UTF8.GetByteCount(f.Text ?? "");

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB";
}
