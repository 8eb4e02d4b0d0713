using System.CommandLine;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Rapport.Load.Pages;

/// <summary>
/// <c>screenshots</c>: full-page pictures of the main pages in chromium, signed out and signed in, at a desktop's and a
/// phone's width, to compare two builds by eye (a stylesheet change must not change how a page looks). Beside each
/// picture it writes the class names on the page, so a stylesheet can be checked against what pages really use. Opens
/// the first customer, case, conversation and article of their lists, a select's list and the top bar's menu.
/// </summary>
internal static partial class ScreenshotsCommand
{
    private static readonly string[] Pages =
    [
        "/inbox", "/customers", "/cases", "/dashboards", "/knowledge", "/promises", "/referrals", "/approvals", "/complaints",
        "/service-standards", "/quality", "/feedback", "/loyalty/at-risk", "/portfolio", "/templates", "/people", "/teams",
        "/channels", "/chat-sites", "/automatic-mail", "/audit", "/retention", "/tokens", "/account/preferences",
        "/account/two-factor", "/complaints/settings", "/loyalty/settings", "/calls/settings", "/authority-limits", "/lookup",
    ];

    private static readonly (string List, string Row)[] Records =
    [
        ("/customers", "[aria-label='Customers'] tbody a[href^='/customers/']"),
        ("/cases", "[aria-label='Cases'] tbody a[href^='/cases/']"),
        ("/inbox", "[aria-label='Conversations'] tbody a[href^='/conversations/']"),
        ("/knowledge", "a[href^='/knowledge/']"),
    ];

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The running node, e.g. http://127.0.0.1:5090.", Required = true };
        var output = new Option<string>("--out") { Description = "Directory for the pictures and class lists.", Required = true };
        var email = new Option<string>("--email") { Description = "Who signs in.", DefaultValueFactory = _ => "admin@rapport.demo" };
        var password = new Option<string>("--password") { Description = "Their password.", DefaultValueFactory = _ => "rapport-demo" };
        var chromium = new Option<string>("--chromium") { Description = "The browser to drive.", DefaultValueFactory = _ => "/usr/bin/chromium" };
        var command = new Command("screenshots", "Full-page screenshots and class lists of the main pages at 1366 and 360 px.")
        {
            url, output, email, password, chromium,
        };
        command.SetAction(async (pr, ct) => await RunAsync(pr.GetValue(url)!.TrimEnd('/'), pr.GetValue(output)!, pr.GetValue(email)!,
            pr.GetValue(password)!, pr.GetValue(chromium)!));
        return command;
    }

    private static async Task<int> RunAsync(string url, string output, string email, string password, string chromium)
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Directory.CreateDirectory(output);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
        });
        foreach (var width in new[] { 1366, 360 })
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = url,
                ViewportSize = new ViewportSize { Width = width, Height = width > 400 ? 900 : 740 },
                Locale = "en-GB",
                TimezoneId = "UTC",
                ReducedMotion = ReducedMotion.Reduce,
            });
            context.SetDefaultTimeout(30_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/login");
            await ShootAsync(page, output, width, "login");
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

            foreach (var path in Pages)
            {
                await OpenAsync(page, path);
                await ShootAsync(page, output, width, path);
            }

            foreach (var (list, row) in Records)
            {
                await OpenAsync(page, list);
                var first = page.Locator(row).First;
                if (await first.CountAsync() == 0)
                {
                    Console.WriteLine($"{width}px {list}: no row to open");
                    continue;
                }

                var href = await first.GetAttributeAsync("href");
                await OpenAsync(page, href!);
                await ShootAsync(page, output, width, href!.Split('/')[1].TrimEnd('s') + "-first");
            }

            // Popovers render only when opened: a select's list on the inbox's filters, and the top bar's menu (notifications).
            await OpenAsync(page, "/inbox");
            var select = page.Locator(".mud-select .mud-input-control-input-container").First;
            if (await select.CountAsync() > 0)
            {
                await select.ClickAsync();
                await page.WaitForTimeoutAsync(400);
                await ShootAsync(page, output, width, "inbox-select-open");
                await page.Keyboard.PressAsync("Escape");
            }

            var menu = page.Locator("header .mud-menu button").Last;
            if (await menu.CountAsync() > 0)
            {
                await menu.ClickAsync();
                await page.WaitForTimeoutAsync(400);
                await ShootAsync(page, output, width, "menu-open");
            }
        }

        Console.WriteLine($"screenshots in {output}");
        return 0;
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        // Interactive (the layout renders this only then; account pages render statically), data loaded, animations settled.
        try
        {
            await page.WaitForSelectorAsync("#rapport-interactive", new() { State = WaitForSelectorState.Attached, Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            Console.WriteLine($"{path}: not interactive (a static page?)");
        }

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(600);
    }

    private static async Task ShootAsync(IPage page, string output, int width, string name)
    {
        var file = Path.Combine(output, $"{width}-{FileName().Replace(name.Trim('/'), "_")}");
        await page.ScreenshotAsync(new() { Path = file + ".png", FullPage = true, Animations = ScreenshotAnimations.Disabled });
        var classes = await page.EvaluateAsync<string[]>(
            "() => [...new Set([...document.querySelectorAll('[class]')].flatMap(e => [...e.classList]))].sort()");
        await File.WriteAllLinesAsync(file + ".classes.txt", classes);
    }

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex FileName();
}
