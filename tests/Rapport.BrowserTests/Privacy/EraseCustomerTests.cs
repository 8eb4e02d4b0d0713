using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Privacy;

[Collection(RapportCollection.Name)]
public sealed class EraseCustomerTests(RapportFixture rapport)
{
    [Fact]
    public async Task An_administrator_erases_a_customer_with_the_button_after_typing_their_name()
    {
        var page = await rapport.SignInAsync("admin@rapport.demo");
        var name = TestData.UniqueName("Edda", "Forgotten");
        var id = await TestData.CreateCustomerAsync(page, new { name, contactPoints = new[] { new { type = "email", value = $"{Unique.Letters()}@example.com" } } });
        await RapportFixture.GoAsync(page, $"/customers/{id}");

        var dialog = await RapportFixture.OpenDialogAsync(page, "Erase");
        var erase = dialog.GetByRole(AriaRole.Button, new() { Name = "Erase for good" });
        await dialog.GetByLabel("Reference of the erasure request").FillAsync("Request ER-77");
        await dialog.GetByLabel($"Type {name} to confirm").PressSequentiallyAsync(name[..^1]);
        await Expect(erase).ToBeDisabledAsync(); // not the name yet
        await dialog.GetByLabel($"Type {name} to confirm").PressSequentiallyAsync(name[^1..]);
        await Expect(erase).ToBeEnabledAsync();
        await RapportFixture.ScreenshotAsync(page, "erase-customer-dialog");
        await erase.ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Erased customer");
        await Expect(page.GetByTestId("erased")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Erase", Exact = true })).ToHaveCountAsync(0);
        await RapportFixture.ScreenshotAsync(page, "erased-customer");
    }

    [Fact]
    public async Task An_agent_is_not_offered_the_erase_button()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        var id = await TestData.CreateCustomerAsync(page, new { name = TestData.UniqueName("Otto", "Stays") });
        await RapportFixture.GoAsync(page, $"/customers/{id}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Erase", Exact = true })).ToHaveCountAsync(0);
    }
}
