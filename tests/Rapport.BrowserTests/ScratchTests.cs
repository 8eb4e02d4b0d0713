using Microsoft.Playwright;
using Xunit;

namespace Rapport.BrowserTests;

[Collection(RapportCollection.Name)]
public sealed class ScratchTests(RapportFixture rapport)
{
    [Fact]
    public async Task Scratch()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        page.Console += (_, m) => File.AppendAllText("/tmp/scratch-console.txt", m.Text + "\n");
        var box = page.GetByLabel("Search by name, email or phone");
        await box.PressSequentiallyAsync("olivia");
        for (var i = 0; i < 6; i++)
        {
            File.AppendAllText("/tmp/scratch.txt", $"{i}: '{await box.InputValueAsync()}'\n");
            await page.WaitForTimeoutAsync(300);
        }
        await page.ScreenshotAsync(new() { Path = "/tmp/scratch1.png" });
        var first = page.Locator("main a[href^='/customers/']").First;
        await first.ClickAsync();
        await RapportFixture.Interactive(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge a duplicate into this customer" }).ClickAsync();
        var f = page.GetByRole(AriaRole.Dialog).GetByLabel("Find the duplicate by name, email or phone");
        await f.PressSequentiallyAsync("smith");
        for (var i = 0; i < 6; i++)
        {
            File.AppendAllText("/tmp/scratch.txt", $"merge {i}: '{await f.InputValueAsync()}'\n");
            await page.WaitForTimeoutAsync(300);
        }
        await page.ScreenshotAsync(new() { Path = "/tmp/scratch2.png" });
    }
}
