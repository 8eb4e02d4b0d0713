using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Conversations;

/// <summary>Two agents in two browser contexts: each sees when the other is viewing or typing in the same conversation.</summary>
[Collection(RapportCollection.Name)]
public sealed class CollisionWarningTests(RapportFixture rapport)
{
    [Fact]
    public async Task An_agent_sees_a_colleague_viewing_then_typing_then_gone()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var subject = $"Lost luggage at Portsmouth {Unique.Letters()}"[..40];
        var conversation = await TestData.ReceiveEmailAsync(admin, TestData.UniqueEmail("kwame.mensah"), "Kwame Mensah", subject, "My suitcase did not arrive.");
        await admin.Context.CloseAsync();

        var amira = await rapport.SignInAsync("agent@rapport.demo");
        var ben = await rapport.SignInAsync("agent2@rapport.demo");
        await RapportFixture.GoAsync(ben, "/inbox");
        var row = ben.GetByRole(AriaRole.Row).Filter(new() { HasText = subject });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".viewed-by")).ToHaveCountAsync(0);

        await RapportFixture.GoAsync(amira, $"/conversations/{conversation}");
        await Expect(row.Locator(".viewed-by")).ToHaveAttributeAsync("title", "Viewed by Amira Agent");
        await RapportFixture.ScreenshotAsync(ben, "inbox");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await ben.WaitForURLAsync($"**/conversations/{conversation}");
        await RapportFixture.Interactive(ben);
        var bensWarning = ben.Locator(".presence");
        await Expect(bensWarning).ToHaveTextAsync("Amira Agent is viewing");
        await Expect(amira.Locator(".presence")).ToHaveTextAsync("Ben Okafor is viewing");

        await amira.GetByLabel("Your message").PressSequentiallyAsync("Dear Kwame, ");
        await Expect(bensWarning).ToHaveTextAsync("Amira Agent is typing…");
        await RapportFixture.ScreenshotAsync(ben, "conversation-collision");
        // Typing stops counting a few seconds after the last keystroke.
        await Expect(bensWarning).ToHaveTextAsync("Amira Agent is viewing", new() { Timeout = 30_000 });

        await amira.GetByRole(AriaRole.Link, new() { Name = "Inbox" }).First.ClickAsync();
        await amira.WaitForURLAsync("**/inbox");
        await Expect(bensWarning).ToHaveTextAsync("");

        await RapportFixture.GoAsync(amira, $"/conversations/{conversation}");
        await Expect(bensWarning).ToHaveTextAsync("Amira Agent is viewing");
        await amira.Context.CloseAsync();
        await Expect(bensWarning).ToHaveTextAsync("", new() { Timeout = 30_000 });
        await ben.Context.CloseAsync();
    }

    [Fact]
    public async Task A_colleagues_assignment_and_status_change_and_new_messages_show_in_every_open_inbox_without_reload()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var customer = TestData.UniqueEmail("freya.hughes");
        var subject = $"Cabin upgrade {Unique.Letters()}"[..30];
        var conversation = await TestData.ReceiveEmailAsync(admin, customer, "Freya Hughes", subject, "Is a sea-view cabin available?");

        var amira = await rapport.SignInAsync("agent@rapport.demo");
        var ben = await rapport.SignInAsync("agent2@rapport.demo");
        await RapportFixture.GoAsync(amira, "/inbox");
        await amira.GetByText("Unassigned", new() { Exact = true }).ClickAsync();
        var amirasRow = amira.GetByRole(AriaRole.Row).Filter(new() { HasText = subject });
        await Expect(amirasRow).ToBeVisibleAsync();
        await amira.EvaluateAsync("() => window.rapportNotReloaded = true");

        await RapportFixture.GoAsync(ben, "/inbox");
        await ben.GetByText("Mine", new() { Exact = true }).ClickAsync();
        var bensRow = ben.GetByRole(AriaRole.Row).Filter(new() { HasText = subject });
        await Expect(bensRow).ToHaveCountAsync(0);

        var benOnConversation = await ben.Context.NewPageAsync();
        await RapportFixture.GoAsync(benOnConversation, $"/conversations/{conversation}");
        await benOnConversation.GetByRole(AriaRole.Button, new() { Name = "Assign to me" }).ClickAsync();

        await Expect(amirasRow).ToHaveCountAsync(0); // no longer unassigned
        await Expect(bensRow).ToBeVisibleAsync(); // now his

        await TestData.ReceiveEmailAsync(admin, customer, "Freya Hughes", subject, "Or a cabin with a balcony?", conversation);
        await Expect(bensRow).ToContainTextAsync("balcony");
        await Expect(benOnConversation.Locator(".message-inbound").First).ToContainTextAsync("balcony");

        await benOnConversation.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(bensRow).ToContainTextAsync("Closed");
        Assert.True(await amira.EvaluateAsync<bool>("() => window.rapportNotReloaded === true"), "Amira's inbox reloaded.");

        await admin.Context.CloseAsync();
        await amira.Context.CloseAsync();
        await ben.Context.CloseAsync();
    }

}
