using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Channels.Letters;

/// <summary>Paper letters: log one that came (with its scan), write one, print it, mark it posted.</summary>
public static class LetterEndpoints
{
    public static IEndpointRouteBuilder MapLetterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/customers/{id}/letters", LogCustomerLetter).WithTags("Letters").RequireAuthorization(Policies.WriteCustomers)
            .Accepts<LetterForm>("multipart/form-data").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        var group = app.MapGroup("/api/v1/conversations/{id}/letters").WithTags("Letters").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireVisible("conversation", "id", ConversationVisibility.CanSeeConversationAsync);
        group.MapGet("/", ListLetters);
        group.MapGet("/{letterId}/print", PrintLetter).Produces<string>(StatusCodes.Status200OK, "text/html");
        var write = group.MapGroup("").RequireAuthorization(Policies.WriteCustomers);
        write.MapPost("/", LogConversationLetter).Accepts<LetterForm>("multipart/form-data").ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        write.MapPost("/outbound", DraftLetter).ProducesProblem(StatusCodes.Status409Conflict);
        write.MapPost("/{letterId}/posted", MarkLetterPosted).ProducesProblem(StatusCodes.Status409Conflict);

        // The same page for people: outside /api, so the page's own print stylesheet applies (API answers load nothing).
        app.MapGet("/conversations/{id:guid}/letters/{letterId:guid}/print", PrintPage).RequireAuthorization(Policies.ReadCustomers)
            .RequireVisible("conversation", "id", ConversationVisibility.CanSeeConversationAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Logs a letter that came in the post from this customer, in a new Letter conversation. Multipart form: <c>scan</c>
    /// (one or more files, each a PDF or an image — checked by content, not by name — within the attachment limits; 413
    /// over them), <c>summary</c> (required), <c>receivedOn</c> (yyyy-MM-dd, today when absent), <c>datedOn</c>,
    /// <c>reference</c>, <c>transcription</c>. Nothing is written when any of it is refused.
    /// </summary>
    public static async Task<Results<Created<LetterDto>, ValidationProblem, ProblemHttpResult>> LogCustomerLetter(Guid id, HttpContext http,
        LetterService letters, ClaimsPrincipal user, CancellationToken ct) =>
        await LogAsync(http, (request, scan) => letters.LogInboundAsync(id, null, request, scan, user, ct), "customer", id, ct);

    /// <summary>Logs a letter that came in the post into this conversation; the form is that of logging one for a customer.</summary>
    public static async Task<Results<Created<LetterDto>, ValidationProblem, ProblemHttpResult>> LogConversationLetter(Guid id, HttpContext http,
        LetterService letters, ClaimsPrincipal user, CancellationToken ct) =>
        await LogAsync(http, (request, scan) => letters.LogInboundAsync(null, id, request, scan, user, ct), "conversation", id, ct);

    private static async Task<Results<Created<LetterDto>, ValidationProblem, ProblemHttpResult>> LogAsync(HttpContext http,
        Func<LogLetterRequest, IReadOnlyList<LetterScanFile>, Task<LetterDto?>> log, string what, Guid id, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return Problems.Invalid("scan", "Send the letter as multipart/form-data: the scan in 'scan', the summary in 'summary'.");
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return Problems.Invalid("scan", $"The form could not be read: {e.Message}");
        }

        var request = new LogLetterRequest(form["summary"].ToString(), Date(form, "receivedOn"), Date(form, "datedOn"), Text(form, "reference"),
            Text(form, "transcription"), Text(form, "subject"));
        var scan = new List<LetterScanFile>();
        foreach (var file in form.Files.GetFiles("scan"))
        {
            // Over the limit is refused before its bytes are read into memory.
            if (file.Length > MaxReadable(http))
            {
                return Problems.TooLarge("scan", $"'{FileNames.Sanitise(file.FileName, "scan")}' is {AttachmentStore.Size(file.Length)}, over the limit per file.",
                    $"At most {AttachmentStore.Size(MaxReadable(http))} per file.");
            }

            using var content = new MemoryStream((int)file.Length);
            await file.CopyToAsync(content, ct);
            scan.Add(new LetterScanFile(file.FileName, content.ToArray()));
        }

        try
        {
            return await log(request, scan) is { } letter
                ? TypedResults.Created($"/api/v1/conversations/{letter.ConversationId}/letters/{letter.Id}", letter)
                : Problems.NotFound(what, id);
        }
        catch (ScanTooLargeException e)
        {
            return Problems.TooLarge("scan", e.Message, e.Limit);
        }
    }

