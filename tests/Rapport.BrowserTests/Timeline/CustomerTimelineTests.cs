using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Timeline;

[Collection(RapportCollection.Name)]
public sealed class CustomerTimelineTests(RapportFixture rapport)
{
    [Fact]
    public async Task The_customer_page_shows_email_sms_promise_and_case_newest_first_each_linking_to_its_conversation_or_case()
    {
        var page = await rapport.SignInAsync("admin@rapport.demo");
        var email = TestData.UniqueEmail("tess");
        var phone = $"+44 20 3{Random.Shared.Next(100, 1000)} {Random.Shared.Next(1000, 10_000)}";
        var name = TestData.UniqueName("Tess", "Timeline");
        var customer = await TestData.CreateCustomerAsync(page, new
        {
            name,
            contactPoints = new object[] { new { type = "email", value = email }, new { type = "phone", value = phone } },
        });
        var emailConversation = await TestData.ReceiveEmailAsync(page, email, name, "Parcel arrived damaged", "The box was crushed.");
        var sms = await PostAsync(page, "/api/v1/inbound-messages", new
        {
            channel = "sms",
            providerMessageId = $"SM{Unique.Letters()}",
            from = new { phone },
            text = "Texting to say the courier never came back",
        });
        var promise = await PostAsync(page, "/api/v1/promises", new { customerId = customer, what = "Send a replacement parcel", dueAt = "2099-01-01T10:00:00Z" });
        var theCase = await PostAsync(page, "/api/v1/cases", new { customerId = customer, title = "Damaged parcel refund" });
        var caseId = theCase.GetProperty("case").GetProperty("id").GetString();

        await RapportFixture.GoAsync(page, $"/customers/{customer}");

        var timeline = page.GetByRole(AriaRole.List, new() { Name = "Timeline" });
        var items = timeline.Locator("> li");
        await Expect(items).ToHaveCountAsync(4);
        Assert.Equal(["case", "promise", "message", "message"], await items.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.kind)"));
        await Expect(items.Nth(0).GetByRole(AriaRole.Link, new() { Name = "Damaged parcel refund" })).ToHaveAttributeAsync("href", $"/cases/{caseId}");
        await Expect(items.Nth(0)).ToContainTextAsync("New");
        await Expect(items.Nth(1).GetByRole(AriaRole.Link, new() { Name = "Send a replacement parcel" })).ToHaveAttributeAsync("href", "/promises");
        await Expect(items.Nth(1)).ToContainTextAsync("Due 1 Jan 2099");
        await Expect(items.Nth(2)).ToContainTextAsync("SMS message:");
        await Expect(items.Nth(2)).ToContainTextAsync("Texting to say the courier never came back");
        await Expect(items.Nth(2)).ToContainTextAsync($"received from {phone}");
        await Expect(items.Nth(2).GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/conversations/{sms.GetProperty("conversationId").GetString()}");
        await Expect(items.Nth(3)).ToContainTextAsync("Email message:");
        await Expect(items.Nth(3).GetByRole(AriaRole.Link, new() { Name = "Parcel arrived damaged" })).ToHaveAttributeAsync("href", $"/conversations/{emailConversation}");
        Assert.NotEqual("", promise.GetProperty("id").GetString());
        await RapportFixture.ScreenshotAsync(page, "customer-timeline");

        await page.SetViewportSizeAsync(360, 800);
        await timeline.ScrollIntoViewIfNeededAsync();
        await RapportFixture.ScreenshotAsync(page, "customer-timeline-narrow");
        var timelineRight = await timeline.EvaluateAsync<double>("e => Math.max(...[e, ...e.querySelectorAll('*')].map(x => x.getBoundingClientRect().right))");
        Assert.True(timelineRight <= 360, $"The timeline reaches {timelineRight} px at 360 px.");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways at 360 px.");

        await items.Nth(2).GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync($"**/conversations/{sms.GetProperty("conversationId").GetString()}");
    }

    private static async Task<JsonElement> PostAsync(IPage page, string url, object body)
    {
        var response = await TestData.PostAsync(page, url, body);
        Assert.True(response.Ok, $"{url} answered {response.Status}: {await response.TextAsync()}");
        return JsonDocument.Parse(await response.TextAsync()).RootElement.Clone();
    }
}
