using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Promises;

/// <summary>The composer spots a promise in a reply, proposes it with its due time, and records it when the reply is sent.</summary>
[Collection(RapportCollection.Name)]
public sealed class ComposerPromiseTests(RapportFixture rapport)
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public async Task Agent_types_a_promise_confirms_the_proposal_sends_and_the_promise_is_recorded()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        await TestData.CreateMailboxAsync(admin, $"promises-{Unique.Letters()}");
        var conversation = await TestData.ReceiveEmailAsync(admin, "Boiler still broken", "The engineer never came. When will someone call me?");
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await RapportFixture.Interactive(page);
        await page.GetByLabel("Your message").PressSequentiallyAsync("I'm sorry about the missed visit. I'll call you back tomorrow at 10am.");

        // "tomorrow at 10am" where the customer is: the organisation's zone, as the customer has none.
        var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, London).DateTime).AddDays(1);
        var due = tomorrow.ToDateTime(new TimeOnly(10, 0)).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);
        var proposal = page.Locator(".promise-proposal");
        await Expect(proposal).ToContainTextAsync($"Record promise: call you back — due {due}");
        await RapportFixture.ScreenshotAsync(page, "composer-promise-proposal");

        await proposal.GetByRole(AriaRole.Button, new() { Name = "Confirm promise" }).ClickAsync();
        await Expect(proposal).ToContainTextAsync("recorded when sent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reply by email" }).ClickAsync();
        await Expect(page.Locator(".message-outbound")).ToContainTextAsync("I'll call you back tomorrow at 10am.");
        await Expect(proposal).ToHaveCountAsync(0);

        var response = await page.APIRequest.GetAsync("/api/v1/promises?owner=me&status=open&limit=200");
        using var json = JsonDocument.Parse(await response.TextAsync());
        var recorded = json.RootElement.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("conversationId").GetString() == conversation.ToString());
        Assert.Equal("call you back", recorded.GetProperty("what").GetString());
        Assert.StartsWith("tomorrow at 10am", recorded.GetProperty("dueText").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, recorded.GetProperty("messageId").ValueKind);
        Assert.Equal(tomorrow.ToDateTime(new TimeOnly(10, 0)), TimeZoneInfo.ConvertTime(recorded.GetProperty("dueAt").GetDateTimeOffset(), London).DateTime);

        await RapportFixture.GoAsync(page, "/promises");
        await Expect(page.Locator(".my-promises")).ToContainTextAsync("call you back");
        await page.Context.CloseAsync();
    }

}
