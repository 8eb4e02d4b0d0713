using System.Text;
using System.Text.Json.Nodes;

namespace Rapport.IntegrationTests.Support;

/// <summary>Mailboxes on the test mail servers, and emails to put in them.</summary>
public static class Mailboxes
{
    /// <summary>
    /// Creates a mailbox reading the INBOX of <paramref name="imapUser"/> (with the test password unless another is given)
    /// and sending through the test SMTP server (or <paramref name="smtpPort"/>).
    /// </summary>
    public static async Task<JsonNode> CreateMailboxAsync(this HttpClient admin, string imapUser, int? smtpPort = null, string? imapPassword = null)
    {
        var body = new
        {
            name = "Help desk",
            address = $"help-{Unique.Letters()}@rapport.test",
            imapHost = MailServers.Host,
            imapPort = MailServers.ImapPort,
            imapSecurity = "none",
            imapUser,
            imapPassword = imapPassword ?? MailServers.Password,
            smtpHost = MailServers.Host,
            smtpPort = smtpPort ?? MailServers.SmtpPort,
            smtpSecurity = "none",
        };
        return await (await admin.PostAsync("/api/v1/mailboxes", Requests.JsonBody(body))).ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>Fetches new mail now; returns how many messages were fetched (and fails on a receive error).</summary>
    public static async Task<int> ReceiveMailAsync(this HttpClient admin, string mailboxId)
    {
        var result = await (await admin.PostAsync($"/api/v1/mailboxes/{mailboxId}/receive", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(result["error"] is null, $"Receiving failed: {result["error"]}");
        return result["fetched"]!.GetValue<int>();
    }

    /// <summary>A plain email from a customer, as a mail client would write it.</summary>
    public static byte[] Email(string from, string to, string subject, string messageId, string text, string? inReplyTo = null) =>
        Encoding.UTF8.GetBytes(string.Join("\r\n",
            new[]
            {
                $"From: Customer <{from}>", $"To: {to}", $"Subject: {subject}", "Date: Mon, 02 Mar 2026 08:30:00 +0000",
                $"Message-ID: {messageId}", inReplyTo is null ? null : $"In-Reply-To: {inReplyTo}",
                inReplyTo is null ? null : $"References: {inReplyTo}", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", text, "",
            }.OfType<string>()));

    /// <summary>The customer a sender's address belongs to, via the returning-customer lookup.</summary>
    public static async Task<JsonNode> CustomerByEmailAsync(this HttpClient client, string email) =>
        (await (await client.GetAsync($"/api/v1/customers/lookup?email={Uri.EscapeDataString(email)}")).ExpectAsync(HttpStatusCode.OK))["customer"]!;

    /// <summary>The customer's timeline, newest first.</summary>
    public static async Task<JsonArray> TimelineAsync(this HttpClient client, string customerId) =>
        (await (await client.GetAsync($"/api/v1/customers/{customerId}/timeline?limit=200")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
}
