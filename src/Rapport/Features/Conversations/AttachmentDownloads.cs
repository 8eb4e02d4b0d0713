using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Infrastructure.Blobs;

namespace Rapport.Features.Conversations;

/// <summary>
/// Hands a stored attachment to whoever may have it (staff through the API, a visitor through the chat), always as a
/// download: a type a browser would run or render (HTML, SVG, scripts) goes out as plain bytes, never sniffed, sandboxed.
/// </summary>
public static class AttachmentDownloads
{
    private static readonly string[] RenderableTypes = ["html", "svg", "xml", "javascript", "ecmascript"];

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ServeAsync(MessageAttachment attachment, BlobStore blobs, HttpContext http,
        CancellationToken ct)
    {
        if (attachment.BlobRef is null || await blobs.OpenAsync(attachment.BlobRef, ct) is not { } stream)
        {
            return TypedResults.Problem(title: "The attachment's file was not kept.", detail: attachment.NotStoredReason ?? "Its bytes are missing.",
                statusCode: StatusCodes.Status404NotFound, type: "https://rapport.dev/problems/not-found");
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(stream, DownloadType(attachment.MediaType), attachment.FileName);
    }

    private static string DownloadType(string mediaType) =>
        RenderableTypes.Any(t => mediaType.Contains(t, StringComparison.OrdinalIgnoreCase))
            || !System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(mediaType, out _)
            ? "application/octet-stream"
            : mediaType;
}
