using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// Opens an email that came attached to another (a forward as message/rfc822, an email inside winmail.dat): its
/// sender, recipients, date and subject, then its body, shown as safely as a message's own HTML body (sanitised,
/// sandboxed, remote images blocked unless asked); the files it carries are named, to be had from the .eml download.
/// </summary>
public static class AttachedEmailView
{
    public static IEndpointRouteBuilder MapAttachedEmailView(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/messages/{id}/attachments/{attachmentId}/email", ShowAttachedEmail).WithTags("Conversations")
            .RequireAuthorization(Policies.ReadCustomers).RequireVisible("message", "id", ConversationVisibility.CanSeeMessageAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).Produces<string>(StatusCodes.Status200OK, "text/html");
        return app;
    }

    /// <summary>An attached email (message/rfc822) as a page of its own: headers, body, and the names of the files it carries.</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ShowAttachedEmail(Guid id, Guid attachmentId, bool? remote,
        RapportDbContext db, BlobStore blobs, HttpContext http, CancellationToken ct)
    {
        var visible = db.Messages.Where(m => m.Id == id).VisibleTo(db, Viewer.Of(http.User));
        var attachment = await db.Attachments.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == attachmentId && a.MessageId == id && a.MediaType == "message/rfc822" && visible.Any(), ct);
        if (attachment?.BlobRef is null || await blobs.ReadAllAsync(attachment.BlobRef, ct) is not { } raw)
        {
            return Problems.NotFound("attached email", attachmentId);
        }

        var parsed = EmailParser.Parse(raw, $"<attached.{attachmentId:N}@rapport.invalid>");
        return MessageHtmlView.Serve(await MessageHtmlView.RenderAsync(Compose(parsed), [], blobs, remote == true, ct), http);
    }

    private static string Compose(ParsedEmail parsed)
    {
        var m = parsed.Message;
        var rows = new List<(string, string?)>
        {
            ("From", m.From.Name is { } name ? $"{name} <{m.From.Email}>" : m.From.Email),
            ("To", m.To),
            ("Date", m.SentAt?.ToString("ddd d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture)),
            ("Subject", m.Subject),
        };
        var head = string.Concat(rows.Where(r => r.Item2 is not null)
            .Select(r => $"<tr><th scope=\"row\" style=\"text-align:left;padding-right:1em\">{r.Item1}</th><td>{WebUtility.HtmlEncode(r.Item2)}</td></tr>"));
        var body = m.Html is { Length: > 0 } html ? HtmlBodies.Sanitize(html) : $"<pre style=\"white-space:pre-wrap\">{WebUtility.HtmlEncode(m.Text)}</pre>";
        var warning = m.ParseWarning is null ? "" : $"<p><strong>Warning:</strong> {WebUtility.HtmlEncode(m.ParseWarning)}</p>";
        var files = parsed.Files.Count == 0 ? ""
            : $"<p>It carries {parsed.Files.Count} file(s): {WebUtility.HtmlEncode(string.Join(", ", parsed.Files.Select(f => f.FileName ?? "(unnamed)")))}. "
              + "Download the attached email to open them.</p>";
        return $"<table>{head}</table>{warning}{files}<hr>{body}";
    }
}
