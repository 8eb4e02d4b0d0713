using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Identity;

/// <summary>
/// The screens work under their Content-Security-Policy: chromium reports every blocked script, style, connection or
/// font on the console ("Refused to … because it violates the following Content Security Policy directive"), and using
/// the screens must log none.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class ContentSecurityPolicyTests(RapportFixture rapport)
{
    [Fact]
    public async Task Signing_in_the_inbox_a_conversation_and_a_customer_work_under_the_policy()
    {
        var violations = new List<string>();
        var login = await rapport.NewPageAsync();
        Watch(login, violations);
        var response = await login.GotoAsync("/login");
        Assert.Contains("script-src 'self';", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await login.GetByLabel("Email").FillAsync("agent@rapport.demo");
        await login.GetByLabel("Password").FillAsync(RapportFixture.DemoPassword);
        await login.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await login.WaitForURLAsync("**/inbox");
        await RapportFixture.Interactive(login);
        await login.Context.CloseAsync();

        var admin = await rapport.SignInAsync("admin@rapport.demo");
        Watch(admin, violations);
        var subject = $"Dog-friendly rooms {Unique.Letters()}"[..30];
        var name = TestData.UniqueName("Noor", "Haddad");
        var conversation = await TestData.ReceiveEmailAsync(admin, TestData.UniqueEmail("noor.haddad"), name, subject, "Can I bring my dog?");

        await RapportFixture.GoAsync(admin, "/inbox");
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = subject });
        await Expect(row).ToBeVisibleAsync();
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await admin.WaitForURLAsync($"**/conversations/{conversation}");
        await RapportFixture.Interactive(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Reopen", Exact = true })).ToBeVisibleAsync();

        await admin.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await admin.WaitForURLAsync("**/customers/*");
        await RapportFixture.Interactive(admin);
        await RapportFixture.OpenDialogAsync(admin, "Edit");
        await admin.Keyboard.PressAsync("Escape");
        await Expect(admin.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        Assert.Empty(violations);

        // The watch does see a violation: a script injected inline into the page is refused and reported.
        await admin.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.body.appendChild(s); }");
        for (var i = 0; i < 50 && violations.Count == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.NotEmpty(violations);
        Assert.False(await admin.EvaluateAsync<bool>("() => window.inlineRan === true"), "An inline script ran.");
    }

    [Fact]
    public async Task The_API_reference_renders_under_its_own_policy()
    {
        var violations = new List<string>();
        var page = await rapport.NewPageAsync();
        Watch(page, violations);

        var response = await page.GotoAsync("/scalar/");

        Assert.Contains("frame-ancestors 'none'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rapport API" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Empty(violations);
    }

    private static void Watch(IPage page, List<string> violations) =>
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };
}
