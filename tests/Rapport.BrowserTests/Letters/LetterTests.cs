using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Letters;

/// <summary>
/// An agent logs a letter that came in the post, with its scan, from the customer's page and finds it on the customer's
/// timeline; then writes the answer as a letter and opens its printable page (A4 print stylesheet, the customer's address).
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class LetterTests(RapportFixture rapport)
{
    [Fact]
    public async Task An_agent_logs_a_letter_with_its_scan_sees_it_on_the_timeline_and_prints_the_answer()
    {
        var agent = await rapport.SignInAsync("agent@rapport.demo");
        var name = TestData.UniqueName("Edith", "Marsh");
        var customerId = await TestData.CreateCustomerAsync(agent, new
        {
            name,
            contactPoints = new object[] { new { type = "postal", value = "7 Lighthouse Lane\nWhitby\nYO21 3PU" } },
        });

        await RapportFixture.GoAsync(agent, $"/customers/{customerId}");
        var dialog = await RapportFixture.OpenDialogAsync(agent, "Log a letter");
        await dialog.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "letter-from-edith.pdf",
            MimeType = "application/pdf",
            Buffer = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4 a scanned letter\n%%EOF\n"),
        });
        await Expect(dialog.GetByRole(AriaRole.List, new() { Name = "The scan" }).GetByText("letter-from-edith.pdf")).ToBeVisibleAsync();
        await dialog.GetByLabel("Summary (what the customer asks or tells us)").FillAsync("Asks us to send the timetable by post in large print.");
        await dialog.GetByLabel("Their reference (if any)").FillAsync("EM-1");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Log the letter" }).ClickAsync();

        // The new Letter conversation opens, with the scan as the letter's attachment.
        await agent.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/conversations/[0-9a-f-]{36}$"), new() { Timeout = 15_000 });
        await RapportFixture.Interactive(agent);
        await Expect(agent.GetByText("Asks us to send the timetable by post in large print.")).ToBeVisibleAsync();
        await Expect(agent.GetByRole(AriaRole.List, new() { Name = "Attachments" }).GetByText("letter-from-edith.pdf")).ToBeVisibleAsync();
        await Expect(agent.GetByText("Replies to letters are printed, not sent")).ToBeVisibleAsync();
        var conversationUrl = agent.Url;

        await RapportFixture.GoAsync(agent, $"/customers/{customerId}");
        await Expect(agent.Locator("ol.timeline")).ToContainTextAsync("Asks us to send the timetable by post in large print.");

        // The answer, as a letter: written from the Letter template, saved as a draft, printed.
        await agent.GotoAsync(conversationUrl);
        await RapportFixture.Interactive(agent);
        await agent.GetByRole(AriaRole.Button, new() { Name = "Write a letter" }).ClickAsync();
        var letter = agent.GetByLabel("The letter");
        await Expect(letter).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"Dear {name}"));
        await agent.GetByLabel("Large print (18pt, wide spacing)").CheckAsync();
        await agent.GetByRole(AriaRole.Button, new() { Name = "Save the letter to print" }).ClickAsync();
        var row = agent.GetByRole(AriaRole.List, new() { Name = "Letters in this conversation" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "draft: not posted" });
        await Expect(row).ToBeVisibleAsync();

        var print = await agent.Context.RunAndWaitForPageAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "Print" }).ClickAsync());
        await print.WaitForLoadStateAsync();
        await Expect(print.Locator("body.letter.large-print")).ToBeVisibleAsync();
        await Expect(print.GetByRole(AriaRole.Region, new() { Name = "Recipient" })).ToContainTextAsync("7 Lighthouse Lane");
        await Expect(print.GetByRole(AriaRole.Region, new() { Name = "Recipient" })).ToContainTextAsync("YO21 3PU");
        var css = await print.Locator("style").First.TextContentAsync();
        Assert.Contains("@page{size:A4", css, StringComparison.Ordinal);
        Assert.Contains("@media print", css, StringComparison.Ordinal);
        // Printed, the toolbar is gone and the body is in large type.
        await print.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(print.GetByRole(AriaRole.Navigation, new() { Name = "Letter" })).ToBeHiddenAsync();
        var size = await print.Locator("body").EvaluateAsync<string>("b => getComputedStyle(b).fontSize");
        Assert.Equal("24px", size);
        await RapportFixture.ScreenshotAsync(print, "letter-print");

        await agent.BringToFrontAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Mark posted" }).ClickAsync();
        await Expect(agent.GetByRole(AriaRole.List, new() { Name = "Letters in this conversation" }).GetByText(new System.Text.RegularExpressions.Regex("posted .* by"))).ToBeVisibleAsync();
    }
}
