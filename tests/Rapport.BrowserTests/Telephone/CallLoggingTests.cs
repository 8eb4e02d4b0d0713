using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Telephone;

/// <summary>Click-to-call and logging a call with the recording-consent question, on the customer page and in a conversation.</summary>
[Collection(RapportCollection.Name)]
public sealed class CallLoggingTests(RapportFixture rapport)
{
    private const string Wording = "This call is recorded for quality and training. Is that all right with you?";

    [Fact]
    public async Task A_call_logged_with_consent_asked_and_refused_shows_on_the_timeline()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var settings = await TestData.PutAsync(admin, "/api/v1/calls/settings", new
        {
            inboundPhone = new { recorded = false, monitored = false },
            outboundPhone = new { recorded = true, monitored = false },
            video = new { recorded = false, monitored = false },
            consentWording = Wording,
        });
        Assert.True(settings.Ok, await settings.TextAsync());
        await admin.Context.CloseAsync();

        var digits = Random.Shared.Next(100_000, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var page = await rapport.SignInAsync("agent@rapport.demo");
        var customer = await TestData.CreateCustomerAsync(page, new
        {
            name = TestData.UniqueName("Tomas", "Novak"),
            contactPoints = new[] { new { type = "phone", value = $"+44 7700 {digits}" } },
        });
        await RapportFixture.GoAsync(page, $"/customers/{customer}");
        var panel = page.Locator(".call-panel");
        var call = panel.GetByRole(AriaRole.Link, new() { Name = $"Call +44 7700 {digits}" });
        await Expect(call).ToHaveAttributeAsync("href", $"tel:+447700{digits}");
        await Expect(page.Locator($".contact-points a[href='tel:+447700{digits}']")).ToBeVisibleAsync();

        // The tel: link dials; the click also opens the form to log the call, as an outbound call to that number.
        await call.EvaluateAsync("a => a.addEventListener('click', e => e.preventDefault())");
        await call.ClickAsync();
        await Expect(panel.GetByLabel("Number or SIP address")).ToHaveValueAsync($"+447700{digits}");
        await Expect(panel.Locator(".consent-wording")).ToContainTextAsync("This call is recorded. Tell the customer:");
        await Expect(panel.Locator(".consent-wording")).ToContainTextAsync(Wording);

        await panel.GetByLabel("Call notes").FillAsync("Explained the late delivery. Customer asked not to be recorded.");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save call" }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Alert)).ToContainTextAsync("give their answer");

        await panel.GetByText("Refused (recording is turned off for this call)").ClickAsync();
        await Expect(panel.GetByLabel("Recording link (optional)")).ToHaveCountAsync(0);
        await RapportFixture.ScreenshotAsync(page, "call-log-consent-refused");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save call" }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Status)).ToContainTextAsync("Call logged: Outbound call · answered · recording consent: refused");
        await Expect(panel.Locator(".call-summary")).ToContainTextAsync("recording consent: refused");

        await RapportFixture.GoAsync(page, $"/customers/{customer}");
        var entry = page.Locator(".timeline-item").Filter(new() { HasText = "Outbound call · answered · recording consent: refused" });
        await Expect(entry).ToHaveCountAsync(1);
        await Expect(entry).ToContainTextAsync("Explained the late delivery.");
        await entry.ScrollIntoViewIfNeededAsync();
        await RapportFixture.ScreenshotAsync(page, "call-on-timeline");

        await entry.GetByRole(AriaRole.Link).First.ClickAsync();
        await page.WaitForURLAsync("**/conversations/**");
        await RapportFixture.Interactive(page);
        await Expect(page.Locator(".message .call-summary")).ToContainTextAsync("recording consent: refused");
    }
}
