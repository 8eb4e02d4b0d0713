using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Conversations;

namespace Rapport.Features.Channels.WebChat;

public sealed record StartVisitorRequest(string? Token = null);

public sealed record IdentifyVisitorRequest(string? Name = null, string? Email = null, string? Phone = null);

public sealed record VisitorMessageRequest(string? ClientMessageId, string? Text);

public sealed record OfflineMessageRequest(string? ClientMessageId, string? Name, string? Email, string? Text);

public sealed record ReadRequest(Guid? UpTo);

public sealed record TranscriptRequest(string? Email = null);

/// <summary>A message the visitor sent: durable (journalled), with the message's id once stored.</summary>
public sealed record VisitorMessageAccepted(Guid ReceiptId, string ClientMessageId, Guid? MessageId, bool Duplicate);

/// <summary>
/// The visitor API the widget calls from the site's pages: public (no staff credentials), behind <see cref="ChatGate"/>.
/// Not in the OpenAPI document, like the providers' webhooks; described in docs/api-guide.md.
/// </summary>
public static class ChatVisitorEndpoints
{
    public static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(25);

    public static IEndpointRouteBuilder MapChatVisitorEndpoints(this IEndpointRouteBuilder app)
    {
        // Preflights carry no token: an origin some enabled site allows may ask; the request itself is then checked exactly.
        app.MapMethods("/chat/v1/{**path}", [HttpMethods.Options], Preflight).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        app.Map("/chat/v1/socket", ChatSocket.RunAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();

        var chat = app.MapGroup("/chat/v1").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery().AddEndpointFilter<ChatGate>();
        chat.MapGet($"/sites/{{{ChatGate.SiteRoute}}}", Site);
        chat.MapPost($"/sites/{{{ChatGate.SiteRoute}}}/visitors", Start);
        chat.MapPut("/visitor", Identify);
        chat.MapGet("/messages", Messages);
        chat.MapPost("/messages", Send);
        chat.MapPost("/files", SendFile);
        chat.MapGet("/files/{fileId}", DownloadFile);
        chat.MapPost("/offline-messages", SendOffline);
        chat.MapPost("/typing", Typing);
        chat.MapPost("/read", Read);
        chat.MapPost("/transcript", Transcript);
        return app;
    }

    public static async Task<IResult> Preflight(HttpContext http, ChatSiteDirectory sites, CancellationToken ct)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (!await sites.AnyAllowsAsync(origin, ct))
        {
            return ChatGate.Refuse(http, origin, StatusCodes.Status403Forbidden, "This page's origin may not use Rapport's chat.",
                $"No enabled chat site lists '{origin}' among its allowed origins.");
        }

        ChatGate.AllowOrigin(http, origin);
        var headers = http.Response.Headers;
        headers.AccessControlAllowMethods = "GET, POST, PUT";
        headers.AccessControlAllowHeaders = "Authorization, Content-Type";
        headers.AccessControlMaxAge = "600";
        return TypedResults.NoContent();
    }

    public static async Task<Ok<SiteView>> Site(HttpContext http, VisitorChat chat, CancellationToken ct) =>
        TypedResults.Ok(await chat.SiteAsync(ChatGate.CallerOf(http).Site, ct));

    public static async Task<IResult> Start(StartVisitorRequest? request, HttpContext http, VisitorChat chat, VisitorTokens tokens, ChatLimits limits, CancellationToken ct)
    {
        var caller = ChatGate.CallerOf(http);
        var token = tokens.Read(request?.Token);
        if ((token is null || token.Value.SiteId != caller.Site.Id) && limits.NewVisitor(ChatGate.AddressOf(http)) is { } wait)
        {
            return ChatGate.TooMany(http, caller.Origin, wait, "Too many new chats from this address.");
        }

        var (view, created) = await chat.StartAsync(caller.Site, token, ct);
        return created ? TypedResults.Created("/chat/v1/visitor", view) : TypedResults.Ok(view);
    }

    public static async Task<IResult> Identify(IdentifyVisitorRequest request, HttpContext http, VisitorChat chat, CancellationToken ct)
    {
        if (await VisitorOf(http, chat, ct) is not { } visitor)
        {
            return Gone(http);
        }

        await chat.IdentifyAsync(visitor, request.Name, request.Email, request.Phone, ct);
        return TypedResults.Ok(new { visitor.Name, visitor.Email, visitor.Phone });
    }

