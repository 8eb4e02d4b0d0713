using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

[Collection(RapportCollection.Name)]
public sealed class KeyboardTests(RapportFixture rapport)
{
    [Fact]
    public async Task Agent_signs_in_and_opens_a_customer_with_only_Tab_and_Enter()
    {
        var page = await rapport.NewPageAsync();
        await page.GotoAsync("/login");

        await TabUntilAsync(page, "input#email");
        await page.Keyboard.TypeAsync("agent@rapport.demo");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(RapportFixture.DemoPassword);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/inbox");
        await RapportFixture.Interactive(page);

        // Signing in lands on the inbox; the menu's Customers link is reached the same way.
        // The inbox may hold many conversations before focus wraps round to the top bar and the menu.
        await TabUntilAsync(page, "a[href$='/customers'], a[href='customers']", maxPresses: 300);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/customers");
        await RapportFixture.Interactive(page);

        var link = await TabUntilAsync(page, "main a[href^='/customers/']");
        var name = await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/customers/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        Assert.StartsWith("/customers/", link);
    }

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/>; returns its href, if any.</summary>
    private static async Task<string?> TabUntilAsync(IPage page, string selector, int maxPresses = 40)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var href = await page.EvaluateAsync<string?>(
                "s => document.activeElement?.matches(s) ? (document.activeElement.getAttribute('href') ?? '') : null", selector);
            if (href is not null)
            {
                return href;
            }
        }

        throw new Xunit.Sdk.XunitException($"{maxPresses} presses of Tab did not reach '{selector}'.");
    }
}
