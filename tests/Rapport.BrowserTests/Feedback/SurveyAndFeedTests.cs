using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Feedback;

/// <summary>
/// A customer answers the survey that followed their resolved case on a phone-sized screen, by keyboard, with no
/// serious or critical WCAG 2.2 AA violation; the answer then shows in the agents' feedback feed beside feedback logged by hand.
/// </summary>
[Collection(RapportCollection.Name)]
public sealed partial class SurveyAndFeedTests(RapportFixture rapport)
{
    private static readonly List<string> Wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    [Fact]
    public async Task A_customer_answers_the_survey_on_a_phone_and_the_answer_reaches_the_feedback_feed()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        await TestData.CreateMailboxAsync(admin, "surveys");
        var conversation = await TestData.ReceiveEmailAsync(admin, $"Room change {Unique.Letters()}", "Could I move to a quieter room?");
        var customer = (await JsonAsync(admin, $"/api/v1/conversations/{conversation}")).GetProperty("conversation").GetProperty("customerId").GetString();
        await Ok(TestData.PostAsync(admin, $"/api/v1/customers/{customer}/consents", new { purpose = "surveys", decision = "given", basis = "consent", source = "call", wording = "Happy to be asked how we did." }));
        var opened = await TestData.PostAsync(admin, "/api/v1/cases", new { conversationId = conversation, title = "Quieter room" });
        var caseId = JsonDocument.Parse(await opened.TextAsync()).RootElement.GetProperty("case").GetProperty("id").GetString();
        await Ok(TestData.PostAsync(admin, $"/api/v1/cases/{caseId}/status", new { status = "resolved" }));
        var link = await SurveyLinkAsync(admin, caseId!, conversation);
        await admin.Context.CloseAsync();

        var phone = await rapport.Browser.NewContextAsync(new()
        {
            BaseURL = rapport.BaseUrl,
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var page = await phone.NewPageAsync();
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "How did we do?" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { NameRegex = new Regex("How satisfied are you") })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The survey scrolls sideways on a phone");
        await AssertAxeCleanAsync(page, "survey");
        await ScreenshotAsync(page, "survey-phone");

        // By keyboard: the first choice, then the arrow keys move along the scale.
        await page.GetByRole(AriaRole.Radio, new() { Name = "1 (very dissatisfied)" }).FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "4", Exact = true })).ToBeCheckedAsync();
        var comment = $"Lovely quiet room {Unique.Letters()}";
        await page.GetByLabel("Anything you would like to tell us? (optional)").FillAsync(comment);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answer" }).PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "survey-phone-thanks");
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Already answered" })).ToBeVisibleAsync();
        await phone.CloseAsync();

        var agent = await rapport.SignInAsync("agent@rapport.demo");
        await RapportFixture.GoAsync(agent, "/feedback");
        var feed = agent.GetByTestId("feedback-feed");
        await Expect(feed.GetByTestId("feedback-item").Filter(new() { HasText = comment })).ToContainTextAsync("4 on Satisfaction (1–5)");
        var said = $"The new lobby is far too cold {Unique.Letters()}";
        await agent.GetByLabel("What the customer said").FillAsync(said);
        await agent.GetByLabel("Themes (comma separated)").FillAsync("lobby temperature");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Log feedback" }).ClickAsync();
        await Expect(feed.GetByTestId("feedback-item").First).ToContainTextAsync(said);
        await Expect(agent.GetByTestId("feedback-themes")).ToContainTextAsync("lobby temperature");
        await AssertAxeCleanAsync(agent, "feedback-feed");
        await ScreenshotAsync(agent, "feedback-feed");

        await RapportFixture.GoAsync(agent, $"/cases/{caseId}");
        await Expect(agent.GetByTestId("case-survey")).ToContainTextAsync("Answered");
        await agent.Context.CloseAsync();
    }

    /// <summary>The survey link in the message sent on the conversation, once the sender has decided (it runs in the background).</summary>
    private static async Task<string> SurveyLinkAsync(IPage admin, string caseId, Guid conversation)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var surveys = (await JsonAsync(admin, $"/api/v1/cases/{caseId}/surveys")).GetProperty("surveys");
            if (surveys.GetArrayLength() > 0 && surveys[0].GetProperty("status").GetString() is { } status && status != "due")
            {
                Assert.True(status == "sent", $"The survey was not sent: {surveys[0]}");
                var text = await (await TestData.GetAsync(admin, $"/api/v1/conversations/{conversation}")).TextAsync();
                // The conversation's preview cuts the message short: the whole link is the longest match.
                return Link().Matches(text).Select(m => m.Value).MaxBy(v => v.Length) ?? throw new InvalidOperationException("No survey link in the conversation.");
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("No survey was decided within 30 s of resolving the case.");
    }

    private static async Task<JsonElement> JsonAsync(IPage page, string url)
    {
        var response = await TestData.GetAsync(page, url);
        Assert.True(response.Ok, $"{url}: {response.Status}");
        return JsonDocument.Parse(await response.TextAsync()).RootElement.Clone();
    }

    private static async Task Ok(Task<IAPIResponse> sending)
    {
        var response = await sending;
        Assert.True(response.Ok, $"{response.Url}: {response.Status} {await response.TextAsync()}");
    }

    private static async Task AssertAxeCleanAsync(IPage page, string screen)
    {
        await RapportFixture.SettledAsync(page);
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = Wcag } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{screen}: {v.Id} {v.Help}: {string.Join(" | ", v.Nodes.Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (RapportFixture.ScreenshotDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"{name}.png"), FullPage = true });
        }
    }

    [GeneratedRegex(@"/survey/[A-Za-z0-9_\-]+")]
    private static partial Regex Link();
}
