using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Cases;

[Collection(RapportCollection.Name)]
public sealed class CreateCaseTests(RapportFixture rapport)
{
    [Fact]
    public async Task Agent_opens_a_case_from_a_conversation_and_a_mentioned_colleague_is_notified()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var conversation = await TestData.ReceiveEmailAsync(admin, "Wheelchair access in Leeds",
            "Is the Leeds hotel step-free from the car park? I use a wheelchair.");
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create case" }).ClickAsync();
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Wheelchair access in Leeds");
        await Expect(page.GetByLabel("The customer's requirement, in their words")).ToHaveValueAsync("Is the Leeds hotel step-free from the car park? I use a wheelchair.");
        await RapportFixture.ScreenshotAsync(page, "case-from-conversation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open case" }).ClickAsync();

        await page.WaitForURLAsync("**/cases/*");
        await RapportFixture.Interactive(page);
        var caseUrl = page.Url;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Wheelchair access in Leeds");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Wheelchair access in Leeds" })).ToBeVisibleAsync(); // the linked conversation
        await RapportFixture.ScreenshotAsync(page, "case-page");

        var note = page.GetByLabel("Add a note (type @ to mention a colleague)");
        await note.FillAsync("Checking the lift with facilities. @Be");
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = "Ben Okafor" }).ClickAsync();
        await Expect(note).ToHaveValueAsync("Checking the lift with facilities. @Ben Okafor ");
        await Expect(note).ToBeFocusedAsync(); // typing goes on in the note, not wherever the picked chip left focus
        await note.PressSequentiallyAsync("can you call the customer back?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(page.Locator(".case-note").First).ToContainTextAsync("@Ben Okafor can you call the customer back?");
        await page.Context.CloseAsync();

        var ben = await rapport.SignInAsync("agent2@rapport.demo");
        // The demo organisation may already have told Ben of other things (service targets, promises): count from there.
        var bell = ben.Locator("button[aria-label^='Notifications, ']");
        var unread = int.Parse((await bell.GetAttributeAsync("aria-label"))!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(unread >= 1);
        await bell.ClickAsync();
        await ben.GetByText("Amira Agent mentioned you on").Filter(new() { HasText = "Wheelchair access in Leeds" }).ClickAsync();
        await ben.WaitForURLAsync(caseUrl);
        await RapportFixture.Interactive(ben);
        await Expect(ben.Locator($"button[aria-label='Notifications, {unread - 1} unread']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_case_list_shows_the_demo_cases_and_filters_them()
    {
        var page = await rapport.SignInAsync("supervisor@rapport.demo");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Cases" }).ClickAsync();
        await page.WaitForURLAsync("**/cases");
        await RapportFixture.Interactive(page);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "C-000001" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Left a jacket in room 214")).ToHaveCountAsync(0); // closed: not active
        await RapportFixture.ScreenshotAsync(page, "case-list");
    }

}
