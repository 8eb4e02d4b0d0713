using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Telephone;

/// <summary>
/// Calls and video meetings: logged in a conversation or with a customer (a new phone conversation), read, given the
/// customer's recording consent, offered as a video link; the recording settings and the consent report.
/// </summary>
public static class CallEndpoints
{
    public static IEndpointRouteBuilder MapCallEndpoints(this IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/api/v1/conversations/{id}").WithTags("Calls").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireVisible("conversation", "id", ConversationVisibility.CanSeeConversationAsync);
        conversations.MapGet("/calls", ListConversationCalls);
        conversations.MapPost("/calls", LogConversationCall).RequireAuthorization(Policies.WriteCustomers).Idempotent();
        conversations.MapPost("/video-meetings", OfferVideoMeeting).RequireAuthorization(Policies.WriteCustomers).Idempotent();

        var customers = app.MapGroup("/api/v1/customers/{id}").WithTags("Calls").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        customers.MapGet("/calls", ListCustomerCalls);
        customers.MapPost("/calls", LogCustomerCall).RequireAuthorization(Policies.WriteCustomers).Idempotent();

        var calls = app.MapGroup("/api/v1/calls").WithTags("Calls").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireVisible("call", "id", CallQueries.CanSeeCallAsync);
        calls.MapGet("/{id:guid}", GetCall);
        calls.MapPost("/{id:guid}/consent", AnswerConsent).RequireAuthorization(Policies.WriteCustomers);
        calls.MapGet("/settings", GetCallSettings);
        calls.MapPut("/settings", UpdateCallSettings).RequireAuthorization(Policies.Administer);
        calls.MapGet("/consent-report", ConsentReport).RequireAuthorization(Policies.ReadAccessReport).Produces<string>(200, "text/csv");
        return app;
    }

    /// <summary>The conversation's calls and video meetings, newest first.</summary>
    public static async Task<Ok<List<CallDto>>> ListConversationCalls(Guid id, CallQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await queries.ForConversationAsync(id, Viewer.Of(user), ct));

    /// <summary>
    /// Logs a call (or a video meeting held) in the conversation, whatever its channel. Consent is required when the call
    /// type is recorded or monitored. Honours Idempotency-Key.
    /// </summary>
    public static async Task<Results<Created<CallDto>, ValidationProblem, ProblemHttpResult>> LogConversationCall(Guid id, LogCallRequest request,
        CallService calls, CallQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await calls.LogInConversationAsync(id, request, user, ct) is { } call
            ? TypedResults.Created($"/api/v1/calls/{call.Id}", (await queries.GetAsync(call.Id, Viewer.Of(user) with { SeesAll = true }, ct))!)
            : Problems.NotFound("conversation", id);

    /// <summary>The customer's calls and video meetings on every conversation the caller may see, newest first.</summary>
    public static async Task<Results<Ok<List<CallDto>>, ProblemHttpResult>> ListCustomerCalls(Guid id, RapportDbContext db, CallQueries queries,
        ClaimsPrincipal user, CancellationToken ct) =>
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Customers, c => c.Id == id, ct)
            ? TypedResults.Ok(await queries.ForCustomerAsync(id, Viewer.Of(user), ct))
            : Problems.NotFound("customer", id);

    /// <summary>Logs a call with the customer in a new conversation (channel phone, or video). Honours Idempotency-Key.</summary>
    public static async Task<Results<Created<CallDto>, ValidationProblem, ProblemHttpResult>> LogCustomerCall(Guid id, LogCallRequest request,
        CallService calls, CallQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await calls.LogForCustomerAsync(id, request, user, ct) is { } call
            ? TypedResults.Created($"/api/v1/calls/{call.Id}", (await queries.GetAsync(call.Id, Viewer.Of(user) with { SeesAll = true }, ct))!)
            : Problems.NotFound("customer", id);

    /// <summary>
    /// Sends the customer a link to a video meeting of its own (from the organisation's template) on the conversation's
    /// channel, through the outbox like any reply (202); the meeting is recorded on the timeline.
    /// </summary>
    public static async Task<Results<Accepted<CallDto>, ValidationProblem, ProblemHttpResult>> OfferVideoMeeting(Guid id, OfferVideoMeetingRequest request,
        CallService calls, CallQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await calls.OfferVideoAsync(id, request, user, ct) is { } offered
            ? TypedResults.Accepted($"/api/v1/calls/{offered.Call.Id}", (await queries.GetAsync(offered.Call.Id, Viewer.Of(user) with { SeesAll = true }, ct))!)
            : Problems.NotFound("conversation", id);

    public static async Task<Results<Ok<CallDto>, ProblemHttpResult>> GetCall(Guid id, CallQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await queries.GetAsync(id, Viewer.Of(user), ct) is { } call ? TypedResults.Ok(call) : Problems.NotFound("call", id);

    /// <summary>
    /// Records the customer's answer on a call already logged (e.g. one a provider reported): a refusal turns recording off
    /// and flags a recording already made; the answer joins the conversation as a note.
    /// </summary>
    public static async Task<Results<Ok<CallDto>, ValidationProblem, ProblemHttpResult>> AnswerConsent(Guid id, ConsentAnswerRequest request,
        CallService calls, CallQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await calls.AnswerConsentAsync(id, request, user, ct) is not null
            ? TypedResults.Ok((await queries.GetAsync(id, Viewer.Of(user) with { SeesAll = true }, ct))!)
            : Problems.NotFound("call", id);

    /// <summary>Which call types are recorded or monitored, the wording read to the customer, and the video link template (everyone reads them: agents need the wording).</summary>
    public static async Task<Ok<CallSettingsDto>> GetCallSettings(RapportDbContext db, CancellationToken ct) =>
        TypedResults.Ok(CallSettingsDto.From(await CallSettings.ReadAsync(db, ct)));

    public static async Task<Results<Ok<CallSettingsDto>, ValidationProblem>> UpdateCallSettings(CallSettingsDto request, RapportDbContext db, CancellationToken ct)
    {
        var s = await CallSettings.LoadAsync(db, ct);
        s.Apply(request);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CallSettingsDto.From(s));
    }

    /// <summary>
    /// How many customers agreed, refused or were not asked, by call type, for answers given in [from, to) (and recorded
    /// or monitored calls logged then with no answer): JSON, or CSV with <c>format=csv</c>.
    /// </summary>
    public static async Task<Results<Ok<ConsentReportDto>, ContentHttpResult, ValidationProblem>> ConsentReport(CallQueries queries,
        DateTimeOffset? from, DateTimeOffset? to, [QueryValues("json", "csv")] string? format, CancellationToken ct)
    {
        if (from is null)
        {
            return Problems.Invalid("from", "from is required (an instant, e.g. 2026-11-01T00:00:00Z).");
        }

        if (to is null)
        {
            return Problems.Invalid("to", "to is required (an instant, e.g. 2026-12-01T00:00:00Z).");
        }

        if (to <= from)
        {
            return Problems.Invalid("to", "to must be after from.");
        }

        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Invalid("format", "format is json or csv.");
        }

        var report = await queries.ConsentReportAsync(from.Value.UtcDateTime, to.Value.UtcDateTime, ct);
        if (!csv)
        {
            return TypedResults.Ok(report);
        }

        var text = new StringBuilder("type,agreed,refused,notAsked,none,recordingsAgainstRefusal\n");
        foreach (var row in report.Rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(row.Type.ToString())},{row.Agreed},{row.Refused},{row.NotAsked},{row.None},{row.RecordingsAgainstRefusal}\n");
        }

        return TypedResults.Text(text.ToString(), "text/csv");
    }
}
