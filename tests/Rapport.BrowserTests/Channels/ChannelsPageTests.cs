using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Channels;

/// <summary>An administrator connects a Telegram bot on the Channels page, tests its connection and sees its health.</summary>
[Collection(RapportCollection.Name)]
public sealed class ChannelsPageTests(RapportFixture rapport)
{
    [Fact]
    public async Task An_administrator_connects_a_telegram_bot_tests_it_and_sees_it_healthy_and_the_webhook_url()
    {
        var bot = $"{Unique.Letters()}_bot".ToLowerInvariant();
        using var telegram = FakeTelegram(bot);
        var page = await rapport.SignInAsync("admin@rapport.demo");
        await page.SetViewportSizeAsync(1280, 900);
        await RapportFixture.GoAsync(page, "/inbox");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Channels" }).ClickAsync();
        await RapportFixture.Interactive(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Channels", Level = 1 })).ToBeVisibleAsync();

        await page.Locator("div.mud-input-control.mud-select").Filter(new() { HasText = "Provider" }).ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("Telegram bot", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"Bookings bot {bot}");
        await page.GetByLabel("Bot user name (without @)").FillAsync(bot);
        await page.GetByLabel("Webhook secret token (the secret_token given to setWebhook)").FillAsync("browser-test-secret");
        await page.GetByLabel("Bot token (from @BotFather)").FillAsync("4242:browser-token");
        await page.GetByLabel("API base URL (optional)").FillAsync(telegram.BaseUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect account" }).ClickAsync();

        var row = page.Locator(".channel-health tr").Filter(new() { HasText = $"Bookings bot {bot}" });
        await Expect(row).ToContainTextAsync("Never used");
        // One list per connected provider; other tests connect other providers in the same database.
        await Expect(page.Locator(".webhook-urls").Filter(new() { HasText = "/webhooks/telegram" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Bot token (from @BotFather)")).ToHaveValueAsync("");

        await RapportFixture.ScreenshotAsync(page, "channels-connected");

        // On a phone the table becomes one card per channel, and the test is one keyboard press away.
        await page.SetViewportSizeAsync(360, 780);
        var test = row.GetByRole(AriaRole.Button, new() { Name = $"Test connection of Bookings bot {bot}" });
        await test.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".channel-test-result")).ToContainTextAsync($"Connected to Telegram as @{bot}.");
        await Expect(row).ToContainTextAsync("OK");
        Assert.Contains("/bot4242:browser-token/getMe", telegram.Calls);
        await RapportFixture.ScreenshotAsync(page, "channels-360");
        var wide = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 3).map(e => e.tagName + '.' + e.className).join(' | ')
            """);
        Assert.True(wide.Length == 0, $"The Channels page scrolls sideways at 360 px: {wide}");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("browser-token");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Remove Bookings bot {bot}" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = $"Remove Bookings bot {bot}" }).ClickAsync();
        await Expect(page.Locator(".channel-health tr").Filter(new() { HasText = $"Bookings bot {bot}" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    /// <summary>A loopback server answering the Bot API's getMe for one bot, as Telegram does.</summary>
    private static LocalSite FakeTelegram(string bot) => LocalSite.Start("127.0.0.1", request =>
        request.HttpMethod == "GET" && request.Url!.AbsolutePath.EndsWith("/getMe", StringComparison.Ordinal)
            ? (200, "application/json", $$$"""{"ok":true,"result":{"id":4242,"is_bot":true,"first_name":"Bookings","username":"{{{bot}}}"}}""")
            : (404, "application/json", """{"ok":false,"error_code":404,"description":"Not Found"}"""));
}
