using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Conversations;

/// <summary>
/// A reply Rapport was sending when it stopped shows "Delivery unconfirmed" with what to do, and "Mark as sent" settles it.
/// The unconfirmed state is set in the database directly (the kill -9 that causes it is OutboxCrashTests' subject).
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class UnconfirmedDeliveryTests(RapportFixture rapport)
{
    [Fact]
    public async Task An_unconfirmed_reply_shows_its_notice_and_Mark_as_sent_marks_it_sent()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var subject = $"Ferry times {Unique.Letters()}"[..25];
        var conversation = await TestData.ReceiveEmailAsync(admin, TestData.UniqueEmail("olu.adeyemi"), "Olu Adeyemi", subject, "When does the first ferry leave?");
        var response = await TestData.PostAsync(admin, $"/api/v1/conversations/{conversation}/replies", new { text = "The first ferry leaves at 06:30." });
        Assert.Equal(202, response.Status);
        using var json = JsonDocument.Parse(await response.TextAsync());
        var reply = json.RootElement.GetProperty("id").GetGuid();
        await SettledAsync(admin, conversation, reply);
        await UnconfirmAsync(reply);
        await admin.Context.CloseAsync();

        var agent = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(agent, $"/conversations/{conversation}");
        var notice = agent.GetByTestId("delivery-unconfirmed");
        await Expect(notice).ToContainTextAsync("Delivery unconfirmed");
        await Expect(notice).ToContainTextAsync("it may have reached the customer");
        await Expect(notice.GetByRole(AriaRole.Button, new() { Name = "Send again" })).ToBeVisibleAsync();
        await RapportFixture.ScreenshotAsync(agent, "conversation-delivery-unconfirmed");

        await notice.GetByRole(AriaRole.Button, new() { Name = "Mark as sent" }).ClickAsync();
        await Expect(agent.GetByTestId("delivery-unconfirmed")).ToHaveCountAsync(0);
        var delivery = await DeliveryAsync(agent, conversation, reply);
        Assert.Equal("sent", delivery);
        await agent.Context.CloseAsync();
    }

    /// <summary>Waits until the outbox has dealt with the reply, so nothing overwrites the state set next.</summary>
    private static async Task SettledAsync(IPage page, Guid conversation, Guid reply)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(1);
        while (await DeliveryAsync(page, conversation, reply) is "queued" or "retrying")
        {
            Assert.True(DateTime.UtcNow < giveUp, "The reply was never sent.");
            await Task.Delay(200);
        }
    }

    private static async Task<string> DeliveryAsync(IPage page, Guid conversation, Guid reply)
    {
        var response = await TestData.GetAsync(page, $"/api/v1/conversations/{conversation}");
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == reply).GetProperty("delivery").GetString()!;
    }

    /// <summary>As the dispatcher leaves a reply it found mid-send after a restart.</summary>
    private async Task UnconfirmAsync(Guid reply)
    {
        await using var db = new SqliteConnection($"Data Source={rapport.DatabaseFile};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = """
            UPDATE messages SET "Delivery" = 'Unconfirmed', "DeliveryError" = 'Rapport stopped while sending this; it may have reached the customer.' WHERE "Id" = @id;
            UPDATE outbox SET "State" = 'Unconfirmed', "LeasedUntil" = NULL, "SendingSince" = NULL WHERE "SubjectId" = @id;
            """;
        command.Parameters.AddWithValue("@id", reply.ToString().ToUpperInvariant());
        await command.ExecuteNonQueryAsync();
    }
}
