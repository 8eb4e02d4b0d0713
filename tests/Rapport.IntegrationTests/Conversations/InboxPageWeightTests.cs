using Rapport.Features.Identity;
using Xunit.Abstractions;

namespace Rapport.IntegrationTests.Conversations;

/// <summary>
/// The signed-in inbox's HTML is sent uncompressed (it carries personal data and antiforgery tokens next to text a
/// visitor can make appear), so its size is the cold load's budget (issue 11 §8: ≤ 150 KB with the static assets).
/// With ten conversations, as the demo agent's inbox, it was 55 KB before the theme's variables and the icons' paths
/// went to cached files (app.css, icons.svg), and 3.8 KB more (demo agent) before the navigation and the rows lost
/// MudIcon's and MudLink's classes (NavEntry); 33.1 KB now. These fail if any of that comes back or the page grows.
/// </summary>
public sealed class InboxPageWeightTests(SqliteRapportFactory app, ITestOutputHelper output) : IClassFixture<SqliteRapportFactory>
{
    private const int Budget = 35 * 1024;

    [Fact]
    public async Task The_inbox_with_ten_conversations_stays_within_its_html_budget()
    {
        var service = app.ClientAs(Roles.Administrator);
        for (var i = 0; i < 10; i++)
        {
            await Inbound.AnEmail()
                .Subject($"Moving our May booking HH-4021{i} to the week after")
                .Text("Yes please, go ahead. Could you also ask for a quiet room away from the lift? We arrive late on the Friday. Thank you!")
                .ReceiveAsync(service);
        }

        var agent = await app.SignedInWithCookieAsync((await app.CreateStaffAsync(Roles.Agent)).Email!);
        using var response = await agent.GetAsync("/inbox");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10, html.Split("href=\"/conversations/").Length - 1);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(html);
        output.WriteLine($"The inbox's HTML: {bytes:N0} bytes.");
        Assert.True(bytes <= Budget, $"The inbox's HTML is {bytes:N0} bytes, over its budget of {Budget:N0}.");
        Assert.DoesNotContain("--mud-palette-primary:", html, StringComparison.Ordinal); // the theme is in app.css
        Assert.DoesNotContain("<path", html[html.IndexOf("<nav", StringComparison.Ordinal)..html.IndexOf("</nav>", StringComparison.Ordinal)],
            StringComparison.Ordinal); // the navigation's icons are in icons.svg
        Assert.Contains("<use href=\"icons.", html, StringComparison.Ordinal);
        // The navigation's entries and the rows' links and icons carry one class each, not MudBlazor's five (NavEntry).
        Assert.DoesNotContain("mud-icon-root", html[html.IndexOf("<nav", StringComparison.Ordinal)..html.IndexOf("</nav>", StringComparison.Ordinal)],
            StringComparison.Ordinal);
        Assert.DoesNotContain("mud-icon-root", html[html.IndexOf("<tbody", StringComparison.Ordinal)..html.IndexOf("</tbody>", StringComparison.Ordinal)],
            StringComparison.Ordinal);
    }
}
