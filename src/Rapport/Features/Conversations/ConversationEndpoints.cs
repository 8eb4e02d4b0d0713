using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

public static class ConversationEndpoints
{
    public static IEndpointRouteBuilder MapConversationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/inbound-messages", ReceiveMessage).WithTags("Ingestion").RequireAuthorization(Policies.IngestMessages)
            .AllowIngestTokens().ProducesValidationProblem();
        var setAside = app.MapGroup("/api/v1/inbound-messages/set-aside").WithTags("Ingestion").RequireAuthorization(Policies.Administer);
        setAside.MapGet("/", ListSetAside);
        setAside.MapPost("/{receipt}/retry", RetrySetAside).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/inbound-messages/{receipt}", GetReceipt).WithTags("Ingestion").RequireAuthorization(Policies.IngestMessages)
            .AllowIngestTokens().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        var group = app.MapGroup("/api/v1/conversations").WithTags("Conversations").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireVisible("conversation", "id", ConversationVisibility.CanSeeConversationAsync);
        group.MapGet("/", ListConversations);
        group.MapGet("/{id}", GetConversation);
        var write = group.MapGroup("").RequireAuthorization(Policies.WriteCustomers);
        write.MapPost("/{id}/assign", AssignConversation);
        write.MapPost("/{id}/status", SetStatus).WithName("SetConversationStatus");
        write.MapPost("/{id}/notes", AddNote).WithName("AddConversationNote");
        write.MapPost("/{id}/replies", Reply);

        var messages = app.MapGroup("/api/v1/messages/{id}").WithTags("Conversations").RequireAuthorization(Policies.ReadCustomers)
            .ProducesProblem(StatusCodes.Status404NotFound).RequireVisible("message", "id", ConversationVisibility.CanSeeMessageAsync);
        messages.MapGet("/raw", DownloadRaw).RequireAuthorization(Policies.ReadRawMail).Downloads("message/rfc822");
        messages.MapGet("/attachments/{attachmentId}", DownloadAttachment).Downloads("*/*");
        messages.MapGet("/html", ShowHtml).WithName("ShowMessageHtml").Produces<string>(StatusCodes.Status200OK, "text/html");

        app.MapGet("/api/v1/customers/{id}/timeline", GetTimeline).WithTags("Conversations").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// Feeds one inbound message into the pipeline. The message is durable once answered. By default the answer waits a
    /// short while for processing: 201 with the message, conversation and customer ids when it was stored new, 200 when the
    /// same (channel, providerMessageId) was received before. If processing takes longer, or the caller sent
    /// <c>Prefer: respond-async</c> (or <c>Prefer: wait=N</c> seconds), the answer is 202 with a receipt to poll at the
    /// Location given.
    /// </summary>
    public static async Task<Results<Created<IngestResult>, Ok<IngestResult>, Accepted<InboundReceiptDto>, ValidationProblem>> ReceiveMessage(
        InboundMessageRequest request, IngestionPipeline pipeline, HttpContext http, CancellationToken ct)
    {
        var receipt = await pipeline.IngestAsync(request.ToInbound(), PreferredWait.From(http.Request), ct);
        if (PreferredWait.Applied(http.Request) is { Length: > 0 } applied)
        {
            http.Response.Headers["Preference-Applied"] = applied;
        }

        return receipt switch
        {
            { Result: { } result } when receipt.Duplicate || result.Duplicate =>
                TypedResults.Ok(result with { Duplicate = true, NewCustomer = false, NewConversation = false }),
            { Result: { } result } => TypedResults.Created($"/api/v1/conversations/{result.ConversationId}", result),
            _ => TypedResults.Accepted($"/api/v1/inbound-messages/{receipt.Id}", InboundReceiptDto.From(receipt)),
        };
    }

    /// <summary>What became of a message accepted earlier: processing, stored (with its ids), ignored, or failed.</summary>
    public static async Task<Results<Ok<InboundReceiptDto>, ProblemHttpResult>> GetReceipt(Guid receipt, IngestionOutcomes outcomes,
        CancellationToken ct) =>
        await outcomes.ReadAsync(receipt, ct) is { } found
            ? TypedResults.Ok(InboundReceiptDto.From(found))
            : Problems.NotFound("inbound message", receipt);

