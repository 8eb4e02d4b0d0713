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
}