    private static long MaxReadable(HttpContext http) => http.RequestServices.GetRequiredService<AttachmentLimits>().PerAttachment;

    private static string? Text(IFormCollection form, string field) => form.TryGetValue(field, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;

    private static DateOnly? Date(IFormCollection form, string field) =>
        Text(form, field) is not { } raw ? null
        : DateOnly.TryParseExact(raw.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new InvalidInputException(field, $"'{raw}' is not a date: give it as yyyy-MM-dd, e.g. 2026-12-04.");

    /// <summary>The letters of a conversation, in and out, newest first.</summary>
    public static async Task<Results<Ok<List<LetterDto>>, ProblemHttpResult>> ListLetters(Guid id, LetterService letters, ClaimsPrincipal user, CancellationToken ct) =>
        await letters.ListAsync(id, Viewer.Of(user), ct) is { } list ? TypedResults.Ok(list) : Problems.NotFound("conversation", id);

    /// <summary>
    /// Writes a letter to the customer of this conversation: <c>text</c> as given, or the template <c>templateId</c> rendered
    /// for them (the built-in "Letter" template when neither is given). It is a draft: nothing is sent; print it and mark
    /// it posted. <c>largePrint</c> absent follows the customer's communication profile.
    /// </summary>
    public static async Task<Results<Created<LetterDto>, ValidationProblem, ProblemHttpResult>> DraftLetter(Guid id, DraftLetterRequest request,
        LetterService letters, ClaimsPrincipal user, CancellationToken ct) =>
        await letters.DraftAsync(id, request, user, ct) is { } letter
            ? TypedResults.Created($"/api/v1/conversations/{id}/letters/{letter.Id}", letter)
            : Problems.NotFound("conversation", id);

    /// <summary>
    /// The printable page of an outbound letter (HTML, A4 print stylesheet; <c>largePrint</c> overrides the letter's own
    /// choice). 400 on <c>postalAddress</c> when the customer has no postal address. People open the same page at the
    /// <c>printPage</c> address the letter gives, where its stylesheet applies.
    /// </summary>
    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> PrintLetter(Guid id, Guid letterId, bool? largePrint,
        LetterService letters, ClaimsPrincipal user, CancellationToken ct) =>
        await letters.SheetAsync(id, letterId, largePrint, Viewer.Of(user), ct) is { } sheet
            ? TypedResults.Content(LetterPage.Render(sheet), "text/html; charset=utf-8")
            : Problems.NotFound("letter", letterId);

    /// <summary>
    /// Marks an outbound letter posted: its address is kept as posted, a note says so on the conversation and the
    /// customer's timeline, and the change is audited. 409 when it was posted already; 400 on <c>postalAddress</c>
    /// when the customer has no postal address.
    /// </summary>
    public static async Task<Results<Ok<LetterDto>, ValidationProblem, ProblemHttpResult>> MarkLetterPosted(Guid id, Guid letterId, LetterService letters,
        ClaimsPrincipal user, CancellationToken ct) =>
        await letters.MarkPostedAsync(id, letterId, user, ct) is { } letter ? TypedResults.Ok(letter) : Problems.NotFound("letter", letterId);

    private static async Task<IResult> PrintPage(Guid id, Guid letterId, bool? largePrint, LetterService letters, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            return await letters.SheetAsync(id, letterId, largePrint, Viewer.Of(user), ct) is { } sheet
                ? TypedResults.Content(LetterPage.Render(sheet), "text/html; charset=utf-8")
                : TypedResults.Content(Message("Letter not found", "There is no such letter, or it is not one you may see.", id), "text/html; charset=utf-8",
                    statusCode: StatusCodes.Status404NotFound);
        }
        catch (InvalidInputException e)
        {
            return TypedResults.Content(Message("This letter cannot be printed yet", e.Message, id), "text/html; charset=utf-8",
                statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static string Message(string title, string text, Guid conversationId) =>
        $"""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{System.Net.WebUtility.HtmlEncode(title)}</title></head>
        <body style="font:16px/1.5 system-ui,sans-serif;margin:2rem"><h1>{System.Net.WebUtility.HtmlEncode(title)}</h1>
        <p role="alert">{System.Net.WebUtility.HtmlEncode(text)}</p><p><a href="/conversations/{conversationId}">Back to the conversation</a></p></body></html>
        """;
}
