using System.Text.Json;
using Microsoft.Playwright;

namespace Rapport.BrowserTests;

/// <summary>Test data made through the API as the signed-in user (the page's cookies), so tests spend their time on the screen they test.</summary>
public static class TestData
{
    private static int counter;

    /// <summary>A name no other test uses.</summary>
    public static string UniqueName(string first, string last) => $"{first} {last} {Environment.ProcessId % 1000}{Interlocked.Increment(ref counter)}";

    public static async Task<Guid> CreateCustomerAsync(IPage page, object customer)
    {
        var response = await page.APIRequest.PostAsync("/api/v1/customers", new() { DataObject = customer });
        await EnsureAsync(response);
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }

    public static async Task AddConfidentialAsync(IPage page, Guid customerId, string label, string value, string level)
    {
        var response = await page.APIRequest.PostAsync($"/api/v1/customers/{customerId}/confidential",
            new() { DataObject = new { label, value, level } });
        await EnsureAsync(response);
    }

    /// <summary>An email from a new customer through the inbound API (needs an administrator's page); returns its conversation.</summary>
    public static async Task<Guid> ReceiveEmailAsync(IPage page, string subject, string text)
    {
        var response = await page.APIRequest.PostAsync("/api/v1/inbound-messages", new()
        {
            DataObject = new
            {
                channel = "email",
                providerMessageId = $"<{Guid.NewGuid():N}@customer.example>",
                from = new { email = $"guest.{Guid.NewGuid():N}@example.com", name = UniqueName("Hana", "Guest") },
                subject,
                text,
            },
        });
        await EnsureAsync(response);
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("conversationId").GetGuid();
    }

    private static async Task EnsureAsync(IAPIResponse response)
    {
        if (!response.Ok)
        {
            throw new InvalidOperationException($"{response.Url} answered {response.Status}: {await response.TextAsync()}");
        }
    }
}
