using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Dashboards;

/// <summary>The dashboards page draws its charts as SVG with data points, and a chart's CSV holds the numbers of its table.</summary>
[Collection(RapportCollection.Name)]
public sealed class DashboardPageTests(RapportFixture rapport)
{
    [Fact]
    public async Task The_charts_render_and_a_downloaded_csv_holds_the_numbers_of_the_charts_table()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        await TestData.ReceiveEmailAsync(admin, $"Dashboard {Unique.Letters()}", "How many days does a refund take?");
        var rollup = await TestData.PostAsync(admin, "/api/v1/dashboards/rollup", new { });
        Assert.True(rollup.Ok, $"rollup: {rollup.Status} {await rollup.TextAsync()}");

        await RapportFixture.GoAsync(admin, "/dashboards");
        await RapportFixture.Interactive(admin);
        var channels = admin.Locator("figure[data-chart='channels']");
        await Expect(channels.Locator("svg[role='img']")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.Equal(10, await admin.Locator("figure.chart svg[role='img']").CountAsync());
        Assert.True(await channels.Locator(".chart-point").CountAsync() > 0, "the channel mix draws a bar for today's conversations");
        Assert.Contains("Channel mix", await channels.Locator("svg").GetAttributeAsync("aria-label") ?? "", StringComparison.Ordinal);
        await RapportFixture.ScreenshotAsync(admin, "dashboards");

        await channels.GetByText("Table of the numbers").ClickAsync();
        var table = channels.GetByTestId("chart-table");
        await Expect(table).ToBeVisibleAsync();
        var header = await table.Locator("thead th").AllInnerTextsAsync();
        var rows = new List<string>();
        foreach (var row in await table.Locator("tbody tr").AllAsync())
        {
            rows.Add(string.Join(",", (await row.Locator("th, td").AllInnerTextsAsync()).Select(c => c.Trim())));
        }

        var link = await admin.GetByRole(AriaRole.Link, new() { Name = "Download CSV of Channel mix" }).GetAttributeAsync("href");
        var csv = await (await admin.APIRequest.GetAsync(link!)).TextAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal(string.Join(",", ["from (UTC)", "to (UTC)", .. header.Skip(2)]), lines[0]);
        Assert.Equal(rows, lines.Skip(1));
        Assert.Contains(lines.Skip(1), l => l.Split(',').Skip(2).Any(v => v.Length > 0 && v != "0"));
        await admin.Context.CloseAsync();
    }
}
