using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Customers;

[Collection(RapportCollection.Name)]
public sealed class MergeCustomersTests(RapportFixture rapport)
{
    [Fact]
    public async Task Agent_merges_a_duplicate_and_the_survivor_shows_both_records_contact_points_and_history()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        var survivorName = TestData.UniqueName("Marta", "Keeper");
        var duplicateName = TestData.UniqueName("Marta", "Twin");
        var survivor = await TestData.CreateCustomerAsync(page, new
        {
            name = survivorName,
            contactPoints = new[] { new { type = "email", value = "marta.keeper@example.com" } },
        });
        var duplicate = await TestData.CreateCustomerAsync(page, new
        {
            name = duplicateName,
            contactPoints = new[] { new { type = "phone", value = "020 7946 0777" } },
        });

        await RapportFixture.GoAsync(page, $"/customers/{survivor}");
        var dialog = await RapportFixture.OpenDialogAsync(page, "Merge a duplicate into this customer");
        await dialog.GetByLabel("Find the duplicate by name, email or phone").PressSequentiallyAsync(duplicateName);
        await Expect(dialog.GetByLabel("Find the duplicate by name, email or phone")).ToHaveValueAsync(duplicateName);
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(Regex.Escape(duplicateName)) }).ClickAsync();
        await dialog.GetByLabel("Why are they the same customer?").FillAsync("Same person, booked twice under two records");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        var contacts = page.Locator(".contact-points");
        await Expect(contacts).ToContainTextAsync("marta.keeper@example.com");
        await Expect(contacts).ToContainTextAsync("+44 20 7946 0777");
        var history = page.Locator(".audit-table");
        await Expect(history).ToContainTextAsync("Customer merged");
        await Expect(history).ToContainTextAsync("Same person, booked twice under two records");
        // The duplicate's own history came with it: its creation and its phone number being added.
        await Expect(history.GetByRole(AriaRole.Row).Filter(new() { HasText = "Customer added" })).ToHaveCountAsync(2);
        await Expect(history.GetByRole(AriaRole.Row).Filter(new() { HasText = "+44 20 7946 0777" }).First).ToBeVisibleAsync();

        // The merged-away id still leads somewhere: to the survivor.
        await page.GotoAsync($"/customers/{duplicate}");
        await page.WaitForURLAsync($"**/customers/{survivor}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(survivorName);
    }
}
