using Microsoft.Playwright;
using Rapport.IntegrationTests.Support;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Identity;

/// <summary>
/// A person sets up two-factor sign-in from the key the page shows (the test is their authenticator app), signs out,
/// and signs in again with their password and a code.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class TwoFactorTests(RapportFixture rapport)
{
    [Fact]
    public async Task A_person_enrols_in_two_factor_and_signs_in_with_a_code()
    {
        var letters = Unique.Letters()[..8];
        var email = $"kim.{letters}@rapport.test";
        const string Password = "a long enough passphrase";
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var created = await TestData.PostAsync(admin, "/api/v1/users", new { email, displayName = $"Kim {letters}", role = "Agent", password = Password });
        Assert.True(created.Ok, await created.TextAsync());
        await admin.Context.CloseAsync();

        var page = await rapport.NewPageAsync();
        await SignInWithPasswordAsync(page, email, Password);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/account/two-factor");
        var key = (await page.Locator("#authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await Expect(page.Locator("#authenticator-uri")).ToContainTextAsync($"otpauth://totp/Rapport:");
        await RapportFixture.ScreenshotAsync(page, "two-factor-enrol");

        await page.GetByLabel("Code from the app").FillAsync(TestTotp.CodeAt(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor sign-in" }).ClickAsync();
        var codes = page.GetByRole(AriaRole.Region, new() { Name = "Recovery codes" });
        await Expect(codes).ToContainTextAsync("Two-factor sign-in is on.");
        await Expect(codes.Locator("li")).ToHaveCountAsync(10);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login");
        await SignInWithPasswordAsync(page, email, Password);
        await page.WaitForURLAsync("**/login/two-factor");
        // The next step's code: within the one-step window, and never the step already used to confirm.
        await page.GetByLabel("Authentication code").FillAsync(TestTotp.CodeAt(key, DateTimeOffset.UtcNow.AddSeconds(30)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync("**/inbox");
        await RapportFixture.Interactive(page);
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync($"Kim {letters}");
        await page.Context.CloseAsync();
    }

    private static async Task SignInWithPasswordAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
