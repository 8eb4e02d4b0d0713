using Microsoft.Playwright;
using Rapport.IntegrationTests.Support;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Channels;

/// <summary>
/// An administrator adds a mailbox on the Channels page, tests it against the local IMAP and SMTP servers, changes it
/// (the password field stays empty: passwords are never shown back) and switches it off.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class MailboxOnChannelsPageTests(RapportFixture rapport)
{
    [Fact]
    public async Task An_administrator_adds_a_mailbox_tests_it_changes_it_and_switches_it_off()
    {
        var letters = Unique.Letters()[..8];
        var name = $"Help desk {letters}";
        var page = await rapport.SignInAsync("admin@rapport.demo");
        await page.SetViewportSizeAsync(1280, 900);
        await RapportFixture.GoAsync(page, "/channels");

        var add = page.GetByRole(AriaRole.Region, new() { Name = "Add a mailbox" });
        await add.GetByLabel("Mailbox name").FillAsync(name);
        await add.GetByLabel("Email address (replies are sent from it)").FillAsync("not an address");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add mailbox" }).ClickAsync();
        await Expect(add.Locator(".mud-input-helper-text").Filter(new() { HasText = "Address" })).ToBeVisibleAsync();
        await Expect(add.Locator(".mud-input-helper-text").Filter(new() { HasText = "ImapHost" })).ToBeVisibleAsync();

        await add.GetByLabel("Email address (replies are sent from it)").FillAsync($"help-{letters}@rapport.test");
        await add.GetByLabel("IMAP server").FillAsync(MailServers.Host);
        await add.GetByLabel("IMAP port").FillAsync(MailServers.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ChooseAsync(page, add, "IMAP security", "None (unencrypted)");
        await add.GetByLabel("IMAP user name").FillAsync(MailServers.UniqueUser());
        await add.GetByLabel("IMAP password").FillAsync(MailServers.Password);
        await add.GetByLabel("SMTP server").FillAsync(MailServers.Host);
        await add.GetByLabel("SMTP port").FillAsync(MailServers.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ChooseAsync(page, add, "SMTP security", "None (unencrypted)");
        await RapportFixture.ScreenshotAsync(page, "channels-add-mailbox");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add mailbox" }).ClickAsync();

        var row = page.Locator(".channel-health tr").Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync($"help-{letters}@rapport.test");
        await Expect(add.GetByLabel("IMAP password")).ToHaveValueAsync("");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Test connection of {name}" }).ClickAsync();
        await Expect(page.Locator(".channel-test-result")).ToContainTextAsync("IMAP: logged in to");
        await Expect(row).ToContainTextAsync("OK");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Change {name}" }).ClickAsync();
        var change = page.GetByRole(AriaRole.Region, new() { Name = $"Change {name}" });
        await Expect(change.GetByLabel("IMAP password")).ToHaveValueAsync("");
        await Expect(change.GetByLabel("IMAP server")).ToHaveValueAsync(MailServers.Host);
        await change.GetByLabel("Name", new() { Exact = true }).FillAsync($"Sales {letters}");
        await RapportFixture.ScreenshotAsync(page, "channels-change-mailbox");
        await change.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        var renamed = page.Locator(".channel-health tr").Filter(new() { HasText = $"Sales {letters}" });
        await Expect(renamed).ToBeVisibleAsync();

        // The password was kept: the connection still works.
        await renamed.GetByRole(AriaRole.Button, new() { Name = $"Test connection of Sales {letters}" }).ClickAsync();
        await Expect(page.Locator(".channel-test-result")).ToContainTextAsync($"Sales {letters}: IMAP: logged in to");
        await Expect(renamed.GetByRole(AriaRole.Button, new() { Name = $"Test connection of Sales {letters}" })).ToHaveTextAsync("Test connection");

        await renamed.GetByRole(AriaRole.Button, new() { Name = $"Disable Sales {letters}" }).ClickAsync();
        await Expect(renamed).ToContainTextAsync("disabled");
        await Expect(renamed.GetByRole(AriaRole.Button, new() { Name = $"Enable Sales {letters}" })).ToBeVisibleAsync();
        await RapportFixture.ScreenshotAsync(page, "channels-mailbox-disabled");
        await page.Context.CloseAsync();
    }

    private static async Task ChooseAsync(IPage page, ILocator scope, string select, string option)
    {
        await scope.Locator("div.mud-input-control.mud-select").Filter(new() { HasText = select }).ClickAsync();
        await page.Locator(".mud-popover-open").GetByText(option, new() { Exact = true }).ClickAsync();
    }
}
