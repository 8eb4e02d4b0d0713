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
        // A slow server: the page is shown long before its live connection is up. This browser negotiates its transport
        // (as one does after WebSockets failed it once), so holding back the negotiation holds back the connection.
        await page.EvaluateAsync("() => localStorage.setItem('rapport.negotiate', '1')");
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
        // Its socket opened after negotiating: WebSockets get through after all, so the next page skips negotiating.
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('rapport.negotiate')"));
        await Expect(page.GetByLabel("Search the knowledge base")).ToBeEditableAsync();
        await box.PressSequentiallyAsync("Dear Sven, two pairs are ready");
        await Expect(box).ToHaveValueAsync("Dear Sven, two pairs are ready");
        await Expect(box).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add internal note" })).ToBeEnabledAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_page_opens_its_live_connection_without_first_negotiating_a_transport()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        var negotiations = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/_blazor/negotiate", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref negotiations);
            }
        };
        var sockets = new List<string>();
        page.WebSocket += (_, socket) =>
        {
            lock (sockets)
            {
                sockets.Add(socket.Url);
            }
        };

        await RapportFixture.GoAsync(page, "/customers");

        Assert.Equal(0, Volatile.Read(ref negotiations));
        lock (sockets)
        {
            Assert.Contains(sockets, url => url.Contains("/_blazor", StringComparison.Ordinal));
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Where_websockets_cannot_get_through_the_page_negotiates_instead_and_still_comes_live()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        // A proxy that does not pass WebSockets: every socket to the server fails before it opens.
        var refused = await RefuseSocketsAsync(page);

        await page.GotoAsync("/inbox");
        await RapportFixture.Interactive(page);
        await Expect(page.Locator(".live-indicator[data-interactive]")).ToBeAttachedAsync();
        Assert.True(refused.Count >= 1);
        // Remembered: the next page negotiates from the start (long polling) rather than failing and loading twice.
        Assert.Equal("1", await page.EvaluateAsync<string?>("() => localStorage.getItem('rapport.negotiate')"));
        var before = refused.Count;
        var loads = 0;
        page.Load += (_, _) => Interlocked.Increment(ref loads);
        await RapportFixture.GoAsync(page, "/customers");
        Assert.Equal(1, Volatile.Read(ref loads));
        Assert.True(refused.Count <= before + 1, "a negotiating page tries WebSockets at most once before falling back");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_socket_failing_while_the_server_does_not_answer_at_all_does_not_switch_the_browser_to_negotiating()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        // The node is restarting: its sockets fail, and so do plain requests to it.
        var refused = await RefuseSocketsAsync(page);
        var asked = 0;
        await page.RouteAsync("**/_blazor/negotiate**", route =>
        {
            Interlocked.Increment(ref asked);
            return route.FulfillAsync(new() { Status = 502, Body = "Bad Gateway" });
        });
        var loads = 0;
        page.Load += (_, _) => Interlocked.Increment(ref loads);

        await page.GotoAsync("/inbox");
        for (var waited = 0; Volatile.Read(ref asked) == 0 && waited < 15_000; waited += 100)
        {
            await page.WaitForTimeoutAsync(100);
        }

        Assert.True(Volatile.Read(ref asked) >= 1, "the page asked whether the server answers plain requests");
        await page.WaitForTimeoutAsync(500);

        Assert.True(refused.Count >= 1);
        Assert.Equal(1, Volatile.Read(ref loads));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('rapport.negotiate')"));
        await Expect(page.Locator(".live-indicator[data-interactive]")).ToHaveCountAsync(0);
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

    /// <summary>Every circuit socket of the page fails before it opens; the count says how many were tried.</summary>
    private static async Task<Counter> RefuseSocketsAsync(IPage page)
    {
        var refused = new Counter();
        await page.RouteWebSocketAsync("**/_blazor**", ws =>
        {
            refused.Add();
            _ = ws.CloseAsync(new() { Code = 1006 });
        });
        return refused;
    }

    private sealed class Counter
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void Add() => Interlocked.Increment(ref count);
    }
}
