using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Playwright;

namespace Rapport.BrowserTests;

/// <summary>
/// Test data made through the API as the signed-in user, so tests spend their time on the screen they test. Writes
/// carry the user's bearer token: the API refuses writes that carry only the browser's sign-in cookie.
/// </summary>
public static class TestData
{
    private static readonly ConditionalWeakTable<IBrowserContext, Func<Task<string>>> Tokens = [];
    private static int counter;

    /// <summary>Called by <see cref="RapportFixture.SignInAsync"/>: how to get a token of the user signed in to <paramref name="context"/>.</summary>
    public static void SignedIn(IBrowserContext context, Func<Task<string>> token) => Tokens.AddOrUpdate(context, token);

    public static Task<IAPIResponse> PostAsync(IPage page, string url, object data) => SendAsync(page, url, data, HttpMethod.Post);

    public static Task<IAPIResponse> PutAsync(IPage page, string url, object data) => SendAsync(page, url, data, HttpMethod.Put);

    public static Task<IAPIResponse> GetAsync(IPage page, string url) => SendAsync(page, url, null, HttpMethod.Get);

    private static async Task<IAPIResponse> SendAsync(IPage page, string url, object? data, HttpMethod method)
    {
        if (!Tokens.TryGetValue(page.Context, out var token))
        {
            throw new InvalidOperationException("Sign the page in with RapportFixture.SignInAsync before making test data with it.");
        }

        return await page.APIRequest.FetchAsync(url, new()
        {
            Method = method.Method,
            DataObject = data,
            Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {await token()}" },
        });
    }

    /// <summary>A name no other test uses.</summary>
    public static string UniqueName(string first, string last) => $"{first} {last} {Environment.ProcessId % 1000}{Interlocked.Increment(ref counter)}";

    public static async Task<Guid> CreateCustomerAsync(IPage page, object customer)
    {
        var response = await PostAsync(page, "/api/v1/customers", customer);
        await EnsureAsync(response);
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }

    public static async Task AddConfidentialAsync(IPage page, Guid customerId, string label, string value, string level)
    {
        var response = await PostAsync(page, $"/api/v1/customers/{customerId}/confidential", new { label, value, level });
        await EnsureAsync(response);
    }

    /// <summary>A mailbox (as an administrator) reading the INBOX of <paramref name="imapUser"/> on the local IMAP server and sending through the local SMTP server; returns its address.</summary>
    public static async Task<string> CreateMailboxAsync(IPage admin, string imapUser)
    {
        var address = $"help-{Unique.Letters()}@rapport.test";
        var response = await PostAsync(admin, "/api/v1/mailboxes", new
        {
            name = "Help desk",
            address,
            imapHost = Rapport.IntegrationTests.Support.MailServers.Host,
            imapPort = Rapport.IntegrationTests.Support.MailServers.ImapPort,
            imapSecurity = "none",
            imapUser,
            imapPassword = Rapport.IntegrationTests.Support.MailServers.Password,
            smtpHost = Rapport.IntegrationTests.Support.MailServers.Host,
            smtpPort = Rapport.IntegrationTests.Support.MailServers.SmtpPort,
            smtpSecurity = "none",
        });
        await EnsureAsync(response);
        return address;
    }

    /// <summary>An inbound email fed through the ingestion API (as an administrator); returns the conversation's id.</summary>
    public static async Task<Guid> ReceiveEmailAsync(IPage admin, string from, string name, string subject, string text, Guid? conversationId = null,
        string? html = null)
    {
        var response = await PostAsync(admin, "/api/v1/inbound-messages", new
        {
            channel = "email",
            providerMessageId = $"<{Unique.Letters()}@customer.example>",
            from = new { email = from, name },
            subject,
            text,
            html,
            conversationId,
        });
        await EnsureAsync(response);
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("conversationId").GetGuid();
    }

    /// <summary>An email from a new customer through the inbound API (needs an administrator's page); returns its conversation.</summary>
    public static Task<Guid> ReceiveEmailAsync(IPage page, string subject, string text) =>
        ReceiveEmailAsync(page, $"guest.{Unique.Letters()}@example.com", UniqueName("Hana", "Guest"), subject, text);

    /// <summary>An email address no other test uses.</summary>
    public static string UniqueEmail(string name) => $"{name}.{Unique.Letters()}@customer.example";

    private static async Task EnsureAsync(IAPIResponse response)
    {
        if (!response.Ok)
        {
            throw new InvalidOperationException($"{response.Url} answered {response.Status}: {await response.TextAsync()}");
        }
    }
}
