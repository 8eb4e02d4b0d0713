using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests.Quality;

/// <summary>A supervisor scores an agent's conversation item by item; the agent reads the review, comments and acknowledges it.</summary>
[Collection(RapportCollection.Name)]
public sealed class QualityReviewTests(RapportFixture rapport)
{
    [Fact]
    public async Task A_supervisor_reviews_a_conversation_and_the_agent_acknowledges_the_review()
    {
        var admin = await rapport.SignInAsync("admin@rapport.demo");
        var conversation = await TestData.ReceiveEmailAsync(admin, $"Seat change {Unique.Letters()}", "Can I change my seat on Friday's flight?");
        await admin.Context.CloseAsync();

        var agent = await rapport.SignInAsync("agent@rapport.demo");
        using (var me = JsonDocument.Parse(await (await agent.APIRequest.GetAsync("/api/v1/users/me")).TextAsync()))
        {
            var agentId = me.RootElement.GetProperty("id").GetGuid();
            await agent.Context.CloseAsync();

            var supervisor = await rapport.SignInAsync("supervisor@rapport.demo");
            await RapportFixture.GoAsync(supervisor, $"/quality/review?conversationId={conversation}&agentId={agentId}");
            for (var i = 1; i <= 10; i++)
            {
                var item = supervisor.Locator($"fieldset.review-item[data-key='000-B{i}']");
                await item.GetByLabel(i == 8 ? "Partly" : "Met", new() { Exact = true }).CheckAsync();
            }

            await supervisor.GetByLabel("Comment on 000-B8").FillAsync("Acknowledge how the change of plan feels before the fare rules.");
            await supervisor.GetByLabel("Summary for the agent").FillAsync("Clear and friendly; a little more empathy next time.");
            await RapportFixture.ScreenshotAsync(supervisor, "quality-review-form");
            await supervisor.GetByRole(AriaRole.Button, new() { Name = "Submit review" }).ClickAsync();

            // B1–B10 weigh 1 each but empathy (B8) 2: 10 of 11 earned, the LAST items are n/a outside complaints.
            await Expect(supervisor.GetByTestId("review-score").Or(supervisor.GetByTestId("review-error"))).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await RapportFixture.ScreenshotAsync(supervisor, "quality-review-submitted");
            await Expect(supervisor.GetByTestId("review-error")).ToHaveCountAsync(0);
            await Expect(supervisor.GetByTestId("review-score")).ToHaveTextAsync("90.9%");
            await Expect(supervisor.GetByTestId("acknowledgement")).ToContainTextAsync("Not acknowledged yet");
            var reviewUrl = supervisor.Url;
            await supervisor.Context.CloseAsync();

            agent = await rapport.SignInAsync("agent@rapport.demo");
            await RapportFixture.GoAsync(agent, "/quality");
            await agent.GetByTestId("reviews").GetByRole(AriaRole.Link).First.ClickAsync();
            await agent.WaitForURLAsync(reviewUrl);
            await RapportFixture.Interactive(agent);
            await Expect(agent.GetByTestId("review-items")).ToContainTextAsync("Acknowledge how the change of plan feels");
            await agent.GetByLabel("Your comment").FillAsync("Thanks, I will slow down at that point.");
            await agent.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
            await Expect(agent.Locator(".case-note")).ToContainTextAsync("Thanks, I will slow down at that point.");
            await agent.GetByRole(AriaRole.Button, new() { Name = "Acknowledge review" }).ClickAsync();
            await Expect(agent.GetByTestId("acknowledgement")).ToContainTextAsync("Acknowledged");
            await RapportFixture.ScreenshotAsync(agent, "quality-review-acknowledged");

            var reviewId = reviewUrl[(reviewUrl.LastIndexOf('/') + 1)..];
            using var review = JsonDocument.Parse(await (await agent.APIRequest.GetAsync($"/api/v1/quality/reviews/{reviewId}")).TextAsync());
            Assert.NotEqual(JsonValueKind.Null, review.RootElement.GetProperty("acknowledgedAt").ValueKind);
            Assert.Equal(90.9, review.RootElement.GetProperty("score").GetDouble());
            await agent.Context.CloseAsync();
        }
    }
}
