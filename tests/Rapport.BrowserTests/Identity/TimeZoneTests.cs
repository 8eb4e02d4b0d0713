using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Identity;

/// <summary>
/// A person in New York chooses their zone on "My time zone": the customer timeline and the notification bell then show
/// times in New York time with the zone named (GMT-5, or GMT-4 in summer), and the bell shows no raw ISO instant
/// (a promise reminder's text stores "due 2026-12-05 14:03:00Z"). Someone new, so the demo people keep the organisation's zone.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed partial class TimeZoneTests(RapportFixture rapport)
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")]
    private static partial Regex IsoInstant();

    [Fact]
    public async Task Times_show_in_the_zone_the_person_chose_with_the_zone_named()
    {
        var letters = Unique.Letters()[..8];
        var email = $"nia.{letters}@rapport.test";
        const string Password = "a long enough passphrase";
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var created = await TestData.PostAsync(admin, "/api/v1/users", new { email, displayName = $"Nia {letters}", role = "Agent", password = Password });
        Assert.True(created.Ok, await created.TextAsync());
        await admin.Context.CloseAsync();

        var page = await rapport.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/inbox");
        TestData.SignedIn(page.Context, () => rapport.TokenAsync(email));

        await RapportFixture.GoAsync(page, "/account/preferences");
        await Expect(page.GetByTestId("time-zone-now")).ToContainTextAsync("(the organisation's)");
        await page.GetByLabel("Time zone", new() { Exact = true }).SelectOptionAsync("America/New_York");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved:" })).ToContainTextAsync("Saved: times are shown in America/New_York.");
        await Expect(page.GetByTestId("time-zone-now")).ToContainTextAsync("Times are shown in America/New_York");
        await RapportFixture.ScreenshotAsync(page, "my-time-zone");

        // A promise due in 12 seconds: the sweep (every 5 s here, RapportFixture) reminds its owner halfway there (or, if
        // late, says it is overdue) with the due time written into the notification's text.
        var name = TestData.UniqueName("Nora", "Zone");
        var customer = await TestData.CreateCustomerAsync(page, new { name });
        var promise = await TestData.PostAsync(page, "/api/v1/promises", new { customerId = customer, what = "Ring back about the boiler", dueAt = DateTimeOffset.UtcNow.AddSeconds(12) });
        Assert.True(promise.Ok, await promise.TextAsync());
        using var made = JsonDocument.Parse(await promise.TextAsync());
        var dueUtc = made.RootElement.GetProperty("dueAt").GetDateTime().ToUniversalTime();
        Assert.EndsWith("Z", made.RootElement.GetProperty("dueAt").GetString(), StringComparison.Ordinal); // the API stays UTC

        await RapportFixture.GoAsync(page, $"/customers/{customer}");
        var time = page.GetByRole(AriaRole.List, new() { Name = "Timeline" }).Locator("> li").First.Locator("time.local-time");
        var at = DateTime.Parse(await time.GetAttributeAsync("datetime") ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        await Expect(time).ToHaveTextAsync(InNewYork(at));
        await Expect(time).ToHaveAttributeAsync("title", new Regex("UTC · America/New_York$"));

        var bell = page.Locator("button[aria-label^='Notifications, ']").Locator("visible=true").First;
        await Expect(bell).ToHaveAttributeAsync("aria-label", new Regex("Notifications, [1-9]"), new() { Timeout = 60_000 });
        await bell.ClickAsync();
        var reminder = page.Locator(".notification-unread").Filter(new() { HasText = "Ring back about the boiler" }).First;
        await Expect(reminder).ToContainTextAsync($"Your promise to {name} is ");
        await Expect(reminder).ToContainTextAsync($"due {InNewYork(dueUtc)}");
        await RapportFixture.ScreenshotAsync(page, "notification-in-new-york-time");
        var menu = string.Join("\n", await reminder.Locator("xpath=ancestor::*[contains(@class,'mud-popover')][1]").AllInnerTextsAsync());
        Assert.DoesNotMatch(IsoInstant(), menu);
        Assert.Contains(NewYork.IsDaylightSavingTime(dueUtc) ? "GMT-4" : "GMT-5", menu, StringComparison.Ordinal);
    }

    private static string InNewYork(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, NewYork);
        var offset = NewYork.GetUtcOffset(utc).Hours;
        return $"{local.ToString("d MMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB"))} GMT{offset}";
    }
}
