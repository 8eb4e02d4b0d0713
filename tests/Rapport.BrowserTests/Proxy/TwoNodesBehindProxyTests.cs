using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Playwright;
using MimeKit;
using Rapport.IntegrationTests.Support;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Proxy;

/// <summary>
/// Two nodes behind nginx, as an operator runs them (admin guide, "Several nodes behind a proxy"): with sticky sessions
/// pages are live and show what the other node took in, and files stored by one node download from both; without them
/// the page says it is not live rather than "Live"; when a page's node dies, the page says so and comes back live on
/// the other node with the reply being written still there.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed class TwoNodesBehindProxyTests(RapportFixture rapport, TwoNodesBehindNginx nodes) : IClassFixture<TwoNodesBehindNginx>, IAsyncLifetime
{
    public Task InitializeAsync() => nodes.BothRunningAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task With_sticky_sessions_the_inbox_is_live_and_shows_a_message_the_other_node_took_in()
    {
        var page = await TwoNodesBehindNginx.SignInAsync(rapport.Browser, nodes.StickyUrl, "agent@rapport.demo");
        var here = nodes.NodeOf(await page.GotoAsync("/inbox"));
        await RapportFixture.Interactive(page);
        var indicator = page.Locator(".live-indicator");
        await Expect(indicator).ToContainTextAsync("Live:");
        await Expect(indicator.Locator(".live-off")).ToBeHiddenAsync();
        await page.EvaluateAsync("() => window.rapportNotReloaded = true");

        var subject = $"Late check-in {Unique.Letters()}"[..30];
        await nodes.ReceiveEmailAsync(nodes.Other(here), TestData.UniqueEmail("nadia"), subject, "We land at 23:40; will someone be at the desk?");

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = subject });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.rapportNotReloaded === true"), "The inbox reloaded to show the message.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_raw_email_and_its_attachment_taken_in_by_one_node_download_through_the_proxy_from_both()
    {
        var imapUser = MailServers.UniqueUser();
        using var api = await nodes.ApiAsync(nodes.First.Url);
        var mailbox = $"help-{Unique.Letters()}@rapport.test";
        var created = await api.PostAsJsonAsync("/api/v1/mailboxes", new
        {
            name = "Help desk",
            address = mailbox,
            imapHost = MailServers.Host,
            imapPort = MailServers.ImapPort,
            imapSecurity = "none",
            imapUser,
            imapPassword = MailServers.Password,
            smtpHost = MailServers.Host,
            smtpPort = MailServers.SmtpPort,
            smtpSecurity = "none",
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var pdf = RandomNumberGenerator.GetBytes(200_000);
        var subject = $"Invoice for the May stay {Unique.Letters()}"[..36];
        var messageId = $"{Unique.Letters()}@customer.example";
        var body = new BodyBuilder { TextBody = "Please find the invoice attached." };
        body.Attachments.Add("invoice.pdf", pdf, new ContentType("application", "pdf"));
        var email = new MimeMessage { Subject = subject, MessageId = messageId, Body = body.ToMessageBody() };
        email.From.Add(new MailboxAddress("Aoife Byrne", TestData.UniqueEmail("aoife.byrne")));
        email.To.Add(MailboxAddress.Parse(mailbox));
        using var bytes = new MemoryStream();
        await email.WriteToAsync(bytes);
        await MailServers.AppendAsync(imapUser, bytes.ToArray());
        var raw = await MailServers.FindRawAsync(imapUser, messageId) ?? throw new InvalidOperationException("The email is not on the IMAP server.");

        var (message, attachment) = await StoredAsync(api, subject);
        using var proxied = await nodes.ApiAsync(nodes.RoundRobinUrl);
        var served = new HashSet<RapportNode>();
        for (var i = 0; i < 4; i++)
        {
            served.Add(await DownloadAsync(proxied, $"/api/v1/messages/{message}/raw", raw));
            served.Add(await DownloadAsync(proxied, attachment, pdf));
        }

        Assert.Equal([nodes.First, nodes.Second], served.OrderBy(n => n == nodes.Second));
        using var sticky = await nodes.ApiAsync(nodes.StickyUrl);
        await DownloadAsync(sticky, attachment, pdf);
    }

    [Fact]
    public async Task Without_sticky_sessions_a_page_connecting_over_one_websocket_is_live()
    {
        var page = await TwoNodesBehindNginx.SignInAsync(rapport.Browser, nodes.RoundRobinUrl, "agent@rapport.demo");

        // The page's connection is one request (no negotiation first), so whichever node takes it keeps the circuit.
        await Expect(page.Locator(".live-indicator[data-interactive]")).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator(".live-indicator .live-on")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_sticky_sessions_a_page_that_must_negotiate_says_it_is_not_live_instead_of_live()
    {
        var page = await TwoNodesBehindNginx.SignInAsync(rapport.Browser, nodes.RoundRobinUrl, "agent@rapport.demo", negotiating: true);

        var indicator = page.Locator(".live-indicator");
        await Expect(indicator.Locator(".live-off")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(indicator.Locator(".live-off")).ToContainTextAsync("Not live: the connection to the server is lost.");
        await Expect(indicator.Locator(".live-on")).ToBeHiddenAsync();
        var banner = page.Locator("#components-reconnect-modal");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("This page could not connect to the server. Not live: new messages will not appear.");
        await Expect(banner.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task When_the_node_of_a_page_dies_the_page_says_so_and_comes_back_live_on_the_other_with_the_draft_kept()
    {
        var subject = $"Ferry to Rosslare {Unique.Letters()}"[..30];
        var customer = TestData.UniqueEmail("nadia");
        var conversation = await nodes.ReceiveEmailAsync(nodes.First, customer, subject, "Is the 09:00 sailing on time?");
        var page = await TwoNodesBehindNginx.SignInAsync(rapport.Browser, nodes.StickyUrl, "agent@rapport.demo");
        // What the banner said while the page was without its node, kept across the reload that follows.
        await page.AddInitScriptAsync("""
            new MutationObserver(() => {
                const said = document.getElementById("components-reconnect-text")?.textContent;
                if (document.documentElement.dataset.live && said) {
                    sessionStorage.setItem("said", (sessionStorage.getItem("said") ?? "") + said + "\n");
                }
            }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-live"] });
            """);
        var here = nodes.NodeOf(await page.GotoAsync($"/conversations/{conversation}"));
        await RapportFixture.Interactive(page);
        var indicator = page.Locator(".live-indicator");
        await Expect(indicator).ToContainTextAsync("Live:");
        const string draft = "Dear guest, the 09:00 sails on time";
        var box = page.GetByLabel("Your message");
        await box.PressSequentiallyAsync(draft);
        // The node dies after the draft is in the box and in the browser's storage, not between two keystrokes.
        await Expect(box).ToHaveValueAsync(draft);
        await page.WaitForFunctionAsync("text => Object.keys(localStorage).some(k => k.startsWith('rapport.draft.') && localStorage.getItem(k) === text)", draft);

        await here.KillAsync();

        await Expect(indicator.Locator(".live-on")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await RapportFixture.Interactive(page);
        await Expect(indicator).ToContainTextAsync("Live:");
        await Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
        await Expect(page.GetByLabel("Your message")).ToHaveValueAsync(draft);
        var said = await page.EvaluateAsync<string>("() => sessionStorage.getItem('said') ?? ''");
        Assert.Contains("Connection to the server lost", said, StringComparison.Ordinal);

        // Live again, on the node that is left: a message it takes in appears without a reload.
        await page.EvaluateAsync("() => window.rapportNotReloaded = true");
        var survivor = nodes.Other(here);
        await nodes.ReceiveEmailAsync(survivor, customer, subject, "And is there a café on board?", conversation);
        await Expect(page.Locator(".message-text", new() { HasText = "And is there a café on board?" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.rapportNotReloaded === true"), "The page reloaded to show the message.");
        await page.Context.CloseAsync();
    }

    /// <summary>Waits until a node has fetched the email from its mailbox; returns its message and the attachment's download URL.</summary>
    private static async Task<(Guid Message, string Attachment)> StoredAsync(HttpClient api, string subject)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var inbox = JsonDocument.Parse(await api.GetStringAsync("/api/v1/conversations?limit=50"));
            var found = inbox.RootElement.GetProperty("items").EnumerateArray()
                .FirstOrDefault(c => c.GetProperty("subject").GetString() == subject);
            if (found.ValueKind == JsonValueKind.Object)
            {
                using var conversation = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/conversations/{found.GetProperty("id").GetGuid()}"));
                var message = conversation.RootElement.GetProperty("messages").EnumerateArray().Single();
                Assert.True(message.GetProperty("hasRaw").GetBoolean());
                var attachment = message.GetProperty("attachments").EnumerateArray().Single();
                return (message.GetProperty("id").GetGuid(), attachment.GetProperty("downloadUrl").GetString()!);
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"No node took in the email \"{subject}\" from its mailbox within 60 s.");
    }

    private async Task<RapportNode> DownloadAsync(HttpClient proxied, string url, byte[] expected)
    {
        using var response = await proxied.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}");
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
        return nodes.NodeAt(string.Join(",", response.Headers.GetValues(TwoNodesBehindNginx.NodeHeader)));
    }
}