    /// <summary>Messages that could not be processed after every attempt, newest first (administrators).</summary>
    public static async Task<Ok<List<SetAsideMessageDto>>> ListSetAside(SetAsideMessages messages, CancellationToken ct) =>
        TypedResults.Ok(await messages.ListAsync(200, ct));

    /// <summary>Puts a set-aside message back in the processing queue (after its cause is fixed); 202, then poll its receipt.</summary>
    public static async Task<Results<Accepted, ProblemHttpResult>> RetrySetAside(Guid receipt, SetAsideMessages messages, CancellationToken ct) =>
        await messages.RetryAsync(receipt, ct)
            ? TypedResults.Accepted($"/api/v1/inbound-messages/{receipt}")
            : Problems.NotFound("set-aside message", receipt);

    /// <summary>The inbox: all, unassigned, mine or my teams', newest activity first.</summary>
    public static async Task<Results<Ok<Page<ConversationSummaryDto>>, ValidationProblem>> ListConversations(ConversationQueries queries,
        ClaimsPrincipal user, [QueryValues(typeof(InboxView))] string? view, [QueryValues(typeof(ConversationStatus))] string? status,
        [QueryValues(typeof(Channel))] string? channel, int? limit, string? after, CancellationToken ct)
    {
        if (Paging.Validate(limit, after, out var take, out var cursor) is { } problem)
        {
            return problem;
        }

        var badView = QueryEnum.Read<InboxView>(view, "view", out var inboxView);
        var badStatus = QueryEnum.Read<ConversationStatus>(status, "status", out var statusFilter);
        var badChannel = QueryEnum.Read<Channel>(channel, "channel", out var channelFilter);
        if ((badView ?? badStatus ?? badChannel) is { } bad)
        {
            return bad;
        }

        return TypedResults.Ok(await queries.InboxAsync(inboxView ?? InboxView.All, Viewer.Of(user), statusFilter, channelFilter, take, cursor, ct));
    }

    public static async Task<Results<Ok<ConversationDto>, ProblemHttpResult>> GetConversation(Guid id, ConversationQueries queries, ClaimsPrincipal user,
        CancellationToken ct) =>
        await queries.GetAsync(id, Viewer.Of(user), ct) is { } found ? TypedResults.Ok(found) : Problems.NotFound("conversation", id);

    public static async Task<Results<Ok<ConversationSummaryDto>, ValidationProblem, ProblemHttpResult>> AssignConversation(Guid id,
        AssignConversationRequest request, ConversationService conversations, ConversationQueries queries, ClaimsPrincipal user,
        CancellationToken ct)
    {
        // The route group's RequireVisible has already answered 404 to whoever may not see the conversation.
        var viewer = Viewer.Of(user);
        if (!await conversations.AssignAsync(id, request.AssigneeId, request.TeamId, ct))
        {
            return Problems.NotFound("conversation", id);
        }

        // Assigning it away to a restricted team can take it out of the agent's sight; the answer still says where it went.
        return TypedResults.Ok((await queries.GetAsync(id, viewer with { SeesAll = true }, ct))!.Conversation);
    }

    public static async Task<Results<Ok<ConversationSummaryDto>, ValidationProblem, ProblemHttpResult>> SetStatus(Guid id,
        SetConversationStatusRequest request, ConversationService conversations, ConversationQueries queries, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var viewer = Viewer.Of(user);
        if (!await conversations.SetStatusAsync(id, request.Status, ct))
        {
            return Problems.NotFound("conversation", id);
        }

        return TypedResults.Ok((await queries.GetAsync(id, viewer, ct))!.Conversation);
    }

    public static async Task<Results<Created<MessageDto>, ValidationProblem, ProblemHttpResult>> AddNote(Guid id,
        AddConversationNoteRequest request, ConversationService conversations, ClaimsPrincipal user, CancellationToken ct) =>
        await conversations.AddNoteAsync(id, request.Text, user, ct) is { } note
            ? TypedResults.Created($"/api/v1/conversations/{id}", note.ToDto())
            : Problems.NotFound("conversation", id);

    /// <summary>Replies to the customer on the conversation's channel; the reply is queued and sent by the outbox (202).</summary>
    public static async Task<Results<Accepted<MessageDto>, ValidationProblem, ProblemHttpResult>> Reply(Guid id, ReplyRequest request,
        ReplyService replies, RapportDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await replies.ReplyAsync(id, request.Text, user, request.Marketing, request.AttachmentIds ?? [], ct) is not { } reply)
        {
            return Problems.NotFound("conversation", id);
        }

