using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Microsoft.Playwright;
using Xunit;

namespace Rapport.BrowserTests;

/// <summary>
/// One running Rapport and one chromium for every browser test: the built host is started as its own process on a free
/// port, in a fresh directory (so its SQLite database is new), with the demo organisation seeded. Email tests use the
/// local IMAP and SMTP servers that scripts/test starts; when they are not running the fixture starts its own
/// (scripts/mail-servers), and the host polls mailboxes every second.
/// </summary>
public sealed class RapportFixture : IAsyncLifetime
{
    public const string DemoPassword = "rapport-demo";

    private readonly StringBuilder output = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string>>> tokens = new(StringComparer.OrdinalIgnoreCase);
    private Process? app;
    private string dll = "";
    private string workDir = "";
    private string? mailDir;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's SQLite file (its default, under its working folder), for a test that sets up a state directly.</summary>
    public string DatabaseFile => Path.Combine(workDir, "data", "rapport.db");
    public IPlaywright Playwright { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    /// <summary>When set, the accessibility walk saves a screenshot of each screen there (docs/screenshots).</summary>
    public static string? ScreenshotDirectory => Environment.GetEnvironmentVariable("RAPPORT_SCREENSHOTS") is { Length: > 0 } dir ? dir : null;

    public async Task InitializeAsync()
    {
        // Chromium comes from Debian; Playwright must never fetch one of its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        await StartMailServersUnlessRunningAsync();
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
        if (mailDir is not null)
        {
            await RunScriptAsync("mail-servers", "stop", mailDir);
            try { Directory.Delete(mailDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
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

    /// <summary>Signs in through the login page and waits until the inbox, where everyone lands, is interactive.</summary>
    public async Task<IPage> SignInAsync(string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync("**/inbox");
        }
        catch (TimeoutException e)
        {
            // Seen once in a full run (no inbox 15 s after the click, the network idle): say where the page was and what
            // it said, so the next failure tells a refused sign-in from a slow one.
            var said = await page.Locator("body").InnerTextAsync(new() { Timeout = 2_000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(unreadable)", TaskScheduler.Default);
            throw new TimeoutException($"Signing in as {email} did not reach the inbox; the page is {page.Url} and says: {said}", e);
        }

        await Interactive(page);
        TestData.SignedIn(page.Context, () => TokenAsync(email));
        return page;
    }

    /// <summary>
    /// An API token of <paramref name="email"/>'s (made once, with the CLI on the host's database): the API takes writes
    /// only with a bearer token, never with the browser's sign-in cookie.
    /// </summary>
    public Task<string> TokenAsync(string email) =>
        tokens.GetOrAdd(email, e => new Lazy<Task<string>>(() => CreateTokenAsync(e))).Value;

    private async Task<string> CreateTokenAsync(string email)
    {
        var start = DotnetIn(workDir);
        foreach (var arg in new[] { dll, "token", "create", "--email", email, "--name", "browser tests" })
        {
            start.ArgumentList.Add(arg);
        }

        using var cli = Process.Start(start) ?? throw new InvalidOperationException("Could not run the CLI.");
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        var secret = (await stdout).Trim().Split('\n').LastOrDefault()?.Trim() ?? "";
        return cli.ExitCode == 0 && secret.StartsWith("rpt_", StringComparison.Ordinal)
            ? secret
            : throw new InvalidOperationException($"token create --email {email} failed ({cli.ExitCode}): {await stdout}{await stderr}");
    }

    /// <summary>The SDK running the tests names its own dotnet; a bare "dotnet" from PATH is the fallback.</summary>
    internal static ProcessStartInfo DotnetIn(string directory) =>
        new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

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
        // The click travels over the circuit; on a loaded machine the dialog can take longer than the default 5 s.
        await Assertions.Expect(dialog).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await SettledAsync(page);
        return dialog;
    }

    /// <summary>Saves a picture of the page as <paramref name="name"/>.png when RAPPORT_SCREENSHOTS names a directory.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (ScreenshotDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            await SettledAsync(page);
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"{name}.png") });
        }
    }

