using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Channels;

/// <summary>
/// On a WhatsApp conversation whose customer last wrote more than 24 hours ago, a free-text reply is refused with the
/// reason and the composer offers the account's approved templates instead; the agent fills the parameters and sends one.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class WhatsAppTemplateComposerTests(RapportFixture rapport)
{
    [Fact]
    public async Task A_whatsapp_reply_after_24_hours_is_refused_with_the_reason_and_a_template_is_offered_and_sent()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var numberId = "1065" + Random.Shared.Next(10_000_000, 99_999_999);
        var account = await TestData.PostAsync(admin, "/api/v1/channel-accounts", new
        {
            name = $"WhatsApp {numberId}",
            provider = "whatsApp",
            address = numberId,
            webhookSecret = "app-secret",
            apiSecret = "access-token",
            verifyToken = "verify",
            apiBaseUrl = "http://127.0.0.1:9",
        });
        Assert.True(account.Ok, await account.TextAsync());
        var accountId = JsonDocument.Parse(await account.TextAsync()).RootElement.GetProperty("id").GetGuid();
        var template = await TestData.PostAsync(admin, $"/api/v1/channel-accounts/{accountId}/whatsapp-templates",
            new { name = "booking_update", language = "en_US", body = "Hello {{1}}, your booking {{2}} is confirmed." });
        Assert.True(template.Ok, await template.TextAsync());
        var phone = "+4477009" + Random.Shared.Next(10_000, 99_999);
        var response = await TestData.PostAsync(admin, "/api/v1/inbound-messages", new
        {
            channel = "whatsApp",
            providerMessageId = $"wamid.{Unique.Letters()}",
            from = new { phone },
            to = numberId,
            text = "Is my booking confirmed?",
            sentAt = DateTime.UtcNow.AddHours(-30),
        });
        Assert.True(response.Ok, await response.TextAsync());
        var conversation = JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("conversationId").GetGuid();
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await RapportFixture.Interactive(page);
        var templates = page.GetByRole(AriaRole.Region, new() { Name = "WhatsApp templates" });
        await Expect(templates.Locator(".whatsapp-window-closed")).ToContainTextAsync("accepts only an approved template message now");

        await page.GetByLabel("Your message").FillAsync("Yes, it is confirmed.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reply by WhatsApp" }).ClickAsync();
        await Expect(page.GetByText("Send one of the account's approved templates instead")).ToBeVisibleAsync();

        await templates.Locator("div.mud-input-control.mud-select").Filter(new() { HasText = "WhatsApp template" }).ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("booking_update (en_US, utility)").ClickAsync();
        await templates.GetByLabel("Parameter {{1}}").FillAsync("Ana");
        await templates.GetByLabel("Parameter {{2}}").FillAsync("HX4521");
        await Expect(templates.GetByTestId("template-preview")).ToContainTextAsync("Hello Ana, your booking HX4521 is confirmed.");
        await RapportFixture.ScreenshotAsync(page, "whatsapp-template-composer");
        await templates.GetByTestId("send-template").ClickAsync();
        await Expect(templates.GetByText("Template booking_update queued to send.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Hello Ana, your booking HX4521 is confirmed.").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
