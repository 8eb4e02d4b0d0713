using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Channels;

/// <summary>
/// A switch from chat to email (C7): on a web chat conversation the agent chooses "Continue on…", email, enters the
/// customer's address; the customer is told by email in the organisation's words, the switch shows on the conversation,
/// and the composer now replies by email — the same conversation, nobody asked who they are again.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class ChannelSwitchTests(RapportFixture rapport)
{
    private const string Shop = "https://shop.switch.example";

    [Fact]
    public async Task A_switch_from_chat_to_email()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        await TestData.CreateMailboxAsync(admin, $"switch-{Unique.Letters()[..6]}");
        var siteName = $"Harbour Hotel {Unique.Letters()[..5]}";
        var created = await TestData.PostAsync(admin, "/api/v1/chat-sites", new { name = siteName, allowedOrigins = new[] { Shop }, followOrganisationHours = false });
        Assert.True(created.Ok, await created.TextAsync());
        using var site = JsonDocument.Parse(await created.TextAsync());
        await VisitorSaysAsync(site.RootElement.GetProperty("id").GetString()!, "Could you email me the group booking form?");
        var conversation = await ChatConversationAsync(admin, siteName);
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await RapportFixture.Interactive(page);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reply by Chat" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Continue on…" }).ClickAsync();
        var choice = page.GetByRole(AriaRole.Group, new() { Name = "Continue this conversation on" });
        await Expect(choice).ToContainTextAsync("WhatsApp");
        await Expect(page.Locator("#continue-whatsapp")).ToBeDisabledAsync();
        await page.Locator("#continue-email").CheckAsync();
        var email = TestData.UniqueEmail("maria");
        await page.GetByLabel("Email address").FillAsync(email);
        await RapportFixture.ScreenshotAsync(page, "continue-on-email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue on Email" }).ClickAsync();

        await Expect(page.Locator(".switch-made")).ToContainTextAsync("Switched from web chat to email");
        await Expect(page.GetByText("following your chat with us, we're continuing here by email", new() { Exact = false }).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reply by Email" })).ToBeVisibleAsync();
        await Expect(page.Locator(".replies-go-on")).ToHaveTextAsync("email");

        await page.GetByLabel("Your message").FillAsync("Here is the form, as promised.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reply by Email" }).ClickAsync();
        await Expect(page.GetByText($"→ {email}").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>A visitor's widget, as HTTP: starts a visit from the shop's origin and says something.</summary>
    private async Task VisitorSaysAsync(string siteId, string text)
    {
        using var http = new HttpClient { BaseAddress = new Uri(rapport.BaseUrl) };
        http.DefaultRequestHeaders.Add("Origin", Shop);
        var started = await http.PostAsJsonAsync($"/chat/v1/sites/{siteId}/visitors", new { });
        started.EnsureSuccessStatusCode();
        using var visit = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization = new("Bearer", visit.RootElement.GetProperty("token").GetString());
        var said = await http.PostAsJsonAsync("/chat/v1/messages", new { clientMessageId = Unique.Letters(), text });
        Assert.True(said.IsSuccessStatusCode, await said.Content.ReadAsStringAsync());
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
}
