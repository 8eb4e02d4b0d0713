using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Loyalty;

[Collection(RapportCollection.Name)]
public sealed class LoyaltyPanelTests(RapportFixture rapport)
{
    [Fact]
    public async Task An_agent_reads_why_a_customer_may_leave_grants_an_offer_within_their_limit_and_sees_it_on_the_timeline()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var offerName = TestData.UniqueName("Room", "upgrade");
        await PostAsync(admin, "/api/v1/loyalty/offers", new { name = offerName, description = "A better room on their next stay", action = "goodwillGesture", cost = 20m, currency = "GBP" });
        var beyond = TestData.UniqueName("Dinner", "for two");
        await PostAsync(admin, "/api/v1/loyalty/offers", new { name = beyond, description = "Dinner at the hotel", action = "goodwillGesture", cost = 90m, currency = "GBP" });
        var name = TestData.UniqueName("Lorna", "Loyal");
        var customer = await TestData.CreateCustomerAsync(admin, new { name });
        await PostAsync(admin, "/api/v1/feedback", new { source = "verbal", scale = "csat", score = 1, text = "Not what we hoped", customerId = customer });
        await admin.Context.CloseAsync();

        var agent = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(agent, $"/customers/{customer}");
        await RapportFixture.Interactive(agent);
        var panel = agent.GetByTestId("loyalty-panel");
        await Expect(panel.GetByTestId("risk-score")).ToHaveTextAsync("20");
        var low = agent.GetByTestId("risk-factor").Filter(new() { HasText = "Low recent feedback" });
        await Expect(low).ToContainTextAsync("+20");
        await Expect(low).ToContainTextAsync("100% of their last 1 scored answer(s) were low.");
        await Expect(agent.GetByTestId("risk-factor")).ToHaveCountAsync(5);

        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = $"Grant {beyond}" })).ToBeDisabledAsync(); // GBP 90 is past the agent's GBP 25
        await panel.GetByRole(AriaRole.Button, new() { Name = $"Grant {offerName}" }).ClickAsync();
        await Expect(panel.GetByTestId("loyalty-action")).ToContainTextAsync($"Offer granted: {offerName}");

        var timeline = agent.GetByRole(AriaRole.List, new() { Name = "Timeline" });
        var granted = timeline.Locator("> li[data-kind='loyalty']");
        await Expect(granted).ToContainTextAsync($"Offer granted: {offerName}");
        await Expect(granted).ToContainTextAsync("Granted by Amira Agent");
        await RapportFixture.ScreenshotAsync(agent, "customer-loyalty");
    }

    private static async Task<JsonElement> PostAsync(IPage page, string url, object body)
    {
        var response = await TestData.PostAsync(page, url, body);
        Assert.True(response.Ok, $"{url} answered {response.Status}: {await response.TextAsync()}");
        return JsonDocument.Parse(await response.TextAsync()).RootElement.Clone();
    }
}
