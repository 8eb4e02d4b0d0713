using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Customers;

[Collection(RapportCollection.Name)]
public sealed class CustomerListLayoutTests(RapportFixture rapport)
{
    /// <summary>
    /// An email address is one long word; unbreakable, it took the row's width and squeezed the name beside it into a
    /// column a word wide ("Harbour / View / Hotels / Ltd"). The name keeps room for a line, the address wraps before its "@".
    /// </summary>
    [Fact]
    public async Task A_long_email_address_wraps_before_its_at_sign_and_leaves_the_name_room()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        var name = TestData.UniqueName("Harbourside Family", "Hotels Ltd");
        var email = $"reservations.harbourside.family.hotels.{Unique.Letters()[..8]}@harbourside-family-hotels.example";
        await TestData.CreateCustomerAsync(page, new { name, kind = "external", type = "organisation", contactPoints = new[] { new { type = "email", value = email } } });

        await RapportFixture.GoAsync(page, "/customers");
        await page.GetByLabel("Search by name, email or phone").FillAsync(name);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToHaveCountAsync(1);

        var nameCell = row.GetByRole(AriaRole.Cell).First;
        Assert.True((await nameCell.BoundingBoxAsync())!.Width >= 190, "the name column is at least 12rem wide");
        var emailCell = row.GetByRole(AriaRole.Cell).Nth(2);
        Assert.Contains("<wbr>@", await emailCell.InnerHTMLAsync(), StringComparison.Ordinal);
        await Expect(emailCell).ToHaveTextAsync(email);
    }
}
