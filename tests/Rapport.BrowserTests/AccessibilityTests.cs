using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>
/// Walks every screen an agent, a supervisor or an auditor uses and runs axe with the WCAG 2.0, 2.1 and 2.2 A/AA rules.
/// No rule is switched off. With RAPPORT_SCREENSHOTS set it also saves each screen for the user guide.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class AccessibilityTests(RapportFixture rapport, ITestOutputHelper output)
{
    private static readonly List<string> Wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private readonly List<string> failures = [];
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();

    [Fact]
    public async Task Every_screen_has_no_serious_or_critical_WCAG_22_AA_violations()
    {
        var login = await rapport.NewPageAsync();
        await login.GotoAsync("/login");
        await CheckAsync(login, "login");
        await login.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        var customer = await ExampleCustomerAsync(page);
        await RapportFixture.GoAsync(page, "/customers");
        await CheckAsync(page, "customer-list");

        var create = await RapportFixture.OpenDialogAsync(page, "New customer");
        await create.GetByLabel("Name", new() { Exact = true }).FillAsync("Rosa Delgado");
        await create.GetByRole(AriaRole.Textbox, new() { Name = "Email address", Exact = true }).FillAsync("rosa.delgado@example.com");
        await create.GetByRole(AriaRole.Textbox, new() { Name = "Phone number", Exact = true }).FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create customer" }).ClickAsync();
        await Expect(create.Locator(".mud-input-helper-text").Filter(new() { HasText = "'12345' is not a phone number" })).ToBeVisibleAsync();
        await CheckAsync(page, "customer-new");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await RapportFixture.GoAsync(page, $"/customers/{customer}");
        await Expect(page.Locator(".a11y-banner")).ToBeVisibleAsync();
        await CheckAsync(page, "customer-360", fullPage: true);

        await RapportFixture.OpenDialogAsync(page, "Edit");
        await CheckAsync(page, "customer-edit", axe: false); // the create form again, with the record's values
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        var merge = await RapportFixture.OpenDialogAsync(page, "Merge a duplicate into this customer");
        await merge.GetByLabel("Find the duplicate by name, email or phone").FillAsync("Smith");
        await Expect(merge.Locator(".candidate").First).ToBeVisibleAsync();
        await merge.Locator(".candidate").First.ClickAsync();
        await CheckAsync(page, "customer-merge");
        await page.Keyboard.PressAsync("Escape");

        await RapportFixture.GoAsync(page, "/lookup");
        await page.GetByLabel("Email, phone or @handle").FillAsync("+44 (0)20 7946 0958");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
        await Expect(page.Locator(".greeting")).ToBeVisibleAsync();
        await CheckAsync(page, "lookup");

        await RapportFixture.GoAsync(page, "/tokens");
        await page.GetByLabel("Token name (what it is for)").FillAsync("Booking system sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Expect(page.Locator("#new-token-secret")).ToBeVisibleAsync();
        await CheckAsync(page, "tokens");

        await RapportFixture.GoAsync(page, "/inbox");
        await CheckAsync(page, "inbox-a11y");

        await RapportFixture.GoAsync(page, "/cases");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "C-000001" })).ToBeVisibleAsync();
        await CheckAsync(page, "cases-a11y");
        await page.GetByRole(AriaRole.Link, new() { Name = "C-000001" }).ClickAsync();
        await page.WaitForURLAsync("**/cases/*");
        await RapportFixture.Interactive(page);
        await CheckAsync(page, "case-a11y", fullPage: true);

        await RapportFixture.GoAsync(page, "/audit");
        await CheckAsync(page, "denied", axe: false); // static text under the same layout
        await page.Context.CloseAsync();

        var auditor = await rapport.SignInAsync("auditor@rapport.demo");
        await RapportFixture.GoAsync(auditor, "/audit");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Verify chain" }).ClickAsync();
        await Expect(auditor.GetByText("The audit trail is intact")).ToBeVisibleAsync();
        await CheckAsync(auditor, "audit");
        await RapportFixture.GoAsync(auditor, $"/customers/{customer}/access-report");
        await Expect(auditor.Locator(".access-report tbody tr").First).ToBeVisibleAsync();
        await CheckAsync(auditor, "access-report-a11y");

        var admin = await rapport.SignInAsync("admin@rapport.demo");
        await RapportFixture.GoAsync(admin, "/channels");
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Connect account" })).ToBeVisibleAsync();
        await CheckAsync(admin, "channels-a11y", fullPage: true);
        await RapportFixture.GoAsync(admin, "/people");
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Add person" })).ToBeVisibleAsync();
        await CheckAsync(admin, "people-a11y", fullPage: true);
        await RapportFixture.GoAsync(admin, "/teams");
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Add team" })).ToBeVisibleAsync();
        await CheckAsync(admin, "teams-a11y", fullPage: true);
        await admin.Context.CloseAsync();

        Assert.True(failures.Count == 0, "Accessibility violations:\n" + string.Join("\n", failures));
    }

    /// <summary>Runs axe on the screen as it is now (and saves a screenshot when asked to); <paramref name="axe"/> false only photographs it.</summary>
    private async Task CheckAsync(IPage page, string screen, bool fullPage = false, bool axe = true)
    {
        // Dialogs and alerts fade in; axe measures contrast, so let the transitions finish first.
        await RapportFixture.SettledAsync(page);
        if (axe)
        {
            await RunAxeAsync(page, screen);
        }

        if (RapportFixture.ScreenshotDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            var viewport = page.ViewportSize!;
            if (fullPage)
            {
                // A viewport as tall as the page, so the fixed navigation drawer runs the full height of the picture.
                var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
                await page.SetViewportSizeAsync(viewport.Width, height);
            }

            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"{screen}.png") });
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        }
    }

    private async Task RunAxeAsync(IPage page, string screen)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = Wcag } });
        foreach (var v in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            var nodes = string.Join("\n", v.Nodes.Select(n => $"      {n.Html}\n        {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}"));
            failures.Add($"  {screen}: {v.Id} ({v.Impact}) {v.Help}\n{nodes}");
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0}s {screen}: {result.Violations.Length} violations ({string.Join(", ", result.Violations.Select(v => $"{v.Id}/{v.Impact}"))}), {result.Passes.Length} rules passed");
    }

    /// <summary>A customer with everything the 360 page shows: needs, several contact points, a note and confidential details.</summary>
    private static async Task<Guid> ExampleCustomerAsync(IPage page)
    {
        var id = await TestData.CreateCustomerAsync(page, new
        {
            name = "Eleanor Whitfield",
            kind = "external",
            organisation = "Harbour View Hotels",
            customerSince = "2022-09-14T00:00:00Z",
            contactPoints = new object[]
            {
                new { type = "email", value = "eleanor.whitfield@example.com", label = "home" },
                new { type = "phone", value = "020 7946 0958", label = "mobile" },
                new { type = "social", value = "@ewhitfield", network = "instagram" },
                new { type = "postal", value = "14 Quay Street\nBristol BS1 4DB\nUnited Kingdom" },
            },
            profile = new
            {
                preferredChannel = "email",
                preferredTimes = "Weekday mornings",
                style = "formal",
                language = "en-GB",
                technicalAwareness = "unaware",
                needsRelayService = true,
                needsLargePrint = true,
            },
        });
        await TestData.AddConfidentialAsync(page, id, "Health", "Profoundly deaf; uses Relay UK.", "customer");
        await TestData.AddConfidentialAsync(page, id, "Credit terms", "30-day account agreed by finance.", "organisation");
        var note = await TestData.PostAsync(page, $"/api/v1/customers/{id}/notes",
            new { body = "Booked the spring garden tour for two. Send confirmations by email in large print." });
        Assert.True(note.Ok, await note.TextAsync());
        return id;
    }
}
