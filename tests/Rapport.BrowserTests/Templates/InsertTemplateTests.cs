using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Templates;

/// <summary>A supervisor writes a template (a typo in a placeholder is caught with its line), an agent inserts it into a reply in one action.</summary>
[Collection(RapportCollection.Name)]
public sealed class InsertTemplateTests(RapportFixture rapport)
{
    private static readonly List<string> Wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    [Fact]
    public async Task Supervisor_saves_a_template_and_an_agent_inserts_it_into_a_reply_filled_in_for_the_customer()
    {
        var name = $"Warm closing {Unique.Letters()}";
        var sam = await rapport.SignInAsync("supervisor@rapport.demo");
        await sam.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Reply templates" }).ClickAsync();
        await sam.WaitForURLAsync("**/templates");
        await RapportFixture.Interactive(sam);
        await Expect(sam.GetByTestId("templates-table")).ToContainTextAsync("Delay explanation"); // the built-in texts are templates
        await sam.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        var body = sam.GetByLabel("Body (Liquid)");
        await body.FillAsync("Thank you, {{ customer.nmae }}.\nKind regards, {{ agent.name }}");
        await Expect(sam.GetByText("Line 1: 'customer.nmae' is not a placeholder.", new() { Exact = false })).ToBeVisibleAsync();
        await body.FillAsync("Thank you for your patience, {{ customer.first_name }}.\nKind regards, {{ agent.first_name }}");
        await sam.GetByTestId("save-template").ClickAsync();
        await Expect(sam.GetByText("Template saved.")).ToBeVisibleAsync();
        await Expect(sam.GetByTestId("templates-table")).ToContainTextAsync(name);
        await RapportFixture.SettledAsync(sam);
        await AxeCleanAsync(sam);
        await RapportFixture.ScreenshotAsync(sam, "templates-page");
        await sam.Context.CloseAsync();

        var admin = await rapport.SignInAsync("admin@rapport.demo");
        await TestData.CreateMailboxAsync(admin, $"templates-{Unique.Letters()}");
        var conversation = await TestData.ReceiveEmailAsync(admin, TestData.UniqueEmail("ines"), "Inès Moreau", "Parcel", "Where is my parcel?");
        await admin.Context.CloseAsync();

        var amira = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(amira, $"/conversations/{conversation}");
        await RapportFixture.Interactive(amira);
        await amira.GetByLabel("Your message").FillAsync("Your parcel left our depot this morning.");
        await amira.Locator("div.mud-input-control.mud-select").Filter(new() { HasText = "Reply template" }).ClickAsync();
        await amira.Locator(".mud-popover-open").GetByText(name, new() { Exact = false }).ClickAsync();
        await amira.GetByTestId("insert-template").ClickAsync();
        await Expect(amira.GetByLabel("Your message")).ToHaveValueAsync(
            "Your parcel left our depot this morning.\n\nThank you for your patience, Inès.\nKind regards, Amira");
        await RapportFixture.SettledAsync(amira);
        await AxeCleanAsync(amira);
        await RapportFixture.ScreenshotAsync(amira, "composer-template-inserted");

        await amira.GetByRole(AriaRole.Button, new() { Name = "Reply by email" }).ClickAsync();
        await Expect(amira.Locator(".message-outbound")).ToContainTextAsync("Thank you for your patience, Inès.");
        await amira.Context.CloseAsync();
    }

    private static async Task AxeCleanAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = Wcag } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }
}
