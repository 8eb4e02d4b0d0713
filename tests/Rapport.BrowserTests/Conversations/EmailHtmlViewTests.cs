using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Conversations;

/// <summary>An HTML email shown as its sender laid it out, in a sandboxed frame: remote images held back, quoted history folded.</summary>
[Collection(RapportCollection.Name)]
public sealed class EmailHtmlViewTests(RapportFixture rapport)
{
    [Fact]
    public async Task An_html_email_is_formatted_in_a_sandbox_with_remote_images_held_back_and_the_quote_folded()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var conversation = await TestData.ReceiveEmailAsync(admin, TestData.UniqueEmail("lena.fischer"), "Lena Fischer", $"Spa booking {Unique.Letters()}"[..24],
            "Can I move my spa booking to 4pm?\n\nOn Mon Rapport wrote:\n> Your spa booking is at 2pm.",
            html: "<p>Can I move my <b>spa booking</b> to 4pm?</p><img src=\"https://tracker.invalid/o.gif\" alt=\"banner\">"
                + "<div class=\"gmail_quote\">On Mon Rapport wrote:<blockquote>Your spa booking is at 2pm.</blockquote></div><script>document.title='ran'</script>");

        await RapportFixture.GoAsync(admin, $"/conversations/{conversation}");
        await RapportFixture.Interactive(admin);
        var iframe = admin.Locator("iframe.message-html");
        await Expect(iframe).ToHaveAttributeAsync("sandbox", "allow-popups allow-popups-to-escape-sandbox");
        await Expect(iframe).ToHaveAttributeAsync("title", "Email from Lena Fischer, as formatted by the sender");
        var frame = admin.FrameLocator("iframe.message-html");
        await Expect(frame.Locator("b")).ToHaveTextAsync("spa booking");
        await Expect(frame.Locator(".rapport-blocked")).ToHaveTextAsync("[remote image blocked: banner]");
        await Expect(frame.GetByText("Your spa booking is at 2pm.")).ToBeHiddenAsync();
        await frame.Locator("details.rapport-quoted > summary").ClickAsync();
        await Expect(frame.GetByText("Your spa booking is at 2pm.")).ToBeVisibleAsync();
        Assert.Equal(0, await frame.Locator("script").CountAsync());
        await RapportFixture.ScreenshotAsync(admin, "email-html-view");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Show remote images" }).ClickAsync();
        await Expect(iframe).ToHaveAttributeAsync("src", new Regex("/html\\?remote=true$"));
        await Expect(frame.Locator(".rapport-blocked")).ToHaveCountAsync(0);

        await admin.GetByRole(AriaRole.Button, new() { Name = "Show as plain text" }).ClickAsync();
        await Expect(admin.Locator(".message-text").First).ToHaveTextAsync("Can I move my spa booking to 4pm?");
        var quote = admin.GetByText("Show quoted text (2 lines)");
        await Expect(quote).ToBeVisibleAsync();
        await Expect(admin.GetByText("> Your spa booking is at 2pm.")).ToBeHiddenAsync();
        await quote.ClickAsync();
        await Expect(admin.GetByText("> Your spa booking is at 2pm.")).ToBeVisibleAsync();
        await admin.Context.CloseAsync();
    }
}