        var files = request.AttachmentIds is { Count: > 0 }
            ? (await db.Attachments.AsNoTracking().Where(a => a.MessageId == reply.Id).OrderBy(a => a.Id).ToListAsync(ct)).Select(a => a.ToDto()).ToList()
            : [];
        return TypedResults.Accepted($"/api/v1/conversations/{id}", reply.ToDto(files));
    }

    /// <summary>The original as received (the raw email), for messages that kept one.</summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadRaw(Guid id, RapportDbContext db,
        Rapport.Infrastructure.Blobs.BlobStore blobs, ClaimsPrincipal user, CancellationToken ct)
    {
        var raw = await db.Messages.AsNoTracking().Where(m => m.Id == id).VisibleTo(db, Viewer.Of(user))
            .Select(m => new { m.RawRef, m.CustomerId, m.ConversationId }).FirstOrDefaultAsync(ct);
        if (raw?.RawRef is null || await blobs.OpenAsync(raw.RawRef, ct) is not { } stream)
        {
            return Problems.NotFound("raw message", id);
        }

        // The whole original is personal data about the customer: the download is on their access report, written before it starts.
        db.Audit.Record("message.rawDownloaded", "customer", raw.CustomerId, new { messageId = id, conversationId = raw.ConversationId });
        await db.SaveChangesAsync(ct);
        return TypedResults.File(stream, "message/rfc822", $"{id}.eml");
    }

    /// <summary>
    /// The message's HTML body as a document for a sandboxed frame of the conversation page: no script, inline images from
    /// its own attachments, remote images blocked unless <paramref name="remote"/> is true, quoted history folded.
    /// </summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ShowHtml(Guid id, bool? remote, RapportDbContext db,
        Rapport.Infrastructure.Blobs.BlobStore blobs, HttpContext http, CancellationToken ct)
    {
        var html = await db.Messages.AsNoTracking().Where(m => m.Id == id).VisibleTo(db, Viewer.Of(http.User)).Select(m => m.Html).FirstOrDefaultAsync(ct);
        if (html is null)
        {
            return Problems.NotFound("HTML body of message", id);
        }

        var attachments = await db.Attachments.AsNoTracking().Where(a => a.MessageId == id).ToListAsync(ct);
        return MessageHtmlView.Serve(await MessageHtmlView.RenderAsync(html, attachments, blobs, remote == true, ct), http);
    }

    /// <summary>
    /// A file that came with a message, always as a download (Content-Disposition: attachment, nosniff) and never as a type
    /// a browser would render as a page or script (HTML, SVG, XML), whatever the sender declared.
    /// </summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAttachment(Guid id, Guid attachmentId, RapportDbContext db,
        Rapport.Infrastructure.Blobs.BlobStore blobs, HttpContext http, CancellationToken ct)
    {
        var visible = db.Messages.Where(m => m.Id == id).VisibleTo(db, Viewer.Of(http.User));
        var attachment = await db.Attachments.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == attachmentId && a.MessageId == id && visible.Any(), ct);
        if (attachment is null)
        {
            return Problems.NotFound("attachment", attachmentId);
        }

        return await AttachmentDownloads.ServeAsync(attachment, blobs, http, ct);
    }

    /// <summary>The customer's whole timeline across channels and conversations, newest first.</summary>
    public static async Task<Results<Ok<Page<MessageDto>>, ValidationProblem, ProblemHttpResult>> GetTimeline(Guid id,
        RapportDbContext db, CustomerService customers, ConversationQueries queries, ClaimsPrincipal user, int? limit, string? after,
        CancellationToken ct)
    {
        if (Paging.Validate(limit, after, out var take, out var cursor) is { } problem)
        {
            return problem;
        }

        if (!await db.Customers.AnyAsync(c => c.Id == id, ct))
        {
            return Problems.NotFound("customer", id);
        }

        var ids = (await customers.HistoryIdsAsync(id, ct)).Select(Guid.Parse).ToList();
        return TypedResults.Ok(await queries.TimelineAsync(ids, Viewer.Of(user), take, cursor, ct));
    }
}