    public static async Task<IResult> Messages(DateTime? after, int? wait, HttpContext http, VisitorChat chat, ChatRelay relay, CancellationToken ct)
    {
        if (await VisitorOf(http, chat, ct) is not { } visitor)
        {
            return Gone(http);
        }

        using var lease = relay.Open(visitor.Id);
        var waitFor = TimeSpan.FromSeconds(Math.Clamp(wait ?? 0, 0, (int)LongestPoll.TotalSeconds));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        HashSet<Guid>? known = null;
        while (true)
        {
            var wake = lease.Line.NextWake;
            var typing = lease.Line.AgentTyping;
            var feed = await chat.FeedAsync(visitor, after?.ToUniversalTime(), typing, ct);
            if (visitor.ConversationId is { } conversation)
            {
                lease.Reads(conversation);
            }

            var left = waitFor - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            // The feed repeats the seconds before the cursor (see VisitorChat): at first only a message after the cursor is
            // news; while waiting, any message the first read did not have (timestamps can tie, and commits can land late).
            var news = known is null
                ? feed.Messages.Any(m => after is null || m.StoredAt > after.Value.ToUniversalTime())
                : feed.Messages.Any(m => !known.Contains(m.Id));
            known ??= feed.Messages.Select(m => m.Id).ToHashSet();
            if (news || left <= TimeSpan.Zero || (after is null && wait is null))
            {
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(feed);
            }

            // Long poll: answer as soon as something is new (or the typing changes), at the latest when the wait is over.
            try
            {
                await wake.WaitAsync(left, ct);
            }
            catch (TimeoutException)
            {
            }

            if (lease.Line.AgentTyping != typing)
            {
                return TypedResults.Ok(await chat.FeedAsync(visitor, after?.ToUniversalTime(), lease.Line.AgentTyping, ct));
            }
        }
    }

    public static async Task<IResult> Send(VisitorMessageRequest request, HttpContext http, VisitorChat chat, ChatLimits limits, CancellationToken ct)
    {
        if (await VisitorOf(http, chat, ct) is not { } visitor)
        {
            return Gone(http);
        }

        if (limits.Message(visitor.Id) is { } wait)
        {
            return ChatGate.TooMany(http, ChatGate.CallerOf(http).Origin, wait, "Too many messages in a short time.");
        }

        var receipt = await chat.SendAsync(ChatGate.CallerOf(http).Site, visitor, request.ClientMessageId, request.Text, null, null, ct);
        return TypedResults.Accepted((string?)null, new VisitorMessageAccepted(receipt.Id, request.ClientMessageId!.Trim(), receipt.Result?.MessageId, receipt.Duplicate));
    }

    /// <summary>
    /// A file from the visitor (multipart form: <c>file</c>, <c>clientMessageId</c>, optional <c>text</c>), as a chat message
    /// through the same pipeline. The email limits apply; a file over them is refused (413) rather than kept as a placeholder,
    /// since the visitor is there to pick a smaller one.
    /// </summary>
    public static async Task<IResult> SendFile(HttpContext http, VisitorChat chat, ChatLimits limits, AttachmentStore store, CancellationToken ct)
    {
        if (await VisitorOf(http, chat, ct) is not { } visitor)
        {
            return Gone(http);
        }

        if (!http.Request.HasFormContentType)
        {
            return Rapport.Infrastructure.Api.Problems.Invalid("file", "Send the file as multipart/form-data in a field named 'file'.");
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (InvalidDataException e)
        {
            return Rapport.Infrastructure.Api.Problems.Invalid("file", $"The form could not be read: {e.Message}");
        }

        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return Rapport.Infrastructure.Api.Problems.Invalid("file", "Choose a file that is not empty.");
        }

        var clientMessageId = VisitorChat.ClientMessageId(form["clientMessageId"]);
        if (file.Length > store.Limits.PerAttachment)
        {
            return Rapport.Infrastructure.Api.Problems.TooLarge("file",
                $"{AttachmentStore.Size(file.Length)} is over the {AttachmentStore.Size(store.Limits.PerAttachment)} limit per file.",
                $"At most {AttachmentStore.Size(store.Limits.PerAttachment)}.");
        }

        if (limits.Message(visitor.Id) is { } wait)
        {
            return ChatGate.TooMany(http, ChatGate.CallerOf(http).Origin, wait, "Too many messages in a short time.");
        }

        using var content = new MemoryStream((int)file.Length);
        await file.CopyToAsync(content, ct);
        var (files, _) = await store.StoreAsync([new AttachmentCandidate(file.FileName, file.ContentType, content.ToArray(), null, false, "file")], ct);
        var receipt = await chat.SendAsync(ChatGate.CallerOf(http).Site, visitor, clientMessageId, form["text"], null, files, ct);
        return TypedResults.Accepted((string?)null, new VisitorMessageAccepted(receipt.Id, clientMessageId, receipt.Result?.MessageId, receipt.Duplicate));
    }

