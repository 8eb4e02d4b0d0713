using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Complaints;

[Collection(RapportCollection.Name)]
public sealed class ComplaintFlowTests(RapportFixture rapport)
{
    [Fact]
    public async Task Agent_handles_a_complaint_from_a_conversation_through_listen_apologise_solve_thank_and_a_kept_follow_up()
    {
        var subject = $"Coach two hours late {Unique.Letters()}"[..30];
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var conversation = await TestData.ReceiveEmailAsync(admin, subject, "The coach to Leeds was two hours late and nobody told us why.");
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Handle as complaint" }).ClickAsync();
        await Expect(page.GetByText("New complaint from this conversation")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync(subject);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open case" }).ClickAsync();
        await page.WaitForURLAsync("**/cases/*");
        await RapportFixture.Interactive(page);

        var panel = page.GetByTestId("complaint-panel");
        var steps = panel.GetByTestId("complaint-step");
        await Expect(steps.Nth(0)).ToContainTextAsync("Listen · now");
        await panel.GetByLabel("The complaint, in the customer's words").FillAsync("The coach was two hours late and nobody told us why.");
        await panel.GetByLabel("What the customer expects").FillAsync("An explanation and the fare back");
        await panel.GetByLabel("How the customer feels").FillAsync("Frustrated");
        await panel.Locator("div.mud-input-control.mud-select").Filter(new() { HasText = "Cause" }).ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("Delay", new() { Exact = true }).ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Record what the customer said" }).ClickAsync();
        await Expect(panel.GetByTestId("complaint-words")).ToHaveTextAsync("The coach was two hours late and nobody told us why.");

        await Expect(steps.Nth(1)).ToContainTextAsync("Apologise · now");
        await Expect(panel.GetByLabel("The apology, as you gave it")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^I am sorry"));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Record apology" }).ClickAsync();
        await Expect(panel.GetByTestId("complaint-apology")).ToContainTextAsync("I am sorry");

        await panel.GetByLabel("Alternative", new() { Exact = true }).FillAsync("Seat on tomorrow's express coach");
        await panel.GetByLabel("Cost to the customer").FillAsync("Nothing");
        await panel.GetByLabel("Benefit to the customer").FillAsync("Gets to Leeds on time");
        await panel.GetByLabel("Cost to the organisation").FillAsync("One express seat");
        await panel.GetByLabel("Benefit to the organisation").FillAsync("No refund, a customer who travels again");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Add alternative" }).ClickAsync();
        var alternative = panel.GetByTestId("complaint-alternative").Filter(new() { HasText = "Seat on tomorrow's express coach" });
        await Expect(alternative).ToContainTextAsync("Gets to Leeds on time");
        await panel.GetByLabel("Agreed in the customer's first contact").CheckAsync();
        await alternative.GetByRole(AriaRole.Button, new() { Name = "Customer agreed: Seat on tomorrow's express coach" }).ClickAsync();
        await Expect(alternative).ToContainTextAsync("Agreed with the customer");

        await Expect(steps.Nth(3)).ToContainTextAsync("Thank · now");
        await panel.GetByLabel("How you thanked the customer (optional)").FillAsync("Thank you for letting us know.");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Record thanks" }).ClickAsync();
        await Expect(panel.GetByTestId("complaint-thanks")).ToContainTextAsync("Thank you for letting us know.");

        await Expect(steps.Nth(4)).ToContainTextAsync("Follow-up · now");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Schedule follow-up" }).ClickAsync();
        await Expect(panel.GetByTestId("complaint-follow-up")).ToContainTextAsync("to do");
        await RapportFixture.ScreenshotAsync(page, "complaint-follow-up");
        await ExpectAccessibleAsync(page);

        await panel.GetByRole(AriaRole.Button, new() { Name = "Customer is satisfied: follow-up done" }).ClickAsync();
        await Expect(panel.GetByTestId("complaint-follow-up")).ToContainTextAsync("done, the customer is satisfied");
        await Expect(panel.GetByTestId("complaint-done")).ToBeVisibleAsync();
        await RapportFixture.ScreenshotAsync(page, "complaint-done");
        await ExpectAccessibleAsync(page);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Complaints" }).ClickAsync();
        await page.WaitForURLAsync("**/complaints");
        await RapportFixture.Interactive(page);
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Complaints by cause" })).ToContainTextAsync("Delay: ");
        await Expect(page.GetByTestId("complaint-measures").GetByRole(AriaRole.Row).Filter(new() { HasText = "All teams" })).ToBeVisibleAsync();
        await RapportFixture.ScreenshotAsync(page, "complaint-measures");
        await ExpectAccessibleAsync(page);
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
