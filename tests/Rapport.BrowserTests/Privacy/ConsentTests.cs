using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Privacy;

/// <summary>The consent panel on the customer page, the composer's consent check for marketing, and the access report.</summary>
[Collection(RapportCollection.Name)]
public sealed class ConsentTests(RapportFixture rapport)
{
    private static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.Locator(".consent-form div.mud-select.mud-input-control").Filter(new() { HasText = select }).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new() { Exact = true }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_agent_records_a_consent_then_its_withdrawal_and_sees_the_state_and_history_at_360_px()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        var customer = await TestData.CreateCustomerAsync(page, new { name = TestData.UniqueName("Noor", "Haddad") });
        await RapportFixture.GoAsync(page, $"/customers/{customer}");
        var panel = page.Locator("div.mud-paper").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Consent", Exact = true }) });
        var email = panel.Locator(".consent-state").Filter(new() { HasText = "Marketing by email" });
        await Expect(email).ToContainTextAsync("Not asked");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Record a decision" }).ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save decision" }).ClickAsync();
        await Expect(panel.GetByText("record the words the customer agreed to")).ToBeVisibleAsync(); // consent must be informed
        await panel.GetByLabel("Wording shown or read to the customer").FillAsync("Can we email you our offers? You can stop at any time.");
        await panel.GetByLabel("Evidence (form reference, call, note)").FillAsync("Call on the order line");
        await RapportFixture.ScreenshotAsync(page, "consent-form");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save decision" }).ClickAsync();
        await Expect(email).ToContainTextAsync("Given");
        await Expect(email).ToContainTextAsync("Consent");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Record a decision" }).ClickAsync();
        await ChooseAsync(page, "Decision", "Withdrawn");
        await ChooseAsync(page, "Channel", "All channels");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save decision" }).ClickAsync();
        await Expect(email).ToContainTextAsync("Withdrawn");
        await Expect(panel.Locator(".consent-state").Filter(new() { HasText = "Marketing by SMS" })).ToContainTextAsync("Withdrawn");

        await panel.GetByText("History (2 entries)").ClickAsync();
        var history = panel.Locator(".consent-history li");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.First).ToContainTextAsync("Withdrawn: Marketing by all channels");
        await Expect(history.Nth(1)).ToContainTextAsync("Can we email you our offers?");
        await Expect(history.Nth(1)).ToContainTextAsync("recorded by Amira Agent");
        await panel.ScrollIntoViewIfNeededAsync();
        await RapportFixture.ScreenshotAsync(page, "consent-panel");

        await page.SetViewportSizeAsync(360, 800);
        await panel.ScrollIntoViewIfNeededAsync();
        await RapportFixture.ScreenshotAsync(page, "consent-panel-narrow");
        var right = await panel.EvaluateAsync<double>("e => Math.max(...[e, ...e.querySelectorAll('*')].map(x => x.getBoundingClientRect().right))");
        Assert.True(right <= 360, $"The consent panel reaches {right} px at 360 px.");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways at 360 px.");
    }

    [Fact]
    public async Task The_composer_says_why_a_marketing_reply_is_refused()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var from = TestData.UniqueEmail("lena");
        var conversation = await TestData.ReceiveEmailAsync(admin, from, "Lena Berg", "Opening hours", "When do you open on Sunday?");
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await page.GetByLabel("Your message").FillAsync("We open at ten. And this week: 20% off all memberships!");
        await page.GetByLabel("This is marketing (an offer or promotion, not an answer to the customer)").CheckAsync();

        var verdict = page.Locator(".consent-verdict");
        await Expect(verdict).ToContainTextAsync("Sending is refused. The customer has not given consent to marketing by email");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reply by email" })).ToBeDisabledAsync();
        await RapportFixture.ScreenshotAsync(page, "composer-marketing-refused");

        await page.GetByLabel("This is marketing (an offer or promotion, not an answer to the customer)").UncheckAsync();
        await Expect(verdict).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reply by email" })).ToBeEnabledAsync();
    }

    [Fact]
    public async Task A_supervisor_opens_the_access_report_from_the_customer_page_and_sees_who_read_what()
    {
        var agent = await rapport.SignInAsync("agent@rapport.demo");
        var customer = await TestData.CreateCustomerAsync(agent, new { name = TestData.UniqueName("Ivo", "Petrov") });
        await TestData.AddConfidentialAsync(agent, customer, "Health", "Partially sighted; large print please.", "customer");
        await RapportFixture.GoAsync(agent, $"/customers/{customer}");
        await Expect(agent.GetByRole(AriaRole.Link, new() { Name = "Who read what" })).ToHaveCountAsync(0);
        await RapportFixture.GoAsync(agent, $"/customers/{customer}/access-report");
        await Expect(agent.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not allowed");
        await agent.Context.CloseAsync();

        var page = await rapport.SignInAsync("supervisor@rapport.demo");
        await RapportFixture.GoAsync(page, $"/customers/{customer}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal Health" }).ClickAsync();
        await Expect(page.GetByText("Partially sighted; large print please.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Who read what" }).ClickAsync();
        await page.WaitForURLAsync($"**/customers/{customer}/access-report");
        await RapportFixture.Interactive(page);

        var rows = page.Locator(".access-report tbody tr");
        var read = rows.Filter(new() { HasText = "Read the confidential detail \"Health\"" });
        await Expect(read).ToHaveCountAsync(1);
        await Expect(read).ToContainTextAsync("Sam Supervisor");
        await Expect(rows.Filter(new() { HasText = "Added a confidential detail" })).ToContainTextAsync("Amira Agent");
        await Expect(page.Locator(".access-report")).Not.ToContainTextAsync("Partially sighted");
        await RapportFixture.ScreenshotAsync(page, "access-report");

        await page.GetByText("Reads", new() { Exact = true }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Sam Supervisor");
    }
}