    /// <summary>Waits for running transitions (a dialog fading in and taking focus) to end.</summary>
    public static Task SettledAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");

    public static Task Interactive(IPage page) =>
        page.Locator("#rapport-interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>The built host (RAPPORT_DLL, or src/Rapport's output for this configuration).</summary>
    internal static string HostDll()
    {
        var dll = Environment.GetEnvironmentVariable("RAPPORT_DLL")
            ?? typeof(RapportFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RapportDll").Value!;
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The host is not built: {dll} is missing. Build src/Rapport first.");
    }

    private async Task StartAppAsync()
    {
        dll = HostDll();
        workDir = Directory.CreateTempSubdirectory("rapport-browser-").FullName;
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = DotnetIn(workDir);
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["Rapport__Demo__Seed"] = "true";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Rapport__Email__PollSeconds"] = "1";
        start.Environment["Rapport__Promises__SweepEvery"] = "00:00:05"; // a reminder test waits for the sweep, not a minute
        app = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host.");
        app.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        app.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();

        if (await HealthyAsync(BaseUrl, app, TimeSpan.FromSeconds(120)))
        {
            return;
        }

        string log;
        lock (output) log = output.ToString();
        throw new InvalidOperationException($"The host did not become healthy at {BaseUrl}/health. Its output:\n{log}");
    }

    /// <summary>
    /// Starts throw-away Dovecot and aiosmtpd servers as scripts/test does, unless it already did (its variables are set).
    /// The script needs root, as in scripts/test; without it the email tests fail with the script's message.
    /// </summary>
    private async Task StartMailServersUnlessRunningAsync()
    {
        if (Environment.GetEnvironmentVariable(Rapport.IntegrationTests.Support.MailServers.ImapPortVariable) is { Length: > 0 })
        {
            return;
        }

        var dir = Directory.CreateTempSubdirectory("rapport-mail-").FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101); // Dovecot's mail processes run as nobody and must reach dir/home
        var (imap, smtp) = (FreePort(), FreePort());
        var (exitCode, log) = await RunScriptAsync("mail-servers", "start", dir, imap.ToString(CultureInfo.InvariantCulture), smtp.ToString(CultureInfo.InvariantCulture));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"scripts/mail-servers could not start the IMAP and SMTP servers:\n{log}");
        }

        mailDir = dir;
        Environment.SetEnvironmentVariable(Rapport.IntegrationTests.Support.MailServers.HostVariable, "127.0.0.1");
        Environment.SetEnvironmentVariable(Rapport.IntegrationTests.Support.MailServers.ImapPortVariable, imap.ToString(CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable(Rapport.IntegrationTests.Support.MailServers.SmtpPortVariable, smtp.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Runs scripts/<paramref name="script"/>; its output goes to a file, which Dovecot (a daemon) may keep open.</summary>
    private static async Task<(int ExitCode, string Output)> RunScriptAsync(string script, params string[] args)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Rapport.slnx")))
        {
            root = root.Parent;
        }

        var log = Path.GetTempFileName();
        var start = new ProcessStartInfo("/bin/bash") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=$1; shift; exec \"$@\" >\"$log\" 2>&1");
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add(log);
        start.ArgumentList.Add(Path.Combine(root?.FullName ?? ".", "scripts", script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run scripts/{script}.");
        await process.WaitForExitAsync();
        var output = await File.ReadAllTextAsync(log);
        File.Delete(log);
        return (process.ExitCode, output);
    }

    /// <summary>Waits until the host at <paramref name="url"/> answers 200 on /health; false when it exited or time ran out.</summary>
    internal static async Task<bool> HealthyAsync(string url, Process host, TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && !host.HasExited)
        {
            try
            {
                if ((await http.GetAsync($"{url}/health")).StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }

            await Task.Delay(250);
        }

        return false;
    }

    internal static int FreePort()
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
