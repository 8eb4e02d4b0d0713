using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Identity;

[Collection(RapportCollection.Name)]
public sealed class SignInTests(RapportFixture rapport)
{
    private static readonly Regex ToLogin = new("/login\\?returnurl=%2Fcustomers$", RegexOptions.IgnoreCase);

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_on_the_login_page()
    {
        var page = await rapport.NewPageAsync();
        await page.GotoAsync("/customers");
        await page.WaitForURLAsync(ToLogin);

        await page.GetByLabel("Email").FillAsync("agent@rapport.demo");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
    }

    [Fact]
    public async Task Signed_in_user_sees_their_name_and_signing_out_leads_back_to_the_login_page()
    {
        var page = await rapport.SignInAsync("supervisor@rapport.demo");
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("Sam Supervisor");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login");

        await page.GotoAsync("/customers");
        await page.WaitForURLAsync(ToLogin);
    }
}
