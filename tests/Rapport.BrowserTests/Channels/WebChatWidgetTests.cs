using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Channels;

/// <summary>
/// A visitor on a page of another origin chats through the widget with an agent in Rapport's conversation page, both
/// ways, live; reloading resumes the chat; the widget works by keyboard and axe finds nothing serious in it.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class WebChatWidgetTests(RapportFixture rapport)
{
    private static readonly string[] ElsewhereOrigins = ["https://www.example.com"];

    [Fact]
    public async Task A_visitor_on_another_origin_chats_live_with_an_agent_and_resumes_after_a_reload()
    {
        // The shop's page is served from another origin than Rapport (localhost vs 127.0.0.1): the widget is cross-origin.
        var page = new PageHolder();
        using var shopSite = LocalSite.Page(() => page.Html);
        var shop = shopSite.BaseUrl;
        var siteName = $"Harbour Hotel {Unique.Letters()[..5]}";
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var created = await TestData.PostAsync(admin, "/api/v1/chat-sites", new { name = siteName, allowedOrigins = new[] { shop }, followOrganisationHours = false });
        Assert.True(created.Ok, await created.TextAsync());
        using var site = JsonDocument.Parse(await created.TextAsync());
        var siteId = site.RootElement.GetProperty("id").GetString();
        page.Html = $"<!doctype html><html lang=\"en\"><head><title>Harbour Hotel</title></head><body><main><h1>Harbour Hotel</h1><p>Rooms by the sea.</p></main>"
            + $"<script src=\"{rapport.BaseUrl.TrimEnd('/')}/chat/widget.js\" data-site=\"{siteId}\" async></script></body></html>";

        // An agent is at work with Rapport open, available for chat: the site is open.
        var agent = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(agent, "/inbox");
        await RapportFixture.Interactive(agent);
        await Expect(agent.GetByRole(AriaRole.Checkbox, new() { Name = "Available for chat" })).ToBeCheckedAsync();

        var visitor = await rapport.Browser.NewPageAsync(new() { ViewportSize = new ViewportSize { Width = 360, Height = 740 }, Locale = "en-GB" });
        visitor.Context.SetDefaultTimeout(15_000);
        var console = new List<string>();
        visitor.Console += (_, m) => console.Add(m.Text);
        await visitor.GotoAsync($"{shop}/hotel.html");

        var launcher = visitor.GetByRole(AriaRole.Button, new() { Name = $"Chat with {siteName}" });
        await launcher.FocusAsync();
        await visitor.Keyboard.PressAsync("Enter");
        var box = visitor.GetByLabel("Your message");
        await Expect(box).ToBeFocusedAsync();
        await box.FillAsync("Is breakfast included with the sea-view room?");
        await visitor.Keyboard.PressAsync("Enter");
        var log = visitor.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Expect(log).ToContainTextAsync("Is breakfast included with the sea-view room?");
        await Expect(log.GetByText("Sent")).ToBeVisibleAsync();

        // A file, with what is in the box as its caption. Its upload's answer is held back until the stored message has
        // come over the live feed (as on a busy server): the answer must not put the unstored copy back over it.
        var answered = new TaskCompletionSource();
        await visitor.RouteAsync("**/chat/v1/files", async route =>
        {
            var response = await route.FetchAsync();
            await Task.Delay(1500);
            await route.FulfillAsync(new() { Response = response });
            answered.TrySetResult();
        });
        await box.FillAsync("My booking confirmation");
        await visitor.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "booking-HX1234.pdf",
            MimeType = "application/pdf",
            Buffer = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4 booking HX1234"),
        });
        await Expect(log.GetByRole(AriaRole.Button, new() { Name = "Download booking-HX1234.pdf (23 bytes)" })).ToBeVisibleAsync();
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await visitor.UnrouteAsync("**/chat/v1/files");
        await Expect(log.GetByRole(AriaRole.Button, new() { Name = "Download booking-HX1234.pdf (23 bytes)" })).ToBeVisibleAsync();
        await Expect(log).Not.ToContainTextAsync("not kept");

        var conversation = await ChatConversationAsync(admin, siteName);
        await RapportFixture.GoAsync(agent, $"/conversations/{conversation}");
        await RapportFixture.Interactive(agent);
        await Expect(agent.GetByText("Is breakfast included with the sea-view room?")).ToBeVisibleAsync();
        await Expect(agent.GetByRole(AriaRole.List, new() { Name = "Attachments" }).GetByText("booking-HX1234.pdf")).ToBeVisibleAsync();

        // The visitor types: the agent sees it.
        // As a person does, the visitor goes on typing (the widget says so at most every 2 s) until the agent sees it.
        var typing = agent.GetByText(new System.Text.RegularExpressions.Regex("Website visitor [A-Z]{4} is typing…"));
        for (var i = 0; i < 10 && !await typing.IsVisibleAsync(); i++)
        {
            await box.PressSequentiallyAsync("also ", new() { Delay = 100 });
            await Task.Delay(1_500);
        }

        await Expect(typing).ToBeVisibleAsync();
        await box.FillAsync("");

        var reply = agent.GetByLabel("Your message");
        await reply.FillAsync("Yes — breakfast is served 7–10am in the Harbour Room.");
        // The agent sends the menu with the reply: uploaded as chosen, listed before sending, a download for the visitor.
        await agent.GetByLabel("Attach files").SetInputFilesAsync(new FilePayload
        {
            Name = "breakfast-menu.pdf",
            MimeType = "application/pdf",
            Buffer = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4 breakfast menu"),
        });
        await Expect(agent.GetByRole(AriaRole.List, new() { Name = "Files to send" }).GetByText("breakfast-menu.pdf")).ToBeVisibleAsync();
        await agent.GetByRole(AriaRole.Button, new() { Name = "Reply by Chat" }).ClickAsync();
        await Expect(log).ToContainTextAsync("Yes — breakfast is served 7–10am in the Harbour Room.");
        await Expect(log.GetByRole(AriaRole.Button, new() { Name = "Download breakfast-menu.pdf (23 bytes)" })).ToBeVisibleAsync();
        await Expect(agent.GetByRole(AriaRole.List, new() { Name = "Files to send" })).ToHaveCountAsync(0);
        await RapportFixture.ScreenshotAsync(visitor, "chat-widget");
        await Expect(agent.GetByText("Read").First).ToBeVisibleAsync();
        await RapportFixture.ScreenshotAsync(agent, "chat-agent");

        var axe = await visitor.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));

        // Escape closes the panel and gives focus back to the launcher.
        await box.FocusAsync();
        await visitor.Keyboard.PressAsync("Escape");
        await Expect(launcher).ToBeFocusedAsync();

        await visitor.ReloadAsync();
        await visitor.GetByRole(AriaRole.Button, new() { Name = $"Chat with {siteName}" }).ClickAsync();
        var resumed = visitor.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Expect(resumed).ToContainTextAsync("Is breakfast included with the sea-view room?");
        await Expect(resumed).ToContainTextAsync("Yes — breakfast is served 7–10am in the Harbour Room.");
        Assert.DoesNotContain(console, m => m.StartsWith("Rapport chat:", StringComparison.Ordinal));

        await visitor.Context.CloseAsync();
        await agent.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task A_page_of_an_origin_the_site_does_not_allow_gets_no_widget_and_a_clear_console_message()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var created = await TestData.PostAsync(admin, "/api/v1/chat-sites", new { name = "Elsewhere", allowedOrigins = ElsewhereOrigins });
        using var site = JsonDocument.Parse(await created.TextAsync());
        var html = $"<!doctype html><title>Other</title><script src=\"{rapport.BaseUrl.TrimEnd('/')}/chat/widget.js\" data-site=\"{site.RootElement.GetProperty("id").GetString()}\"></script>";
        using var other = LocalSite.Page(() => html);
        var page = await rapport.Browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => console.Add(m.Text);

        await page.GotoAsync($"{other.BaseUrl}/other.html");

        await Expect(page.Locator("[data-rapport-chat]")).ToHaveCountAsync(0);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!console.Any(m => m.Contains("Rapport chat:", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains(console, m => m.Contains("Rapport chat:", StringComparison.Ordinal) && m.Contains(other.BaseUrl, StringComparison.Ordinal));
        await page.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task While_nobody_of_the_team_is_available_the_visitor_leaves_a_message_that_becomes_an_email_conversation()
    {
        var page = new PageHolder();
        using var shopSite = LocalSite.Page(() => page.Html);
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var team = await TestData.PostAsync(admin, "/api/v1/teams", new { name = $"Night desk {Unique.Letters()[..5]}" });
        using var teamJson = JsonDocument.Parse(await team.TextAsync());
        var siteName = $"Night desk {Unique.Letters()[..5]}";
        var created = await TestData.PostAsync(admin, "/api/v1/chat-sites", new
        {
            name = siteName,
            allowedOrigins = new[] { shopSite.BaseUrl },
            followOrganisationHours = false,
            teamId = teamJson.RootElement.GetProperty("id").GetString(),
            offlineWhenNobodyAvailable = true,
        });
        using var site = JsonDocument.Parse(await created.TextAsync());
        page.Html = $"<!doctype html><html lang=\"en\"><head><title>Night desk</title></head><body><main><h1>Night desk</h1></main>"
            + $"<script src=\"{rapport.BaseUrl.TrimEnd('/')}/chat/widget.js\" data-site=\"{site.RootElement.GetProperty("id").GetString()}\" async></script></body></html>";
        var visitor = await rapport.Browser.NewPageAsync(new() { ViewportSize = new ViewportSize { Width = 360, Height = 740 }, Locale = "en-GB" });
        visitor.Context.SetDefaultTimeout(15_000);
        await visitor.GotoAsync($"{shopSite.BaseUrl}/night.html");

        await visitor.GetByRole(AriaRole.Button, new() { Name = $"Chat with {siteName}" }).ClickAsync();
        await Expect(visitor.GetByText("We're away right now.", new() { Exact = false })).ToBeVisibleAsync();
        var email = $"{Unique.Letters()[..10]}@example.com";
        await visitor.GetByLabel("Your name").FillAsync("Nora Quay");
        await visitor.GetByLabel("Your email (we reply to it)").FillAsync(email);
        await visitor.GetByLabel("Your message").FillAsync("Can I check in after midnight?");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Leave a message" }).ClickAsync();
        await Expect(visitor.GetByRole(AriaRole.Status)).ToContainTextAsync($"We will reply to {email} by email.");
        await RapportFixture.ScreenshotAsync(visitor, "chat-offline");

        // The team's members see it in the inbox, and the reply goes by email.
        var conversation = await ChatConversationAsync(admin, siteName);
        await RapportFixture.GoAsync(admin, $"/conversations/{conversation}");
        await RapportFixture.Interactive(admin);
        await Expect(admin.GetByText("Can I check in after midnight?")).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Reply by Email" })).ToBeVisibleAsync();
        await visitor.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    private static async Task<Guid> ChatConversationAsync(IPage admin, string siteName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var response = await admin.APIRequest.GetAsync("/api/v1/conversations?channel=chat&limit=50");
            using var json = JsonDocument.Parse(await response.TextAsync());
            foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("subject").GetString() == $"Chat on {siteName}")
                {
                    return item.GetProperty("id").GetGuid();
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "the chat never reached the inbox");
            await Task.Delay(200);
        }
    }

    private sealed class PageHolder
    {
        public string Html { get; set; } = "";
    }
}
