using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Referrals;

[Collection(RapportCollection.Name)]
public sealed class ReferCaseTests(RapportFixture rapport)
{
    [Fact]
    public async Task Agent_refers_a_case_to_a_colleague_with_a_reason_and_the_colleague_accepts_it()
    {
        var amira = await rapport.SignInAsync("agent@rapport.demo");
        var title = $"Refund for a cancelled coach {Unique.Letters()}"[..36];
        var caseId = await ACaseAsync(amira, title, "My coach was cancelled and I want the fare back.");

        await RapportFixture.GoAsync(amira, $"/cases/{caseId}");
        await amira.GetByRole(AriaRole.Button, new() { Name = "Refer", Exact = true }).ClickAsync();
        var referTo = amira.Locator("div.mud-input-control.mud-select").Filter(new() { HasText = "Refer to" });
        await referTo.ClickAsync();
        await amira.Locator(".mud-popover-open .mud-list-item").GetByText("Sam Supervisor", new() { Exact = true }).ClickAsync();
        // As a person would: the list closes and the choice shows before the reason is typed.
        await Expect(amira.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Expect(referTo.Locator("input")).ToHaveValueAsync("Sam Supervisor");
        await amira.GetByLabel("Why this colleague or team (internal)").FillAsync("A full refund is above my limit; Sam can authorise it.");
        await amira.GetByRole(AriaRole.Button, new() { Name = "Send referral" }).ClickAsync();
        var step = amira.GetByTestId("referral-step");
        await Expect(step).ToContainTextAsync("Amira Agent → Sam Supervisor");
        await Expect(step).ToContainTextAsync("Pending");
        await Expect(step).ToContainTextAsync("A full refund is above my limit; Sam can authorise it.");
        await amira.Context.CloseAsync();

        var sam = await rapport.SignInAsync("supervisor@rapport.demo");
        await sam.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Referred to me" }).ClickAsync();
        await sam.WaitForURLAsync("**/referrals");
        await RapportFixture.Interactive(sam);
        await sam.GetByTestId("referral-item").Filter(new() { HasText = "A full refund is above my limit" })
            .GetByRole(AriaRole.Link, new() { Name = "Amira Agent → Sam Supervisor" }).ClickAsync();
        await sam.WaitForURLAsync("**/referrals/*");
        await RapportFixture.Interactive(sam);
        await Expect(sam.GetByText("My coach was cancelled and I want the fare back.")).ToBeVisibleAsync(); // the customer's requirement
        await sam.GetByRole(AriaRole.Button, new() { Name = "Accept referral" }).ClickAsync();
        await Expect(sam.GetByTestId("referral-status")).ToHaveTextAsync("Accepted");

        await RapportFixture.GoAsync(sam, $"/cases/{caseId}");
        await Expect(sam.GetByText("owner Sam Supervisor")).ToBeVisibleAsync();
        await Expect(sam.GetByTestId("referral-step")).ToContainTextAsync("Accepted by Sam Supervisor");
    }

    private static async Task<Guid> ACaseAsync(IPage page, string title, string requirement)
    {
        var customerId = await TestData.CreateCustomerAsync(page, new { name = TestData.UniqueName("Coach", "Traveller") });
        var response = await TestData.PostAsync(page, "/api/v1/cases", new { customerId, title, requirement });
        Assert.True(response.Ok, await response.TextAsync());
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("case").GetProperty("id").GetGuid();
    }
}