    /// <summary>A file of the visitor's chat, as a download; anything else is a 404.</summary>
    public static async Task<IResult> DownloadFile(Guid fileId, HttpContext http, VisitorChat chat, Rapport.Infrastructure.Blobs.BlobStore blobs, CancellationToken ct)
    {
        if (await VisitorOf(http, chat, ct) is not { } visitor)
        {
            return Gone(http);
        }

        return await chat.FileAsync(visitor, fileId, ct) is { } file
            ? await AttachmentDownloads.ServeAsync(file, blobs, http, ct)
            : ChatGate.Refuse(http, ChatGate.CallerOf(http).Origin, StatusCodes.Status404NotFound, "No file of this chat has this id.", "Use the url the feed gives.");
    }

    /// <summary>A message left while the chat is closed: answered by email, in the same conversation if the visitor chatted before.</summary>
    public static async Task<IResult> SendOffline(OfflineMessageRequest request, HttpContext http, VisitorChat chat, ChatLimits limits, CancellationToken ct)
    {
        if (await VisitorOf(http, chat, ct) is not { } visitor)
        {
            return Gone(http);
        }

        if (string.IsNullOrWhiteSpace(request.Email))
        {
            return Rapport.Infrastructure.Api.Problems.Invalid("email", "Give an email address so the team can answer you.");
        }

        if (limits.Message(visitor.Id) is { } wait)
        {
            return ChatGate.TooMany(http, ChatGate.CallerOf(http).Origin, wait, "Too many messages in a short time.");
        }

        await chat.IdentifyAsync(visitor, request.Name, request.Email, null, ct);
        var receipt = await chat.SendAsync(ChatGate.CallerOf(http).Site, visitor, request.ClientMessageId, request.Text, visitor.Email, null, ct);
        return TypedResults.Accepted((string?)null, new VisitorMessageAccepted(receipt.Id, request.ClientMessageId!.Trim(), receipt.Result?.MessageId, receipt.Duplicate));
    }

    public static async Task<IResult> Typing(HttpContext http, VisitorChat chat, ChatPresence presence, CancellationToken ct)
    {
        if (await VisitorOf(http, chat, ct) is not { } visitor)
        {
            return Gone(http);
        }

        if (await chat.ConversationOfAsync(visitor, ct) is { } conversation)
        {
            presence.TypedBriefly(conversation, visitor);
        }

        return TypedResults.NoContent();
    }

    public static async Task<IResult> Read(ReadRequest request, HttpContext http, VisitorChat chat, CancellationToken ct)
    {
        if (await VisitorOf(http, chat, ct) is not { } visitor)
        {
            return Gone(http);
        }

        if (request.UpTo is not { } upTo)
        {
            return Rapport.Infrastructure.Api.Problems.Invalid("upTo", "Give the id of the last message the visitor saw.");
        }

        await chat.ReadAsync(visitor, upTo, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The chat so far, by email to the address given (else the visitor's own).</summary>
    public static async Task<IResult> Transcript(TranscriptRequest? request, HttpContext http, VisitorChat chat, ChatTranscripts transcripts, ChatLimits limits,
        CancellationToken ct)
    {
        if (await VisitorOf(http, chat, ct) is not { } visitor)
        {
            return Gone(http);
        }

        var email = string.IsNullOrWhiteSpace(request?.Email) ? visitor.Email : request.Email.Trim();
        if (email is null)
        {
            return Rapport.Infrastructure.Api.Problems.Invalid("email", "Give the email address to send the chat to.");
        }

        if (limits.Message(visitor.Id) is { } wait)
        {
            return ChatGate.TooMany(http, ChatGate.CallerOf(http).Origin, wait, "Too many messages in a short time.");
        }

        await transcripts.SendAsync(ChatGate.CallerOf(http).Site, visitor, await chat.ConversationOfAsync(visitor, ct), email, ct);
        return TypedResults.Accepted((string?)null, new { email });
    }

    private static Task<ChatVisitor?> VisitorOf(HttpContext http, VisitorChat chat, CancellationToken ct) =>
        ChatGate.CallerOf(http).VisitorId is { } id ? chat.FindAsync(id, ct) : Task.FromResult<ChatVisitor?>(null);

    private static IResult Gone(HttpContext http) => ChatGate.Refuse(http, ChatGate.CallerOf(http).Origin, StatusCodes.Status401Unauthorized,
        "This chat session no longer exists.", "Start a new chat session (POST /chat/v1/sites/{siteId}/visitors).");
}
