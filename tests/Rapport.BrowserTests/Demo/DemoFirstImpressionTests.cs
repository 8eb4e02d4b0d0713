using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Demo;

/// <summary>
/// A new user's first minutes with the demo: signing in lands on an inbox full of conversations on every channel, and a
/// reply to the demo email conversation is sent (caught on this machine, listed in the demo outbox), not failed.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class DemoFirstImpressionTests(RapportFixture rapport)
{
    [Fact]
    public async Task Signing_in_lands_on_the_inbox_and_a_reply_to_the_demo_email_is_sent()
    {
        var page = await rapport.SignInAsync("admin@rapport.demo");

        Assert.EndsWith("/inbox", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Moving our May booking HH-40219" });
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Refund for cancelled ferry crossing" })).ToBeVisibleAsync();
        await RapportFixture.ScreenshotAsync(page, "demo-inbox");

        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await page.WaitForURLAsync("**/conversations/*");
        await RapportFixture.Interactive(page);
        var reply = "All done: your booking is now 9–12 May and we have asked for a quiet room.";
        await page.GetByLabel("Your message").FillAsync(reply);
        await page.GetByRole(AriaRole.Button, new() { Name = "Reply by email" }).ClickAsync();
        var sent = page.Locator(".message-outbound").Filter(new() { HasText = reply });
        await Expect(sent).ToBeVisibleAsync();
        await Expect(sent).ToContainTextAsync("Sent", new() { Timeout = 30_000 });
        await RapportFixture.ScreenshotAsync(page, "demo-reply-sent");

        await RapportFixture.GoAsync(page, "/demo/outbox");
        await Expect(page.GetByRole(AriaRole.Cell).Filter(new() { HasText = reply })).ToBeVisibleAsync();
        await RapportFixture.ScreenshotAsync(page, "demo-outbox");
        await page.Context.CloseAsync();
    }
}
