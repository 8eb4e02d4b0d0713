using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Customers;

[Collection(RapportCollection.Name)]
public sealed class EditCustomerTests(RapportFixture rapport)
{
    [Fact]
    public async Task Agent_adds_a_contact_point_and_accessibility_needs_and_sees_them_in_the_banner_and_the_history()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        var id = await TestData.CreateCustomerAsync(page, new { name = TestData.UniqueName("Ivo", "Edited") });
        await RapportFixture.GoAsync(page, $"/customers/{id}");

        var dialog = await RapportFixture.OpenDialogAsync(page, "Edit");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add phone number" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Phone number", Exact = true }).FillAsync("+33 1 44 55 66 77");
        await dialog.GetByLabel("Relay service (hearing or speech)").CheckAsync();
        await dialog.GetByLabel("Extra time").CheckAsync();
        await dialog.GetByLabel("Reason for the change (optional, kept in the history)").FillAsync("Told us on the phone");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        await Expect(page.Locator(".a11y-banner")).ToHaveTextAsync("Needs a relay service · Extra time");
        await Expect(page.Locator(".contact-points")).ToContainTextAsync("+33 1 44 55 66 77");
        var update = page.Locator(".audit-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "Told us on the phone" }).Filter(new() { HasText = "Customer updated" });
        await Expect(update).ToContainTextAsync("needs relay service");
    }

    [Fact]
    public async Task Agent_saving_over_someone_elses_change_is_told_the_record_changed_and_sees_it_reloaded()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        var id = await TestData.CreateCustomerAsync(page, new { name = TestData.UniqueName("Pia", "Stale") });
        await RapportFixture.GoAsync(page, $"/customers/{id}");
        var dialog = await RapportFixture.OpenDialogAsync(page, "Edit");
        await dialog.GetByLabel("Organisation they belong to (optional)").FillAsync("Mine");

        // Meanwhile a colleague renames the customer.
        var renamed = TestData.UniqueName("Pia", "Renamed");
        var response = await TestData.PutAsync(page, $"/api/v1/customers/{id}", new { name = renamed, kind = "external", type = "person" });
        Assert.True(response.Ok, await response.TextAsync());

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(dialog.GetByText("Someone else changed this customer while you were editing")).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync(renamed);
    }
}
