using System.CommandLine;
using System.Text.Json;
using Microsoft.Playwright;
using Rapport.Load.Live;

namespace Rapport.Load.Pages;

/// <summary>
/// <c>pages</c>: how long people wait for the main pages, measured in Debian's chromium (headless, driven by Playwright)
/// against a node running in its own process. Signs in, clicks through the tour of <see cref="PageTargets"/> once to
/// warm up and learn the addresses of a customer, a case and a conversation, then measures (a) full loads — a new tab
/// opens the address; navigation start until ready — and (b) in-app navigation — clicking the link in the running app
/// (the interactive router, over the circuit) until the new page is ready. "Ready" is defined by <see cref="ReadyProbe"/>.
/// Last, the cold load: what a fresh browser transfers for the sign-in page and for the inbox.
/// </summary>
internal static class PagesCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The running node, e.g. http://127.0.0.1:5090.", Required = true };
        var email = new Option<string>("--email") { Description = "Who signs in.", DefaultValueFactory = _ => "agent@rapport.demo" };
        var password = new Option<string>("--password") { Description = "Their password.", DefaultValueFactory = _ => "rapport-demo" };
        var runs = new Option<int>("--runs") { Description = "Measured rounds: each opens every page once and clicks the tour once.", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "Rounds of full loads before measuring (the tour is always clicked once first).", DefaultValueFactory = _ => 2 };
        var pause = new Option<int>("--pause-ms") { Description = "Pause after each page is ready, as a person would read it.", DefaultValueFactory = _ => 250 };
        var chromium = new Option<string>("--chromium") { Description = "The browser to drive.", DefaultValueFactory = _ => "/usr/bin/chromium" };
        var trace = new Option<string?>("--trace") { Description = "Also write a chromium performance trace of one more full load of the inbox to this file." };
        var command = new Command("pages", "Measure full loads, in-app navigation and the cold load of the main pages in chromium.")
        {
            url, email, password, runs, warmup, pause, chromium, trace,
        };
        command.SetAction(async (pr, ct) => await RunAsync(new(pr.GetValue(url)!.TrimEnd('/'), pr.GetValue(email)!, pr.GetValue(password)!,
            pr.GetValue(runs), pr.GetValue(warmup), pr.GetValue(pause), pr.GetValue(chromium)!, pr.GetValue(trace))));
        return command;
    }

    private sealed record Options(string Url, string Email, string Password, int Runs, int Warmup, int PauseMs, string Chromium, string? Trace);

    private static async Task<int> RunAsync(Options o)
    {
        // Chromium comes from Debian; Playwright must never fetch one of its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = o.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Console.WriteLine($"pages: {o.Url} as {o.Email}, chromium {browser.Version}, {o.Runs} rounds after {o.Warmup} warm-up, " +
            $"pause {o.PauseMs} ms; load {BenchNode.LoadAverage()}");

        var probe = ReadyProbe.Script(PageTargets.Tour);
        await using var context = await NewContextAsync(browser, o.Url, probe, null);
        var tab = await context.NewPageAsync();
        await SignInAsync(tab, o);

        var addresses = new Dictionary<string, string>();
        var warm = new Timings("warm-up tour (not counted)");
        await TourAsync(tab, addresses, warm, o.PauseMs);

        var full = new Timings("full load in a new tab: it opens the address; navigation start → ready (ms)");
        var same = new Timings("full load in the same tab: the address typed again or reloaded; navigation start → ready (ms)");
        var bar = await context.NewPageAsync();
        for (var round = 0; round < o.Warmup + o.Runs; round++)
        {
            foreach (var target in PageTargets.Tour)
            {
                await FullLoadAsync(context.NewPageAsync, target, addresses[target.Name], round < o.Warmup ? warm : full, o.PauseMs, close: true);
                await FullLoadAsync(() => Task.FromResult(bar), target, addresses[target.Name], round < o.Warmup ? warm : same, o.PauseMs, close: false);
            }
        }

        await bar.CloseAsync();

        var navigation = new Timings("in-app navigation: click a link in the app → the new page ready (ms)");
        for (var round = 0; round < o.Runs; round++)
        {
            await TourAsync(tab, addresses, navigation, o.PauseMs);
        }

        if (o.Trace is not null)
        {
            await TraceAsync(context, addresses["inbox"], o.Trace);
        }

        full.Print(fullLoads: true);
        same.Print(fullLoads: true);
        navigation.Print(fullLoads: false);

        await using (var signedOut = await NewContextAsync(browser, o.Url, probe, null))
        {
            await ColdLoad.MeasureAsync(signedOut, "/login", interactive: false, settleMs: 1000);
        }

        await using (var fresh = await NewContextAsync(browser, o.Url, probe, await context.StorageStateAsync()))
        {
            await ColdLoad.MeasureAsync(fresh, "/inbox", interactive: true, settleMs: 1000);
        }

        Console.WriteLine($"load {BenchNode.LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// A chromium performance trace (DevTools' timeline categories, over CDP) of one full load of <paramref name="address"/>
    /// in a tab that has loaded it once already, written as a trace file DevTools or Perfetto opens.
    /// </summary>
    private static async Task TraceAsync(IBrowserContext context, string address, string file)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(address, new() { WaitUntil = WaitUntilState.Commit });
        await WaitReadyAsync(page, 30_000);
        var cdp = await context.NewCDPSessionAsync(page);
        var events = new List<JsonElement>();
        var complete = new TaskCompletionSource();
        cdp.Event("Tracing.dataCollected").OnEvent += (_, e) =>
        {
            lock (events)
            {
                events.AddRange(e!.Value.GetProperty("value").EnumerateArray().Select(v => v.Clone()));
            }
        };
        cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => complete.TrySetResult();
        await cdp.SendAsync("Tracing.start", new Dictionary<string, object>
        {
            ["categories"] = "devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink,loading,toplevel",
            ["transferMode"] = "ReportEvents",
        });
        await page.GotoAsync(address, new() { WaitUntil = WaitUntilState.Commit });
        await WaitReadyAsync(page, 30_000);
        var m = await MarksAsync(page);
        await cdp.SendAsync("Tracing.end");
        await complete.Task.WaitAsync(TimeSpan.FromSeconds(30));
        lock (events)
        {
            File.WriteAllText(file, JsonSerializer.Serialize(new { traceEvents = events }));
        }

        await page.CloseAsync();
        Console.WriteLine($"trace of a full load of {address} in the same tab (ready at {m.Ready:0} ms): {file}");
    }

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, string url, string probe, string? storageState)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = url,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "en-GB",
            StorageState = storageState,
        });
        context.SetDefaultTimeout(60_000);
        await context.AddInitScriptAsync(probe);
        return context;
    }

    private static async Task SignInAsync(IPage page, Options o)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(o.Email);
        await page.GetByLabel("Password").FillAsync(o.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/inbox");
        await WaitReadyAsync(page, 60_000);
    }

    private static async Task WaitReadyAsync(IPage page, int timeoutMs)
    {
        try
        {
            await page.WaitForFunctionAsync(ReadyProbe.Done, null, new() { Timeout = timeoutMs });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>(ReadyProbe.Diagnose, PageTargets.Tour.Select(t => t.Ready).ToArray());
            throw new TimeoutException($"not ready after {timeoutMs} ms: {state}");
        }
    }

    /// <summary>Clicks through the tour once from wherever the tab is (the inbox at first, the conversation after).</summary>
    private static async Task TourAsync(IPage tab, Dictionary<string, string> addresses, Timings timings, int pauseMs)
    {
        foreach (var target in PageTargets.Tour)
        {
            var href = await tab.EvaluateAsync<string?>(ReadyProbe.Click, target.Link);
            try
            {
                if (href is null)
                {
                    throw new InvalidOperationException($"no link {target.Link} on {tab.Url}");
                }

                await WaitReadyAsync(tab, 30_000);
                var m = await MarksAsync(tab);
                addresses[target.Name] = m.Path;
                timings.Add(new(target.Name, m.Ready - m.T0, m.Frame - m.T0));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                timings.Fail($"{target.Name} via {href ?? target.Link}: {e.Message.Split('\n')[0]}");
                // Carry on from the page the tour should be on, opened afresh.
                await tab.GotoAsync(addresses.GetValueOrDefault(target.Name, "/inbox"), new() { WaitUntil = WaitUntilState.Commit });
                await WaitReadyAsync(tab, 60_000);
            }

            await Task.Delay(pauseMs);
        }
    }

    /// <summary>
    /// A new tab includes starting its renderer process, as opening a link in a new tab does; the same tab, navigated
    /// again, does not (chromium keeps the process for the site).
    /// </summary>
    private static async Task FullLoadAsync(Func<Task<IPage>> open, PageTarget target, string address, Timings timings, int pauseMs, bool close)
    {
        var page = await open();
        try
        {
            await page.GotoAsync(address, new() { WaitUntil = WaitUntilState.Commit });
            await WaitReadyAsync(page, 30_000);
            var m = await MarksAsync(page);
            timings.Add(new(target.Name, m.Ready, m.Frame, m.ResponseStart, m.Circuit, m.Phases));
        }
        catch (TimeoutException e)
        {
            timings.Fail($"{target.Name} at {address}: {e.Message.Split('\n')[0]}");
        }
        finally
        {
            if (close)
            {
                await page.CloseAsync();
            }
        }

        await Task.Delay(pauseMs);
    }

    private sealed record Marks(double T0, double Ready, double Frame, double Circuit, string Path, double ResponseStart, Phases Phases);

    private static async Task<Marks> MarksAsync(IPage page)
    {
        var m = await page.EvaluateAsync<JsonElement>(ReadyProbe.Read);
        return new(m.GetProperty("t0").GetDouble(), m.GetProperty("ready").GetDouble(), m.GetProperty("frame").GetDouble(),
            m.GetProperty("marker").GetDouble(), m.GetProperty("path").GetString() ?? "", m.GetProperty("responseStart").GetDouble(),
            new(m.GetProperty("responseEnd").GetDouble(), m.GetProperty("domContentLoaded").GetDouble(), m.GetProperty("socketNew").GetDouble(), m.GetProperty("socketOpen").GetDouble(),
                m.GetProperty("socketFirst").GetDouble(), m.GetProperty("socketLast").GetDouble()));
    }
}
