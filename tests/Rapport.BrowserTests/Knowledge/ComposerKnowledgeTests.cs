using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Knowledge;

/// <summary>An agent searches the knowledge base from the composer, inserts an answer in one click, and sees an overdue review flagged.</summary>
[Collection(RapportCollection.Name)]
public sealed class ComposerKnowledgeTests(RapportFixture rapport)
{
    [Fact]
    public async Task Agent_searches_from_the_composer_and_inserts_an_answer_into_the_draft()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var conversation = await TestData.ReceiveEmailAsync(admin, "Checkout time", "Can we keep our room a bit longer on Sunday? Our flight is at 7pm.");
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await RapportFixture.Interactive(page);
        await page.GetByLabel("Your message").FillAsync("Hello, thank you for asking.");
        await page.GetByLabel("Search the knowledge base").PressSequentiallyAsync("late checkout");

        var suggestion = page.Locator("[data-testid=knowledge-suggestion]").Filter(new() { HasText = "Late checkout" });
        await Expect(suggestion).ToBeVisibleAsync();
        await Expect(suggestion).ToContainTextAsync("You can keep your room until 2pm");
        await AxeCleanAsync(page);
        await RapportFixture.ScreenshotAsync(page, "composer-knowledge");

        await suggestion.GetByRole(AriaRole.Button, new() { Name = "Insert answer: Late checkout" }).ClickAsync();

        await Expect(page.GetByLabel("Your message")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(
            @"^Hello, thank you for asking\.\n\nYou can keep your room until 2pm for £25"));
        await Expect(page.Locator(".knowledge-notice")).ToContainTextAsync("Inserted “Late checkout”");

        // The demo's accessible-rooms article is past its review: the composer says so before it is used.
        await page.GetByLabel("Search the knowledge base").FillAsync("accessible rooms");
        var overdue = page.Locator("[data-testid=knowledge-suggestion]").Filter(new() { HasText = "Accessible rooms" });
        await Expect(overdue.Locator(".review-overdue")).ToContainTextAsync("Review overdue since");
        // An internal article offers no insert.
        await page.GetByLabel("Search the knowledge base").FillAsync("goodwill housekeeping");
        var internalArticle = page.Locator("[data-testid=knowledge-suggestion]").Filter(new() { HasText = "Goodwill for housekeeping complaints" });
        await Expect(internalArticle).ToContainTextAsync("do not send it to the customer");
        await Expect(internalArticle.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        await RapportFixture.GoAsync(page, "/knowledge");
        await Expect(page.Locator("[data-testid=knowledge-hit]").Filter(new() { HasText = "Late checkout" })).ToContainTextAsync("used 1 time(s)");
        await AxeCleanAsync(page);
        await page.Context.CloseAsync();
    }

    private static async Task AxeCleanAsync(IPage page)
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
