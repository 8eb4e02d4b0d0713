using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Channels;

/// <summary>On an SMS conversation the composer replies by SMS and shows what the draft costs in SMS as the agent types.</summary>
[Collection(RapportCollection.Name)]
public sealed class SmsComposerTests(RapportFixture rapport)
{
    [Fact]
    public async Task An_sms_conversation_offers_reply_by_sms_and_counts_segments_and_encoding_while_typing()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var phone = "+4477009" + Random.Shared.Next(10_000, 99_999);
        var response = await TestData.PostAsync(admin, "/api/v1/inbound-messages",
            new { channel = "sms", providerMessageId = $"SM{Unique.Letters()}", from = new { phone }, text = "Is the pool open late tonight?" });
        Assert.True(response.Ok, await response.TextAsync());
        using var json = JsonDocument.Parse(await response.TextAsync());
        var conversation = json.RootElement.GetProperty("conversationId").GetGuid();
        await admin.Context.CloseAsync();

        var page = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(page, $"/conversations/{conversation}");
        await RapportFixture.Interactive(page);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reply by SMS" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reply by email" })).ToHaveCountAsync(0);

        var box = page.GetByLabel("Your message");
        await box.PressSequentiallyAsync("Yes, until 10pm tonight.");
        var advice = page.Locator(".reply-advice");
        await Expect(advice).ToContainTextAsync("24 characters · 1 SMS · GSM-7");

        await box.PressSequentiallyAsync(" Enjoy 🙂");
        await Expect(advice).ToContainTextAsync("Unicode (UCS-2)");
        await RapportFixture.ScreenshotAsync(page, "sms-composer");

        // The demo's SMS account catches replies on this computer: the reply is queued on SMS and the box is emptied.
        await page.GetByRole(AriaRole.Button, new() { Name = "Reply by SMS" }).ClickAsync();
        await Expect(box).ToHaveValueAsync("");
        await Expect(page.GetByText("Yes, until 10pm tonight. Enjoy 🙂").First).ToBeVisibleAsync();
        await Expect(page.Locator("#composer-error")).ToBeEmptyAsync();
        await page.Context.CloseAsync();
    }
}
