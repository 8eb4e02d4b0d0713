using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Microsoft.Playwright;
using Xunit;

namespace Rapport.BrowserTests;

/// <summary>
/// One running Rapport and one chromium for every browser test: the built host is started as its own process on a free
/// port, in a fresh directory (so its SQLite database is new), with the demo organisation seeded.
/// </summary>
public sealed class RapportFixture : IAsyncLifetime
{
    public const string DemoPassword = "rapport-demo";

    private readonly StringBuilder output = new();
    private Process? app;
    private string workDir = "";

    public string BaseUrl { get; private set; } = "";
    public IPlaywright Playwright { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    /// <summary>When set, the accessibility walk saves a screenshot of each screen there (docs/screenshots).</summary>
    public static string? ScreenshotDirectory => Environment.GetEnvironmentVariable("RAPPORT_SCREENSHOTS") is { Length: > 0 } dir ? dir : null;

    public async Task InitializeAsync()
    {
        // Chromium comes from Debian; Playwright must never fetch one of its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        await StartAppAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        if (app is { HasExited: false })
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }

        app?.Dispose();
        try { Directory.Delete(workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A new browser context (its own cookies) with one page, sized like an agent's laptop screen.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the login page and waits until the customer list is interactive.</summary>
    public async Task<IPage> SignInAsync(string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/customers");
        await Interactive(page);
        return page;
    }

    /// <summary>Opens a page of the app and waits for its circuit: a prerendered page does not react to clicks before that.</summary>
    public static async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Interactive(page);
    }

    /// <summary>Clicks the button that opens a dialog and waits until the dialog has settled and can take typing.</summary>
    public static async Task<ILocator> OpenDialogAsync(IPage page, string button)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await SettledAsync(page);
        return dialog;
    }

    /// <summary>Waits for running transitions (a dialog fading in and taking focus) to end.</summary>
    public static Task SettledAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");

    public static Task Interactive(IPage page) =>
        page.Locator("#rapport-interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    private async Task StartAppAsync()
    {
        var dll = Environment.GetEnvironmentVariable("RAPPORT_DLL")
            ?? typeof(RapportFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RapportDll").Value!;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The host is not built: {dll} is missing. Build src/Rapport first.");
        }

        workDir = Directory.CreateTempSubdirectory("rapport-browser-").FullName;
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
        // The SDK running the tests names its own dotnet; a bare "dotnet" from PATH is the fallback.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["Rapport__Demo__Seed"] = "true";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        app = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host.");
        app.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        app.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (app.HasExited)
            {
                break;
            }

            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }

            await Task.Delay(250);
        }

        string log;
        lock (output) log = output.ToString();
        throw new InvalidOperationException($"The host did not become healthy at {BaseUrl}/health. Its output:\n{log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class RapportCollection : ICollectionFixture<RapportFixture>
{
    public const string Name = "Rapport";
}
