using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Customers;

[Collection(RapportCollection.Name)]
public sealed class ConfidentialDetailsTests(RapportFixture rapport)
{
    [Fact]
    public async Task Agent_is_denied_the_audit_page_and_may_not_reveal_a_customer_confidential_value()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Audit trail" })).ToHaveCountAsync(0);

        await page.GotoAsync("/audit");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not allowed");

        var customer = await CustomerWithSecretAsync(page, "Uses a hearing aid; speak clearly.");
        await RapportFixture.GoAsync(page, $"/customers/{customer}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal Health" }).ClickAsync();
        await Expect(page.GetByText("You are not allowed to read this.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Uses a hearing aid; speak clearly.")).ToHaveCountAsync(0);
        await Expect(page.Locator(".audit-table")).Not.ToContainTextAsync("Confidential read");
    }

    [Fact]
    public async Task Supervisor_reveals_a_customer_confidential_value_and_the_read_is_in_the_history_and_the_audit_trail()
    {
        var agent = await rapport.SignInAsync("agent@rapport.demo");
        var customer = await CustomerWithSecretAsync(agent, "Recovering from surgery until March.");
        await agent.Context.CloseAsync();

        var page = await rapport.SignInAsync("supervisor@rapport.demo");
        await RapportFixture.GoAsync(page, $"/customers/{customer}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal Health" }).ClickAsync();
        await Expect(page.GetByText("Recovering from surgery until March.")).ToBeVisibleAsync();
        var read = page.Locator(".audit-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "Confidential read" });
        await Expect(read).ToContainTextAsync("Sam Supervisor");
        await page.Context.CloseAsync();

        var auditor = await rapport.SignInAsync("auditor@rapport.demo");
        await RapportFixture.GoAsync(auditor, "/audit");
        await auditor.GetByLabel("Record id").FillAsync(customer.ToString());
        await auditor.GetByLabel("Action (e.g. customer.merged)").FillAsync("confidential.read");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(auditor.Locator(".audit-table tbody tr")).ToHaveCountAsync(1);
        await Expect(auditor.Locator(".audit-table")).ToContainTextAsync("Sam Supervisor");

        await auditor.GetByRole(AriaRole.Button, new() { Name = "Verify chain" }).ClickAsync();
        await Expect(auditor.GetByText("The audit trail is intact")).ToBeVisibleAsync();
    }

    private static async Task<Guid> CustomerWithSecretAsync(IPage page, string secret)
    {
        var id = await TestData.CreateCustomerAsync(page, new { name = TestData.UniqueName("Colm", "Private") });
        await TestData.AddConfidentialAsync(page, id, "Health", secret, "customer");
        return id;
    }
}
