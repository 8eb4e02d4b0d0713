using System.IO.Compression;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Privacy;

[Collection(RapportCollection.Name)]
public sealed class SubjectAccessExportTests(RapportFixture rapport)
{
    [Fact]
    public async Task An_administrator_downloads_the_subject_access_export_from_the_customer_page()
    {
        var page = await rapport.SignInAsync("admin@rapport.demo");
        var name = TestData.UniqueName("Petra", "Export");
        var id = await TestData.CreateCustomerAsync(page, new { name });
        await RapportFixture.GoAsync(page, $"/customers/{id}");
        var button = page.GetByRole(AriaRole.Link, new() { Name = "Subject-access export" });
        await Expect(button).ToBeVisibleAsync();
        await RapportFixture.ScreenshotAsync(page, "subject-access-export");

        var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync());

        Assert.Equal($"subject-access-{id}.zip", download.SuggestedFilename);
        using var zip = new ZipArchive(File.OpenRead(await download.PathAsync()));
        Assert.Contains(zip.Entries, e => e.FullName == "report.html");
        using var data = new StreamReader(zip.GetEntry("data.json")!.Open());
        Assert.Contains(name, await data.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_is_not_offered_the_export()
    {
        var page = await rapport.SignInAsync("agent@rapport.demo");
        var id = await TestData.CreateCustomerAsync(page, new { name = TestData.UniqueName("Otto", "Agentview") });
        await RapportFixture.GoAsync(page, $"/customers/{id}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Subject-access export" })).ToHaveCountAsync(0);
    }
}
