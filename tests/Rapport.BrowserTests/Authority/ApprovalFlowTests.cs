using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Authority;

[Collection(RapportCollection.Name)]
public sealed class ApprovalFlowTests(RapportFixture rapport)
{
    [Fact]
    public async Task A_refund_beyond_the_agents_limit_waits_until_a_supervisor_approves_it_and_the_agent_sees_it_done()
    {
        var agent = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(agent, "/cases");
        await agent.GetByRole(AriaRole.Link, new() { Name = "C-000001" }).ClickAsync();
        await agent.WaitForURLAsync("**/cases/*");
        await RapportFixture.Interactive(agent);

        await agent.GetByLabel("Amount").FillAsync("80");
        await Expect(agent.GetByTestId("limit-check")).ToContainTextAsync("Beyond your limit (up to GBP 50.00");
        await agent.GetByLabel("Why the customer should have it").FillAsync("Room was not ready on arrival");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Ask for approval" }).ClickAsync();
        var refund = agent.GetByTestId("case-action").Filter(new() { HasText = "Refund of GBP 80.00" });
        await Expect(refund).ToContainTextAsync("Pending approval");

        var supervisor = await rapport.SignInAsync("supervisor@rapport.demo");
        await supervisor.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
        await supervisor.WaitForURLAsync("**/approvals");
        await RapportFixture.Interactive(supervisor);
        var approval = supervisor.GetByTestId("approval").Filter(new() { HasText = "Refund of GBP 80.00" });
        await Expect(approval).ToContainTextAsync("C-000001");
        await Expect(approval).ToContainTextAsync("Asked by Amira Agent");
        await ExpectAccessibleAsync(supervisor);
        await approval.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(approval).ToHaveCountAsync(0);
        await supervisor.Context.CloseAsync();

        // The agent's case page was open all along: the decision arrives live, with the customer outcome and a notification.
        await Expect(refund).ToContainTextAsync("Done");
        await Expect(refund).ToContainTextAsync("Approved by Sam Supervisor");
        await Expect(refund).ToContainTextAsync("Customer outcome: Refund of GBP 80.00 agreed for the customer.");
        await agent.Locator("button[aria-label^='Notifications, ']").Locator("visible=true").First.ClickAsync();
        await Expect(agent.GetByText("Sam Supervisor approved your refund of GBP 80.00 on C-000001")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Administrators_see_the_limits_of_each_role()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        await admin.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Limits of authority" }).ClickAsync();
        await admin.WaitForURLAsync("**/authority-limits");
        await RapportFixture.Interactive(admin);

        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "Role: Agent" }).Filter(new() { HasText = "up to GBP 50.00" }).First).ToBeVisibleAsync();
        await ExpectAccessibleAsync(admin);
    }

    /// <summary>The WCAG 2.2 AA rules the accessibility walk uses, on this feature's screens.</summary>
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
