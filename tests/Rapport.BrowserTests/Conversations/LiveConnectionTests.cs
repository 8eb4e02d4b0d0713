using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Conversations;

/// <summary>
/// What an agent sees when the page's connection to the server goes: the indicator stops saying "Live", and a reply
/// being written is kept by the browser, through a reload too.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class LiveConnectionTests(RapportFixture rapport)
{
    [Fact]
    public async Task A_reply_being_written_is_still_there_after_the_page_reloads()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var subject = $"Ferry to Cherbourg {Unique.Letters()}"[..30];
        var conversation = await TestData.ReceiveEmailAsync(admin, TestData.UniqueEmail("ines.moreau"), "Ines Moreau", subject, "Is the 08:15 running?");
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await page.GetByLabel("Your message").PressSequentiallyAsync("Dear Ines, the 08:15 sails");

        await page.ReloadAsync();
        await RapportFixture.Interactive(page);

        await Expect(page.GetByLabel("Your message")).ToHaveValueAsync("Dear Ines, the 08:15 sails", new() { Timeout = 15_000 });
        // The server has it too, not just the box: the draft can be sent.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add internal note" })).ToBeEnabledAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_reply_box_takes_typing_only_once_the_page_is_live_so_nothing_typed_is_lost()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var conversation = await TestData.ReceiveEmailAsync(admin, TestData.UniqueEmail("sven.larsen"), "Sven Larsen", $"Ski hire {Unique.Letters()}", "Can we hire skis for two?");
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        // A slow server: the page is shown long before its live connection is up.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync($"/conversations/{conversation}");
        var box = page.GetByLabel("Your message");
        await Expect(box).ToBeDisabledAsync();
        // Every field of the page waits, not just the reply box.
        await Expect(page.GetByLabel("Search the knowledge base")).Not.ToBeEditableAsync();

        release.SetResult();
        await RapportFixture.Interactive(page);
        await Expect(page.GetByLabel("Search the knowledge base")).ToBeEditableAsync();
        await box.PressSequentiallyAsync("Dear Sven, two pairs are ready");
        await Expect(box).ToHaveValueAsync("Dear Sven, two pairs are ready");
        await Expect(box).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add internal note" })).ToBeEnabledAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_inbox_stops_saying_live_when_its_connection_drops()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        var cut = false;
        var sockets = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync("**/_blazor**", ws =>
        {
            if (cut)
            {
                // The server is unreachable: every reconnection attempt fails.
                _ = ws.CloseAsync();
                return;
            }

            ws.ConnectToServer();
            lock (sockets)
            {
                sockets.Add(ws);
            }
        });
        await RapportFixture.GoAsync(page, "/inbox");
        var indicator = page.Locator(".live-indicator");
        await Expect(indicator).ToContainTextAsync("Live:");
        await Expect(indicator.Locator(".live-off")).ToBeHiddenAsync();

        cut = true;
        List<IWebSocketRoute> open;
        lock (sockets)
        {
            open = [.. sockets];
        }

        foreach (var ws in open)
        {
            await ws.CloseAsync(new() { Code = 1011, Reason = "node gone" });
        }

        await Expect(indicator.Locator(".live-off")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(indicator.Locator(".live-on")).ToBeHiddenAsync();
        await Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
