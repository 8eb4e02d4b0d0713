using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Coach;

/// <summary>The communication coach reads the reply while it is typed, says why each suggestion fired, and applies a fix in one click.</summary>
[Collection(RapportCollection.Name)]
public sealed class ComposerCoachTests(RapportFixture rapport)
{
    [Fact]
    public async Task Suggestions_appear_while_typing_and_one_is_applied_with_one_click()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        await TestData.CreateMailboxAsync(admin, $"coach-{Unique.Letters()}");
        var first = "Maeve" + Unique.Letters()[..3].ToLowerInvariant();
        var conversation = await TestData.ReceiveEmailAsync(admin, TestData.UniqueEmail("maeve"), $"{first} Doyle", "Still no refund",
            "I am still waiting for my refund and nobody has replied. This is unacceptable.");
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await RapportFixture.Interactive(page);
        var message = page.GetByLabel("Your message");
        await message.PressSequentiallyAsync("Hello, I have checked your PNR and the refund was sent.");

        var coach = page.GetByRole(AriaRole.Region, new() { Name = "Writing suggestions" });
        var jargon = coach.Locator(".coach-suggestion[data-check=jargon]");
        await Expect(jargon).ToContainTextAsync("Say \"booking reference\" instead of \"PNR\"");
        await Expect(jargon).ToContainTextAsync("Why:");
        await Expect(coach.Locator(".coach-suggestion[data-check=empathy]")).ToContainTextAsync("unacceptable");
        await Expect(coach.Locator(".coach-suggestion[data-check=name]")).ToContainTextAsync(first);

        await RapportFixture.SettledAsync(page);
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
        await RapportFixture.ScreenshotAsync(page, "composer-coach");

        await jargon.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await Expect(message).ToHaveValueAsync("Hello, I have checked your booking reference and the refund was sent.");
        await Expect(coach.Locator(".coach-suggestion[data-check=jargon]")).ToHaveCountAsync(0);
        await Expect(coach.Locator(".coach-suggestion[data-check=empathy]")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_adds_a_term_on_the_glossary_page_and_the_coach_suggests_its_plain_words()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        await TestData.CreateMailboxAsync(admin, $"glossary-{Unique.Letters()}");
        var conversation = await TestData.ReceiveEmailAsync(admin, TestData.UniqueEmail("owen"), "Owen Price", "Room upgrade", "Is the upgrade extra?");
        await RapportFixture.GoAsync(admin, "/coach/glossary");
        await RapportFixture.Interactive(admin);
        var glossary = admin.GetByTestId("glossary");
        await Expect(glossary.GetByLabel("Term").First).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(".+"));
        var terms = await glossary.GetByLabel("Term").CountAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add a term" }).ClickAsync();
        // The new row renders after the click's round trip: until it is there, "the last row" is the last seeded term.
        await Expect(glossary.GetByLabel("Term")).ToHaveCountAsync(terms + 1);
        await Expect(glossary.GetByLabel("Term").Last).ToHaveValueAsync("");
        await glossary.GetByLabel("Term").Last.FillAsync("FOC");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save glossary" }).ClickAsync();
        // Half a row is refused with the reason, and nothing is saved until it is whole.
        await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("plain alternative");
        await glossary.GetByLabel("Plain words").Last.FillAsync("free of charge");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save glossary" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved" })).ToBeVisibleAsync();
        await RapportFixture.ScreenshotAsync(admin, "glossary");
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await RapportFixture.Interactive(page);
        await page.GetByLabel("Your message").PressSequentiallyAsync("Hello Owen, the upgrade is FOC.");
        var jargon = page.GetByRole(AriaRole.Region, new() { Name = "Writing suggestions" }).Locator(".coach-suggestion[data-check=jargon]");
        await Expect(jargon).ToContainTextAsync("Say \"free of charge\" instead of \"FOC\"");
        await page.Context.CloseAsync();
    }
}
