using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Identity;

/// <summary>
/// An administrator makes a restricted team, adds a person with an initial password, puts them in the team and then
/// disables them: the person could sign in before and cannot after.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class PeopleAndTeamsTests(RapportFixture rapport)
{
    [Fact]
    public async Task An_administrator_adds_a_person_puts_them_in_a_restricted_team_and_disables_them()
    {
        var letters = Unique.Letters()[..8];
        var team = $"Fraud {letters}";
        var name = $"Robin {letters}";
        var email = $"robin.{letters}@rapport.test";
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        await admin.SetViewportSizeAsync(1280, 900);
        var nav = admin.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

        await nav.GetByRole(AriaRole.Link, new() { Name = "Teams", Exact = true }).ClickAsync();
        await RapportFixture.Interactive(admin);
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Teams", Level = 1 })).ToBeVisibleAsync();
        var addTeam = admin.GetByRole(AriaRole.Region, new() { Name = "Add a team" });
        await addTeam.GetByLabel("Team name").FillAsync(team);
        await addTeam.GetByLabel("Restricted: only members see its conversations").CheckAsync();
        await addTeam.GetByRole(AriaRole.Button, new() { Name = "Add team" }).ClickAsync();
        var teamSection = admin.GetByRole(AriaRole.Region, new() { Name = $"Team {team}" });
        await Expect(teamSection).ToContainTextAsync("Only its 0 members (and supervisors, administrators, auditors) can see its conversations.");

        await nav.GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
        await RapportFixture.Interactive(admin);
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "People", Level = 1 })).ToBeVisibleAsync();
        var addPerson = admin.GetByRole(AriaRole.Region, new() { Name = "Add a person" });
        await addPerson.GetByLabel("Email (they sign in with it)").FillAsync(email);
        await addPerson.GetByLabel("Display name").FillAsync(name);
        await addPerson.GetByLabel("Initial password").FillAsync("short");
        await addPerson.GetByRole(AriaRole.Button, new() { Name = "Add person" }).ClickAsync();
        await Expect(addPerson.Locator(".mud-input-helper-text").Filter(new() { HasText = "Password" })).ToBeVisibleAsync();
        await RapportFixture.ScreenshotAsync(admin, "people-field-error");

        await addPerson.GetByRole(AriaRole.Button, new() { Name = "Suggest one" }).ClickAsync();
        var password = addPerson.GetByLabel("Initial password");
        await Expect(password).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^[a-z2-9]{5}(-[a-z2-9]{5}){3}$"));
        var initial = await password.InputValueAsync();
        await addPerson.GetByRole(AriaRole.Button, new() { Name = "Add person" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Added {name}" })).ToContainTextAsync($"Added {name} as Agent");

        var change = admin.GetByRole(AriaRole.Region, new() { Name = $"Change {name}" });
        await change.GetByLabel($"{team} (restricted: only members see its conversations)").CheckAsync();
        await change.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        var row = admin.Locator(".people tr").Filter(new() { HasText = email });
        await Expect(row).ToContainTextAsync($"{team} (restricted)");
        await Expect(row).ToContainTextAsync("Active");
        await RapportFixture.ScreenshotAsync(admin, "people");

        // The new person can sign in with the initial password.
        var robin = await rapport.NewPageAsync();
        await SignInAsync(robin, email, initial);
        await robin.WaitForURLAsync("**/inbox");
        await robin.Context.CloseAsync();

        await RapportFixture.GoAsync(admin, "/teams");
        await Expect(teamSection).ToContainTextAsync(name);
        await Expect(teamSection).ToContainTextAsync("Only its 1 member (and supervisors, administrators, auditors) can see its conversations.");
        await RapportFixture.ScreenshotAsync(admin, "teams");

        await RapportFixture.GoAsync(admin, "/people");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Disable {name}" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Disable {name}" })).ToHaveTextAsync("Confirm: disable");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Disable {name}" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Disabled");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Enable {name}" })).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{name} is disabled" })).ToBeVisibleAsync();
        await RapportFixture.ScreenshotAsync(admin, "people-disabled");

        var refused = await rapport.NewPageAsync();
        await SignInAsync(refused, email, initial);
        await Expect(refused.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
        await refused.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
