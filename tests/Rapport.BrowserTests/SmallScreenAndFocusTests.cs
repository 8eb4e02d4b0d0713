using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>
/// What axe cannot see, tried as a keyboard user, a screen reader user and on a 360 px phone: where focus goes after an
/// action, errors and arrivals announced, the navigation's focus, dialog names and the phone layout (issue 14, item 11).
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class SmallScreenAndFocusTests(RapportFixture rapport)
{
    /// <summary>An email from a new customer; returns the conversation and the customer.</summary>
    private static async Task<(Guid Conversation, Guid Customer)> ReceiveAsync(IPage admin, string name, string subject, string text, string? email = null)
    {
        var response = await TestData.PostAsync(admin, "/api/v1/inbound-messages", new
        {
            channel = "email",
            providerMessageId = $"<{Unique.Letters()}@customer.example>",
            from = new { email = email ?? TestData.UniqueEmail(name.Split(' ')[0].ToLowerInvariant()), name },
            subject,
            text,
        });
        Assert.True(response.Ok, await response.TextAsync());
        using var json = JsonDocument.Parse(await response.TextAsync());
        return (json.RootElement.GetProperty("conversationId").GetGuid(), json.RootElement.GetProperty("customerId").GetGuid());
    }

    [Fact]
    public async Task After_a_note_focus_is_back_in_the_composer_and_a_refused_reply_is_announced_and_tied_to_the_box()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var (conversation, customer) = await ReceiveAsync(admin, "Rosa Delgado", $"Spa voucher {Unique.Letters()}", "Can I still use my spa voucher?");
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        var box = page.GetByLabel("Your message");
        await box.FillAsync("Voucher checked: valid until March.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add internal note" }).ClickAsync();
        await Expect(page.Locator(".message-note")).ToContainTextAsync("Voucher checked: valid until March.");
        await Expect(box).ToBeFocusedAsync();
        Assert.Equal("TEXTAREA", await page.EvaluateAsync<string>("() => document.activeElement.tagName"));

        // Consent to marketing by email is there when the box is ticked, and withdrawn before sending: the reply is refused.
        await Consent(page, customer, "given");
        await page.GetByLabel("This is marketing (an offer or promotion, not an answer to the customer)").CheckAsync();
        await Expect(page.Locator(".consent-verdict")).ToContainTextAsync("Consent to marketing on this channel is recorded.");
        await Consent(page, customer, "withdrawn");
        await box.FillAsync("Our spring offer: 20% off spa days.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reply by email" }).ClickAsync();

        var error = page.Locator("#composer-error");
        await Expect(error).ToContainTextAsync("Not sent");
        await Expect(error).ToHaveAttributeAsync("role", "alert");
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Not sent" })).ToBeVisibleAsync();
        await Expect(box).ToHaveAttributeAsync("aria-describedby", new Regex(@"(^|\s)composer-error(\s|$)"));
        await Expect(box).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(box).ToBeFocusedAsync();
        await Expect(box).ToHaveValueAsync("Our spring offer: 20% off spa days.");
        await page.Context.CloseAsync();
    }

    private static async Task Consent(IPage page, Guid customer, string decision)
    {
        var response = await TestData.PostAsync(page, $"/api/v1/customers/{customer}/consents", new
        {
            purpose = "marketing",
            decision,
            basis = "consent",
            source = "email",
            channel = "email",
            wording = "Send me your offers by email.",
        });
        Assert.True(response.Ok, await response.TextAsync());
    }

    [Fact]
    public async Task A_message_arriving_in_the_open_conversation_is_announced_with_its_sender_and_first_words()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var sender = TestData.UniqueEmail("kofi");
        var (conversation, _) = await ReceiveAsync(admin, "Kofi Boateng", $"Late check-in {Unique.Letters()}", "We land at midnight.", sender);

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        var status = page.Locator(".page-header .live-indicator[role=status]");
        await Expect(status).ToContainTextAsync("new messages appear here");

        await TestData.ReceiveEmailAsync(admin, sender, "Kofi Boateng", "Re: late check-in",
            "Sorry, the flight is delayed: we will now land at two in the morning and need a taxi too.", conversation);

        await Expect(status).ToContainTextAsync(new Regex("New message from Kofi Boateng at .*: “Sorry, the flight is delayed: we will now land at two in…”"));
        await admin.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task After_navigating_the_heading_has_focus_but_a_field_being_typed_in_keeps_it()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var (conversation, _) = await ReceiveAsync(admin, "Lena Fischer", $"Late arrival {Unique.Letters()}", "We land at midnight, is that fine?");
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Cases" }).ClickAsync();
        await page.WaitForURLAsync("**/cases");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeFocusedAsync();

        // A page becomes interactive a moment after it is shown: on a busy server the agent may be typing by then. The
        // heading is focused after every navigation, but not out of a field being typed in.
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        var box = page.GetByLabel("Your message");
        await box.FocusAsync();
        await page.EvaluateAsync("() => rapportFocusHeading('h1')");
        await Expect(box).ToBeFocusedAsync();
        await page.Locator("a[href='/cases']").First.FocusAsync();
        await page.EvaluateAsync("() => rapportFocusHeading('h1')");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_navigation_shows_keyboard_focus_plainly_and_unlike_the_current_page()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, "/inbox");
        var current = page.Locator(".mud-drawer a[href='/inbox']");
        await Expect(current).ToHaveAttributeAsync("aria-current", "page");

        await current.FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        var focused = page.Locator(".mud-drawer a[href='/automatic-mail']");
        await Expect(focused).ToBeFocusedAsync();

        var ring = await focused.EvaluateAsync<string[]>("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }");
        Assert.Equal("solid", ring[0]);
        Assert.True(double.Parse(ring[1].Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 2, ring[1]);
        // Dark indigo on the drawer's white: far above the 3:1 a focus indicator needs.
        Assert.Equal("rgb(26, 35, 126)", ring[2]);
        Assert.Equal("none", await current.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_customer_edit_dialog_is_named_by_its_title()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        var name = TestData.UniqueName("Noor", "Haddad");
        var customer = await TestData.CreateCustomerAsync(page, new { name, kind = "external" });
        await RapportFixture.GoAsync(page, $"/customers/{customer}");

        await RapportFixture.OpenDialogAsync(page, "Edit");

        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = $"Edit {name}" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveAttributeAsync("aria-modal", "true");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_360_px_phone_nothing_is_cut_sign_out_is_on_screen_and_Escape_closes_the_drawer()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var (conversation, customer) = await ReceiveAsync(admin, "Ama Owusu", $"Room change {Unique.Letters()}", "The room faces the car park.");
        var opened = await TestData.PostAsync(admin, "/api/v1/cases", new { customerId = customer, title = "Quieter room", requirement = "A room away from the car park for the rest of the stay." });
        Assert.True(opened.Ok, await opened.TextAsync());
        using var created = JsonDocument.Parse(await opened.TextAsync());
        var caseId = created.RootElement.GetProperty("case").GetProperty("id").GetGuid();
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await page.SetViewportSizeAsync(360, 740);
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await page.GetByLabel("Your message").FillAsync("We have a quieter room for you on the fourth floor.");
        var buttons = page.Locator(".composer-actions > button");
        await Expect(buttons).ToHaveCountAsync(4);
        Assert.Empty(await ClippedAsync(buttons));
        var note = page.GetByRole(AriaRole.Button, new() { Name = "Add internal note" });
        await note.ScrollIntoViewIfNeededAsync();
        await Expect(note).ToBeInViewportAsync(new() { Ratio = 1 });
        await NotWiderThanThePhoneAsync(page);
        await RapportFixture.ScreenshotAsync(page, "phone-conversation");

        var signOut = page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Expect(signOut).ToBeInViewportAsync(new() { Ratio = 1 });
        await RapportFixture.ScreenshotAsync(page, "phone-top-bar");

        await RapportFixture.GoAsync(page, $"/cases/{caseId}");
        var noteBox = page.GetByLabel("Add a note (type @ to mention a colleague)");
        await noteBox.FillAsync("Please call her back @Sa");
        await page.GetByRole(AriaRole.Option, new() { Name = "Sam Supervisor" }).ClickAsync();
        await Expect(noteBox).ToHaveValueAsync("Please call her back @Sam Supervisor ");
        await Expect(noteBox).ToBeFocusedAsync();
        var confirmation = page.Locator(".requirement-confirmation");
        await confirmation.GetByLabel("How it was confirmed").FillAsync("Read back on the phone");
        Assert.Empty(await ClippedAsync(confirmation.Locator("button")));
        var confirm = confirmation.GetByRole(AriaRole.Button, new() { Name = "Confirm requirement" });
        await confirm.ScrollIntoViewIfNeededAsync();
        await Expect(confirm).ToBeInViewportAsync(new() { Ratio = 1 });
        await NotWiderThanThePhoneAsync(page);
        await confirmation.ScrollIntoViewIfNeededAsync();
        await RapportFixture.ScreenshotAsync(page, "phone-case-confirmation");

        // The drawer lies over the page on a phone: Escape closes it, from a link in it or from the button that opened it.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Show or hide the navigation" });
        var drawer = page.Locator("aside.mud-drawer");
        var inbox = page.Locator(".mud-drawer a[href='/inbox']");
        await menu.ClickAsync();
        await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--open"));
        await Expect(inbox).ToBeInViewportAsync();
        await inbox.FocusAsync();
        await RapportFixture.ScreenshotAsync(page, "phone-drawer");
        await page.Keyboard.PressAsync("Escape");
        await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--closed"));
        await Expect(inbox).Not.ToBeInViewportAsync();
        await Expect(menu).ToBeFocusedAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");

        await page.Keyboard.PressAsync("Enter");
        await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--open"));
        await page.Keyboard.PressAsync("Escape");
        await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--closed"));
        await Expect(menu).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The buttons whose words do not fit: their label is wider than the room it has ("ADD INTERNA NOTE"), or the
    /// button runs past the phone's edge. The label is measured, not the button: MudBlazor's ripple overflows every button.
    /// </summary>
    private static async Task<IReadOnlyList<string>> ClippedAsync(ILocator buttons) =>
        await buttons.EvaluateAllAsync<string[]>("""
            all => all.flatMap(b => {
                const label = b.querySelector('.mud-button-label') ?? b;
                const box = b.getBoundingClientRect();
                return label.scrollWidth > label.clientWidth || box.left < 0 || box.right > window.innerWidth
                    ? [`${b.innerText.trim()}: label ${label.scrollWidth}/${label.clientWidth}, ${Math.round(box.left)}..${Math.round(box.right)}`] : [];
            })
            """);

    private static async Task NotWiderThanThePhoneAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"The page is {width} px wide on a 360 px phone.");
    }
}
