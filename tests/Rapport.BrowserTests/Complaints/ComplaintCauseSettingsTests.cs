using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Complaints;

[Collection(RapportCollection.Name)]
public sealed class ComplaintCauseSettingsTests(RapportFixture rapport)
{
    [Fact]
    public async Task Administrator_adds_a_cause_on_the_settings_page_and_an_agent_is_offered_it_on_a_complaint()
    {
        var cause = $"Lost luggage {Unique.Letters()}";
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        await RapportFixture.GoAsync(admin, "/complaints/settings");
        await RapportFixture.Interactive(admin);
        await admin.GetByLabel("New cause").FillAsync(cause);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add cause" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.List, new() { Name = "Complaint causes" })).ToContainTextAsync(cause);
        await ExpectAccessibleAsync(admin);
        var conversation = await TestData.ReceiveEmailAsync(admin, $"Bag missing {Unique.Letters()}", "My suitcase never arrived in Leeds.");
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Handle as complaint" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Open case" }).ClickAsync();
        await page.WaitForURLAsync("**/cases/*");
        await RapportFixture.Interactive(page);
        var panel = page.GetByTestId("complaint-panel");
        await panel.Locator("div.mud-input-control.mud-select").Filter(new() { HasText = "Cause" }).ClickAsync();

        await Expect(page.Locator(".mud-popover-open").GetByText(cause, new() { Exact = true })).ToBeVisibleAsync();
    }

    private static async Task ExpectAccessibleAsync(IPage page)
    {
        await RapportFixture.SettledAsync(page);
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {string.Join(" | ", v.Nodes.Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }
}
