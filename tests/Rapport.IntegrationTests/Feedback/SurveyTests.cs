using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Feedback;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Feedback;

/// <summary>
/// Surveys after resolution (C24): sent only with the customer's consent to surveys and never twice within the quiet
/// period, each reason for not sending recorded on the case; the public page takes one answer per link and refuses
/// reused, tampered and expired links with a page that says so.
/// </summary>
public abstract partial class SurveyTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);
    private readonly HttpClient anonymous = app.ClientAs(null);

    [Fact]
    public async Task A_survey_goes_only_with_consent_and_not_twice_within_the_quiet_period()
    {
        var (caseId, customerId) = await ResolvableCaseAsync();

        var first = await ResolveAndDecideAsync(caseId);
        Assert.Equal("notSent", first.Str("status"));
        Assert.Contains("not given consent to surveys", first.Str("reason"), StringComparison.Ordinal);
        Assert.Null(first["messageId"]);

        await GiveSurveyConsentAsync(customerId);
        var second = await ResolveAndDecideAsync(caseId);
        Assert.Equal("sent", second.Str("status"));
        Assert.Equal("email", second.Str("channel"));
        Assert.Equal("csat", second.Str("kind"));
        var link = await SurveyLinkAsync(Guid.Parse(caseId));
        Assert.StartsWith(ProviderStandIn.PublicUrl + "/survey/", link, StringComparison.Ordinal);

        var third = await ResolveAndDecideAsync(caseId);
        Assert.Equal("notSent", third.Str("status"));
        Assert.Contains("none is sent within 30 days", third.Str("reason"), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal("sent", (await ResolveAndDecideAsync(caseId)).Str("status"));
        var surveys = await CaseSurveysAsync(caseId);
        Assert.Equal(["sent", "notSent", "sent", "notSent"], surveys.Select(s => s!.Str("status")));
        Assert.Equal(2, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.Text.Contains("/survey/") && m.CustomerId == Guid.Parse(customerId))));
    }

    [Fact]
    public async Task Without_a_channel_to_answer_on_no_survey_is_sent_and_the_case_says_why()
    {
        var customer = await Build.ACustomer().WithEmail(CustomerBuilder.UniqueEmail()).CreateAsync(agent);
        await GiveSurveyConsentAsync(customer.Id());
        var opened = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = customer.Id(), title = "Opening hours" })))
            .ExpectAsync(HttpStatusCode.Created);

        var decided = await ResolveAndDecideAsync(opened["case"]!.Id());

        Assert.Equal("notSent", decided.Str("status"));
        Assert.Contains("No channel reaches the customer", decided.Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_survey_page_takes_one_answer_and_refuses_reused_tampered_and_expired_links()
    {
        var (caseId, customerId) = await ResolvableCaseAsync();
        await GiveSurveyConsentAsync(customerId);
        Assert.Equal("sent", (await ResolveAndDecideAsync(caseId)).Str("status"));
        var path = new Uri(await SurveyLinkAsync(Guid.Parse(caseId))).AbsolutePath;

        var page = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<legend>How satisfied are you", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"comment\"", html, StringComparison.Ordinal);

        var token = path["/survey/".Length..];
        var tampered = "/survey/" + token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        var refused = await Answer(tampered, "5", "Tampered");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("This link does not work", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var outOfRange = await Answer(path, "9", "");
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Contains("from 1 to 5", await outOfRange.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var comment = $"Quick and kind {Unique.Letters()}";
        var thanked = await Answer(path, "4", comment);
        Assert.Equal(HttpStatusCode.OK, thanked.StatusCode);
        Assert.Contains("Thank you for your answer", await thanked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var reused = await Answer(path, "1", "Changed my mind");
        Assert.Equal(HttpStatusCode.Gone, reused.StatusCode);
        Assert.Contains("already been answered", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.GetAsync(path)).StatusCode);

        var feedback = await (await admin.GetAsync($"/api/v1/feedback?caseId={caseId}")).ExpectAsync(HttpStatusCode.OK);
        var answer = Assert.Single(feedback["items"]!.AsArray())!;
        Assert.Equal("survey", answer.Str("source"));
        Assert.Equal(4, answer["score"]!.GetValue<int>());
        Assert.Equal("positive", answer.Str("rating"));
        Assert.Equal(comment, answer.Str("text"));
        Assert.Equal(customerId, answer.Str("customerId"));
        Assert.Equal(await OwnerOfAsync(caseId), answer.Str("agentId"));
        var answered = (await CaseSurveysAsync(caseId))[0]!;
        Assert.Equal("answered", answered.Str("status"));
        Assert.Equal(4, answered["score"]!.GetValue<int>());

        // Another customer's link, left until it expired.
        var (late, lateCustomer) = await ResolvableCaseAsync();
        await GiveSurveyConsentAsync(lateCustomer);
        await ResolveAndDecideAsync(late);
        var latePath = new Uri(await SurveyLinkAsync(Guid.Parse(late))).AbsolutePath;
        app.Clock.Advance(TimeSpan.FromDays(SurveySettings.DefaultLinkDays + 1));
        var expired = await anonymous.GetAsync(latePath);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await Answer(latePath, "5", "")).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<FeedbackEntry>().CountAsync(f => f.CaseId == Guid.Parse(late))));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/survey/not-a-token")).StatusCode);
    }

    [Fact]
    public async Task Survey_settings_choose_the_survey_and_are_validated()
    {
        var settings = await (await agent.GetAsync("/api/v1/feedback/survey-settings")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(SurveySettings.DefaultQuietDays, settings["quietDays"]!.GetValue<int>());
        await (await admin.PutAsync("/api/v1/feedback/survey-settings", Requests.JsonBody(new { enabled = true, kind = "nps", askComment = true, quietDays = -1 })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "quietDays");
        await (await admin.PutAsync("/api/v1/feedback/survey-settings", Requests.JsonBody(new { enabled = true, kind = "stars", askComment = true })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.PutAsync("/api/v1/feedback/survey-settings", Requests.JsonBody(new { enabled = true, kind = "nps", askComment = true })))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<(string CaseId, string CustomerId)> ResolvableCaseAsync()
    {
        await admin.PostAsync("/api/v1/mailboxes", Requests.JsonBody(new
        {
            name = "Surveys",
            address = CustomerBuilder.UniqueEmail("help"),
            imapHost = "127.0.0.1",
            imapPort = 1,
            imapSecurity = "none",
            imapUser = "surveys",
            imapPassword = "x",
            smtpHost = "127.0.0.1",
            smtpPort = 1,
            smtpSecurity = "none",
        }));
        var received = await Inbound.AnEmail().Subject($"Booking {Unique.Letters()}").Text("Can I change my booking?").ReceiveAsync(admin);
        var owner = await (await agent.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);
        var opened = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = received.ConversationId(), title = "Change booking", ownerId = owner.Id() })))
            .ExpectAsync(HttpStatusCode.Created);
        return (opened["case"]!.Id(), received.CustomerId());
    }

    private Task GiveSurveyConsentAsync(string customerId) =>
        agent.PostAsync($"/api/v1/customers/{customerId}/consents", Requests.JsonBody(new
        {
            purpose = "surveys",
            decision = "given",
            basis = "consent",
            source = "call",
            wording = "Happy to be asked how we did.",
        })).ContinueWith(t => t.Result.ExpectAsync(HttpStatusCode.Created)).Unwrap();

    /// <summary>Resolves the case (reopening it first when it is resolved) and lets the sender decide; the newest survey.</summary>
    private async Task<JsonNode> ResolveAndDecideAsync(string caseId)
    {
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var current = await (await agent.GetAsync($"/api/v1/cases/{caseId}")).ExpectAsync(HttpStatusCode.OK);
        if (current["case"]!.Str("status") == "resolved")
        {
            await (await agent.PostAsync($"/api/v1/cases/{caseId}/status", Requests.JsonBody(new { status = "open" }))).ExpectAsync(HttpStatusCode.OK);
        }

        await (await agent.PostAsync($"/api/v1/cases/{caseId}/status", Requests.JsonBody(new { status = "resolved" }))).ExpectAsync(HttpStatusCode.OK);
        await app.Services.GetRequiredService<SurveyDispatch>().SendDueAsync(default);
        return (await CaseSurveysAsync(caseId))[0]!;
    }

    private async Task<JsonArray> CaseSurveysAsync(string caseId) =>
        (await (await agent.GetAsync($"/api/v1/cases/{caseId}/surveys")).ExpectAsync(HttpStatusCode.OK))["surveys"]!.AsArray();

    private async Task<string> OwnerOfAsync(string caseId) =>
        (await (await agent.GetAsync($"/api/v1/cases/{caseId}")).ExpectAsync(HttpStatusCode.OK))["case"]!.Str("ownerId");

    /// <summary>The link in the newest survey message of the case.</summary>
    private Task<string> SurveyLinkAsync(Guid caseId) => app.WithDbAsync(async db =>
    {
        var messageId = await db.Set<SurveyInvitation>().Where(s => s.CaseId == caseId && s.MessageId != null)
            .OrderByDescending(s => s.SentAt).Select(s => s.MessageId).FirstAsync();
        var text = await db.Messages.Where(m => m.Id == messageId).Select(m => m.Text).FirstAsync();
        return Link().Match(text).Value;
    });

    private Task<HttpResponseMessage> Answer(string path, string score, string comment) =>
        anonymous.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["score"] = score, ["comment"] = comment }));

    [GeneratedRegex(@"https?://\S+/survey/[A-Za-z0-9_\-]+")]
    private static partial Regex Link();
}

public sealed class SurveyTestsOnSqlite(SqliteRapportFactory app) : SurveyTests<SqliteRapportFactory>(app);

public sealed class SurveyTestsOnPostgres(PostgresRapportFactory app) : SurveyTests<PostgresRapportFactory>(app);
