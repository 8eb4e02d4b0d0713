using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Customers;

[Collection(RapportCollection.Name)]
public sealed class CreateCustomerTests(RapportFixture rapport)
{
    [Fact]
    public async Task Agent_sees_an_invalid_phone_rejected_beside_the_phone_field_then_fixes_it_and_lands_on_the_new_customer()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, "/customers");
        var name = TestData.UniqueName("Nadia", "Phone");

        var dialog = await RapportFixture.OpenDialogAsync(page, "New customer");
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Email address", Exact = true }).FillAsync("nadia.phone@example.com");
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Phone number", Exact = true }).FillAsync("12345");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create customer" }).ClickAsync();

        var phoneField = dialog.Locator(".mud-input-control").Filter(new() { Has = page.GetByRole(AriaRole.Textbox, new() { Name = "Phone number", Exact = true }) });
        await Expect(phoneField).ToContainTextAsync("'12345' is not a phone number");
        await Expect(dialog.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync(name);
        await Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Email address", Exact = true })).ToHaveValueAsync("nadia.phone@example.com");

        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Phone number", Exact = true }).FillAsync("020 7946 0321");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create customer" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/customers/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        await Expect(page.Locator(".contact-points")).ToContainTextAsync("+44 20 7946 0321");
        await Expect(page.Locator(".contact-points")).ToContainTextAsync("nadia.phone@example.com");
    }
}
