using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Telephone;
using Rapport.Features.Identity;
using Rapport.IntegrationTests.Channels.Messaging;

namespace Rapport.IntegrationTests.Channels.Telephone;

/// <summary>
/// Calls and video meetings are messages with their details beside them: logged by agents in a conversation or with a
/// customer, filled from Twilio's voice and recording callbacks, asked for recording consent when the settings say the
/// call is recorded or monitored, and hidden exactly as their conversation is.
/// </summary>
public abstract class CallTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IAsyncLifetime where TFactory : RapportFactory
{
    private const string Wording = "This call is recorded for training. Is that all right?";
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);
    private readonly HttpClient provider = app.ClientAs(null);

    // Replies go to a closed local port: nothing leaves the machine, and the outbox item shows the reply took the normal path.
    public async Task InitializeAsync() => await CorpusAccounts.ConnectAsync(admin, "http://127.0.0.1:9");

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<JsonNode> SettingsAsync(bool recordInbound, string? template = null) =>
        admin.PutAsync("/api/v1/calls/settings", Requests.JsonBody(new
        {
            inboundPhone = new { recorded = recordInbound, monitored = false },
            outboundPhone = new { recorded = false, monitored = recordInbound },
            video = new { recorded = false, monitored = false },
            consentWording = Wording,
            videoMeetingTemplate = template,
        })).ContinueWith(t => t.Result.ExpectAsync(HttpStatusCode.OK)).Unwrap();

    [Fact]
    public async Task A_call_logged_with_an_idempotency_key_is_logged_once_and_the_retry_answers_the_same_call()
    {
        await SettingsAsync(recordInbound: false);
        var email = await Inbound.AnEmail().Subject("Lost key card").Text("My key card stopped working.").ReceiveAsync(admin);
        var key = Guid.NewGuid().ToString();
        var body = new { direction = "inbound", outcome = "answered", notes = "Guest asked for a new key card; sent to reception." };

        var first = await (await agent.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{email.ConversationId()}/calls", Requests.JsonBody(body),
            h => h.Add("Idempotency-Key", key))).ExpectAsync(HttpStatusCode.Created);
        var retry = await (await agent.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{email.ConversationId()}/calls", Requests.JsonBody(body),
            h => h.Add("Idempotency-Key", key))).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(first.Id(), retry.Id());
        var listed = await (await agent.GetAsync($"/api/v1/conversations/{email.ConversationId()}/calls")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first.Id(), Assert.Single(listed.AsArray())!.Id());
    }

    [Fact]
    public async Task A_call_logged_in_an_email_conversation_joins_it_with_its_details_and_its_notes_are_the_message()
    {
        await SettingsAsync(recordInbound: false);
        var email = await Inbound.AnEmail().Subject("Broken boiler").Text("It stopped.").ReceiveAsync(admin);
        var call = await (await agent.PostAsync($"/api/v1/conversations/{email.ConversationId()}/calls", Requests.JsonBody(new
        {
            direction = "outbound",
            outcome = "answered",
            number = "07700 900123",
            durationSeconds = 184,
            notes = "Talked through the reset. I will call you back tomorrow at 10:00.",
        }))).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(("outbound", "answered", "+447700900123", 184), (call.Str("direction"), call.Str("outcome"), call.Str("to"), call["durationSeconds"]!.GetValue<int>()));
        Assert.Equal(email.ConversationId(), call.Str("conversationId"));
        Assert.Equal("Outbound call · answered · 3 min 4 s", call.Str("summary"));
        var conversation = await (await agent.GetAsync($"/api/v1/conversations/{email.ConversationId()}")).ExpectAsync(HttpStatusCode.OK);
        var message = conversation["messages"]!.AsArray().Single(m => m!.Id() == call.Str("messageId"))!;
        Assert.Equal(("phone", "Outbound call · answered · 3 min 4 s"), (message.Str("channel"), message.Str("subject")));
        Assert.StartsWith("Talked through the reset.", message.Str("text"), StringComparison.Ordinal);
        var listed = await (await agent.GetAsync($"/api/v1/conversations/{email.ConversationId()}/calls")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(call.Id(), Assert.Single(listed.AsArray())!.Id());
        var timeline = await (await agent.GetAsync($"/api/v1/customers/{email.CustomerId()}/timeline")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(timeline["items"]!.AsArray(), m => m!.Id() == call.Str("messageId"));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "call.added" && a.SubjectId == call.Id())));
    }

    [Fact]
    public async Task A_call_logged_from_the_customer_page_starts_a_phone_conversation_linked_to_the_case_given()
    {
        await SettingsAsync(recordInbound: false);
        var customer = await Build.ACustomer().WithPhone(CustomerBuilder.UniqueUkPhone()).CreateAsync(admin);
        var theCase = (await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = customer.Id(), title = "Boiler" }))).ExpectAsync(HttpStatusCode.Created))["case"]!;
        var call = await (await agent.PostAsync($"/api/v1/customers/{customer.Id()}/calls", Requests.JsonBody(new
        {
            direction = "inbound",
            outcome = "answered",
            notes = "Asked about the engineer visit.",
            caseId = theCase.Id(),
        }))).ExpectAsync(HttpStatusCode.Created);

        var conversation = await (await agent.GetAsync($"/api/v1/conversations/{call.Str("conversationId")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("phone", customer.Id()), (conversation["conversation"]!.Str("lastChannel"), conversation["conversation"]!.Str("customerId")));
        Assert.Equal(customer["contactPoints"]!.AsArray()[0]!.Str("normalized"), call.Str("from"));
        var linked = await (await agent.GetAsync($"/api/v1/cases/{theCase.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(linked["conversations"]!.AsArray(), c => c!.Id() == call.Str("conversationId"));
        Assert.Contains((await (await agent.GetAsync($"/api/v1/customers/{customer.Id()}/calls")).ExpectAsync(HttpStatusCode.OK)).AsArray(), c => c!.Id() == call.Id());
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_writes_nothing()
    {
        await SettingsAsync(recordInbound: true);
        var customer = await Build.ACustomer().CreateAsync(admin);
        var before = await app.WithDbAsync(db => db.Set<CallRecord>().CountAsync());
        var url = $"/api/v1/customers/{customer.Id()}/calls";

        await (await agent.PostAsync(url, Requests.JsonBody(new { outcome = "answered" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "direction");
        await (await agent.PostAsync(url, Requests.JsonBody(new { direction = "inbound", outcome = "answered" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "consent");
        await (await agent.PostAsync(url, Requests.JsonBody(new { direction = "inbound", outcome = "answered", consent = new { answer = "notAsked" } })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "consent.notAskedReason");
        await (await agent.PostAsync(url, Requests.JsonBody(new { direction = "outbound", outcome = "answered", number = "not a number", consent = new { answer = "agreed" } })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "number");
        await (await agent.PostAsync(url, Requests.JsonBody(new { direction = "outbound", outcome = "offered", consent = new { answer = "agreed" } })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "outcome");
        await (await agent.PostAsync(url, Requests.JsonBody(new { direction = "inbound", outcome = "answered", caseId = Guid.NewGuid(), consent = new { answer = "agreed" } })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "caseId");
        await (await agent.PostAsync($"/api/v1/customers/{Guid.NewGuid()}/calls", Requests.JsonBody(new { direction = "inbound", outcome = "answered" })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await app.WithDbAsync(db => db.Set<CallRecord>().CountAsync()));
        Assert.Empty((await (await agent.GetAsync($"/api/v1/customers/{customer.Id()}/calls")).ExpectAsync(HttpStatusCode.OK)).AsArray());
    }

    [Fact]
    public async Task On_a_recorded_call_type_the_answer_is_stored_with_the_wording_and_a_refusal_turns_recording_off()
    {
        await SettingsAsync(recordInbound: true);
        var customer = await Build.ACustomer().WithPhone(CustomerBuilder.UniqueUkPhone()).CreateAsync(admin);
        var url = $"/api/v1/customers/{customer.Id()}/calls";

        await (await agent.PostAsync(url, Requests.JsonBody(new
        {
            direction = "inbound",
            outcome = "answered",
            recordingUrl = "https://recordings.example/1",
            consent = new { answer = "refused" },
        }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "recordingUrl");
        var refused = await (await agent.PostAsync(url, Requests.JsonBody(new { direction = "inbound", outcome = "answered", consent = new { answer = "refused" } })))
            .ExpectAsync(HttpStatusCode.Created);
        var agreed = await (await agent.PostAsync(url, Requests.JsonBody(new
        {
            direction = "inbound",
            outcome = "answered",
            recordingUrl = "https://recordings.example/2",
            consent = new { answer = "agreed" },
        }))).ExpectAsync(HttpStatusCode.Created);
        var notAsked = await (await agent.PostAsync(url, Requests.JsonBody(new
        {
            direction = "outbound",
            outcome = "voicemail",
            consent = new { answer = "notAsked", notAskedReason = "Voicemail: nobody to ask" },
        }))).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(("refused", Wording, false), (refused.Str("consent"), refused.Str("consentWording"), refused["recorded"]!.GetValue<bool>()));
        Assert.Contains("recording consent: refused", refused.Str("summary"), StringComparison.Ordinal);
        Assert.Equal(("agreed", true, "kept"), (agreed.Str("consent"), agreed["recorded"]!.GetValue<bool>(), agreed.Str("recording")));
        Assert.Equal(("notAsked", "Voicemail: nobody to ask", true), (notAsked.Str("consent"), notAsked.Str("consentNotAskedReason"), notAsked["monitored"]!.GetValue<bool>()));
        var timeline = await (await agent.GetAsync($"/api/v1/customers/{customer.Id()}/timeline")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(timeline["items"]!.AsArray(), m => m!.Str("subject").Contains("recording consent: refused", StringComparison.Ordinal));

        const string period = "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";
        var report = await (await admin.GetAsync($"/api/v1/calls/consent-report?{period}")).ExpectAsync(HttpStatusCode.OK);
        var inbound = report["rows"]!.AsArray().Single(r => r!.Str("type") == "inboundPhone")!;
        Assert.True(inbound["refused"]!.GetValue<int>() >= 1 && inbound["agreed"]!.GetValue<int>() >= 1);
        var csv = await (await admin.GetAsync($"/api/v1/calls/consent-report?format=csv&{period}")).Content.ReadAsStringAsync();
        Assert.StartsWith("type,agreed,refused,notAsked,none,recordingsAgainstRefusal\ninboundPhone,", csv, StringComparison.Ordinal);
        await (await agent.GetAsync($"/api/v1/calls/consent-report?{period}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.GetAsync("/api/v1/calls/consent-report?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")).ExpectProblemAsync(HttpStatusCode.BadRequest, "to");
    }

    [Fact]
    public async Task Someone_who_may_not_see_the_conversation_gets_404_for_its_calls_and_writes_none()
    {
        await SettingsAsync(recordInbound: false);
        var outsiderUser = await app.CreateStaffAsync(Roles.Agent);
        var outsider = app.ClientWithToken(await app.IssueTokenAsync(outsiderUser.Id, "calls outsider"));
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = "Fraud " + Guid.NewGuid().ToString("N")[..8], restricted = true })))
            .ExpectAsync(HttpStatusCode.Created);
        var email = await Inbound.AnEmail().Subject("Fraud").Text("Card stolen").ReceiveAsync(admin);
        await (await admin.PostAsync($"/api/v1/conversations/{email.ConversationId()}/assign", Requests.JsonBody(new { assigneeId = (Guid?)null, teamId = team.Id() })))
            .ExpectAsync(HttpStatusCode.OK);
        var call = await (await admin.PostAsync($"/api/v1/conversations/{email.ConversationId()}/calls", Requests.JsonBody(new { direction = "inbound", outcome = "answered", notes = "secret" })))
            .ExpectAsync(HttpStatusCode.Created);
        var before = await app.WithDbAsync(db => db.Set<CallRecord>().CountAsync());

        await (await outsider.GetAsync($"/api/v1/conversations/{email.ConversationId()}/calls")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PostAsync($"/api/v1/conversations/{email.ConversationId()}/calls", Requests.JsonBody(new { direction = "inbound", outcome = "answered" })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PostAsync($"/api/v1/conversations/{email.ConversationId()}/video-meetings", Requests.JsonBody(new { }))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/v1/calls/{call.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PostAsync($"/api/v1/calls/{call.Id()}/consent", Requests.JsonBody(new { answer = "agreed" }))).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await (await outsider.GetAsync($"/api/v1/customers/{email.CustomerId()}/calls")).ExpectAsync(HttpStatusCode.OK)).AsArray(),
            c => c!.Id() == call.Id());

        Assert.Equal(before, await app.WithDbAsync(db => db.Set<CallRecord>().CountAsync()));
        await (await admin.GetAsync($"/api/v1/calls/{call.Id()}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Twilio_voice_and_recording_callbacks_fill_one_call_and_a_refusal_flags_the_recording()
    {
        await SettingsAsync(recordInbound: true);
        Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(ProviderWebhooks.Request("twilio/voice-call-status-completed.case.json"))).StatusCode);
        await provider.SendAsync(ProviderWebhooks.Request("twilio/voice-call-status-completed.case.json"));
        await app.ProcessedAsync();
        var message = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId == "CA7b810266248bdfda6ab66f956c264d20"));
        var call = Assert.Single((await (await agent.GetAsync($"/api/v1/conversations/{message.ConversationId}/calls")).ExpectAsync(HttpStatusCode.OK)).AsArray())!;
        Assert.Equal(("inbound", "+447700900123", "+442079460000", "answered", 184), (call.Str("direction"), call.Str("from"), call.Str("to"), call.Str("outcome"),
            call["durationSeconds"]!.GetValue<int>()));
        Assert.Equal(new DateTime(2025, 7, 15, 13, 29, 06, DateTimeKind.Utc), call["startedAt"]!.GetValue<DateTime>());

        // The agent on the call records the customer's refusal; the recording arrives afterwards.
        var answered = await (await agent.PostAsync($"/api/v1/calls/{call.Id()}/consent", Requests.JsonBody(new { answer = "refused" }))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("refused", Wording), (answered.Str("consent"), answered.Str("consentWording")));
        Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(ProviderWebhooks.Request("twilio/voice-recording-status-completed.case.json"))).StatusCode);
        await app.ProcessedAsync();

        var after = await (await agent.GetAsync($"/api/v1/calls/{call.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("againstRefusal", "https://api.twilio.com/2010-04-01/Accounts/AC616ac0a33f011e84076f507c4c2f6bcb/Recordings/REcec1fab7d2a96ed97cd91b08f5698f74"),
            (after.Str("recording"), after.Str("recordingUrl")));
        var recording = await app.WithDbAsync(db => db.Messages.SingleAsync(m => m.ProviderMessageId!.StartsWith("CA7b810266248bdfda6ab66f956c264d20#RE")));
        Assert.StartsWith("Recorded against the customer's refusal", recording.ParseWarning, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<CallRecord>().CountAsync(c => c.ProviderCallId == "CA7b810266248bdfda6ab66f956c264d20")));
        var notes = await app.WithDbAsync(db => db.Messages.Where(m => m.ConversationId == message.ConversationId && m.Text.StartsWith("Recording consent")).ToListAsync());
        Assert.Contains("refused", Assert.Single(notes).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_video_meeting_link_of_its_own_goes_to_the_customer_through_the_reply_path_and_onto_the_timeline()
    {
        await SettingsAsync(recordInbound: false);
        await (await admin.PutAsync("/api/v1/calls/settings", Requests.JsonBody(new
        {
            inboundPhone = new { recorded = false, monitored = false },
            outboundPhone = new { recorded = false, monitored = false },
            video = new { recorded = false, monitored = false },
            consentWording = Wording,
            videoMeetingTemplate = "http://meet.example/{{ id }}",
        }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "videoMeetingTemplate");
        // An SMS conversation: the link goes out through the Twilio account the recorded cases were signed for.
        var email = await Inbound.AnSms(CustomerBuilder.UniqueUkPhone()).Text("Can we talk on video?").ReceiveAsync(admin);
        await (await agent.PostAsync($"/api/v1/conversations/{email.ConversationId()}/video-meetings", Requests.JsonBody(new { })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "videoMeetingTemplate");
        await SettingsAsync(recordInbound: false, template: "https://meet.jit.si/rapport-{{ id }}");

        var first = await (await agent.PostAsync($"/api/v1/conversations/{email.ConversationId()}/video-meetings", Requests.JsonBody(new { message = "Let's look at it together:" })))
            .ExpectAsync(HttpStatusCode.Accepted);
        var second = await (await agent.PostAsync($"/api/v1/conversations/{email.ConversationId()}/video-meetings", Requests.JsonBody(new { })))
            .ExpectAsync(HttpStatusCode.Accepted);

        Assert.Matches("^https://meet\\.jit\\.si/rapport-[a-z2-9]{16}$", first.Str("meetingUrl"));
        Assert.NotEqual(first.Str("meetingUrl"), second.Str("meetingUrl"));
        Assert.Equal(("video", "offered"), (first.Str("kind"), first.Str("outcome")));
        var conversation = await (await agent.GetAsync($"/api/v1/conversations/{email.ConversationId()}")).ExpectAsync(HttpStatusCode.OK);
        var messages = conversation["messages"]!.AsArray();
        var reply = messages.Single(m => m!.Str("direction") == "outbound" && m!.Str("text").Contains(first.Str("meetingUrl"), StringComparison.Ordinal))!;
        Assert.Equal(("sms", "Let's look at it together:\n" + first.Str("meetingUrl")), (reply.Str("channel"), reply.Str("text")));
        Assert.True(await app.WithDbAsync(db => db.OutboxItems.AnyAsync(o => o.SubjectId == Guid.Parse(reply.Id()))));
        Assert.Contains(messages, m => m!.Str("channel") == "video" && m!.Str("subject") == "Video meeting offered");
        var timeline = await (await agent.GetAsync($"/api/v1/customers/{email.CustomerId()}/timeline")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(timeline["items"]!.AsArray(), m => m!.Str("channel") == "video");
    }
}

public sealed class CallTestsOnSqlite(SqliteRapportFactory app) : CallTests<SqliteRapportFactory>(app);

public sealed class CallTestsOnPostgres(PostgresRapportFactory app) : CallTests<PostgresRapportFactory>(app);
