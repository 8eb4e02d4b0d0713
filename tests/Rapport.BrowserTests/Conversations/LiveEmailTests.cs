using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Playwright;
using MimeKit;
using Rapport.IntegrationTests.Support;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Conversations;

/// <summary>
/// The whole email round trip through the real local servers: a customer's email goes in by SMTP, Rapport fetches it by
/// IMAP (polling), the agent sees it arrive in the open inbox without reloading, replies, and the reply is read back out
/// of the mail server as a threaded email.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class LiveEmailTests(RapportFixture rapport)
{
    [Fact]
    public async Task An_email_appears_live_in_the_inbox_and_the_agents_reply_reaches_the_mail_server_threaded()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var imapUser = MailServers.UniqueUser();
        var mailbox = await TestData.CreateMailboxAsync(admin, imapUser);
        await admin.Context.CloseAsync();

        var agent = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(agent, "/inbox");
        await agent.EvaluateAsync("() => window.rapportNotReloaded = true");

        var customer = TestData.UniqueEmail("maria.lopez");
        var subject = $"Ferry tickets for Saturday {Unique.Letters()}"[..40];
        var messageId = $"{Unique.Letters()}@customer.example";
        var email = new MimeMessage { Subject = subject, MessageId = messageId, Body = new TextPart("plain") { Text = "Can I still move our crossing to the 14:30 sailing?" } };
        email.From.Add(new MailboxAddress("María López", customer));
        email.To.Add(MailboxAddress.Parse(mailbox));
        await MailServers.SendAsync(email);
        // SMTP delivers to the shared INBOX; the mailbox reads a user of its own, so it sees this email and no other test's.
        await MailServers.CopyFromSmtpInboxAsync(messageId, imapUser);

        var row = agent.GetByRole(AriaRole.Row).Filter(new() { HasText = subject });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(row).ToContainTextAsync("María López");
        await Expect(row).ToContainTextAsync("14:30 sailing");
        Assert.True(await agent.EvaluateAsync<bool>("() => window.rapportNotReloaded === true"), "The inbox reloaded to show the email.");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await agent.WaitForURLAsync("**/conversations/*");
        await RapportFixture.Interactive(agent);
        await Expect(agent.GetByRole(AriaRole.Heading, new() { Name = subject })).ToBeVisibleAsync();
        var reply = "Yes — I have moved you to the 14:30 sailing. Your new tickets follow.";
        await agent.GetByLabel("Your message").FillAsync(reply);
        await agent.GetByRole(AriaRole.Button, new() { Name = "Reply by email" }).ClickAsync();
        await Expect(agent.Locator(".message-outbound")).ToContainTextAsync(reply);

        var sent = await WaitForReplyAsync(messageId);
        Assert.Equal(messageId, sent.InReplyTo);
        Assert.Contains(messageId, sent.References);
        Assert.StartsWith($"Re: {subject} [#R-", sent.Subject, StringComparison.Ordinal); // with the conversation's subject token
        Assert.Equal(customer, sent.To.Mailboxes.Single().Address);
        Assert.Equal(mailbox, sent.From.Mailboxes.Single().Address);
        Assert.Contains(reply, sent.TextBody, StringComparison.Ordinal);
        await agent.Context.CloseAsync();
    }

    /// <summary>The reply as the SMTP server delivered it (to the shared INBOX), found by the Message-ID it answers.</summary>
    private static async Task<MimeMessage> WaitForReplyAsync(string inReplyTo)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(1); // protection against a reply never sent, not a speed check
        while (true)
        {
            using var client = new ImapClient();
            await client.ConnectAsync(MailServers.Host, MailServers.ImapPort, SecureSocketOptions.None);
            await client.AuthenticateAsync(MailServers.SmtpInbox, MailServers.Password);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
            var uids = await client.Inbox.SearchAsync(SearchQuery.HeaderContains("In-Reply-To", inReplyTo));
            if (uids.Count > 0)
            {
                var message = await client.Inbox.GetMessageAsync(uids[^1]);
                await client.DisconnectAsync(true);
                return message;
            }

            await client.DisconnectAsync(true);
            Assert.True(DateTime.UtcNow < giveUp, $"No reply to <{inReplyTo}> reached the mail server.");
            await Task.Delay(250);
        }
    }
}
