using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Conversations;

/// <summary>Files to send with a reply: upload each, then name their ids in the reply's <c>attachmentIds</c>.</summary>
public static class UploadEndpoints
{
    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/uploads").WithTags("Conversations").RequireAuthorization(Policies.WriteCustomers)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", Upload).Idempotent().Accepts<UploadForm>("multipart/form-data")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/{id}", GetUpload);
        group.MapDelete("/{id}", DiscardUpload);
        return app;
    }

    /// <summary>
    /// Stores one file (multipart form, field <c>file</c>) to send with a reply you write next. It is yours alone and is
    /// kept for 24 hours unless a reply takes it. The limits of incoming mail apply (413 over the per-file limit).
    /// </summary>
    public static async Task<Results<Created<UploadView>, ValidationProblem, ProblemHttpResult>> Upload(HttpContext http, ReplyUploads uploads,
        ClaimsPrincipal user, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return Problems.Invalid("file", "Send the file as multipart/form-data in a field named 'file'.");
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return Problems.Invalid("file", $"The form could not be read: {e.Message}");
        }

        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return Problems.Invalid("file", "Choose a file that is not empty, in a field named 'file'.");
        }

        if (file.Length > uploads.Limits.PerAttachment)
        {
            return Problems.TooLarge("file", uploads.TooLarge(file.Length), $"At most {AttachmentStore.Size(uploads.Limits.PerAttachment)}.");
        }

        using var content = new MemoryStream((int)file.Length);
        await file.CopyToAsync(content, ct);
        var view = await uploads.StoreAsync(user.UserId(), file.FileName, file.ContentType, content.ToArray(), ct);
        return TypedResults.Created($"/api/v1/uploads/{view.Id}", view);
    }

    /// <summary>One of your uploads not yet sent.</summary>
    public static async Task<Results<Ok<UploadView>, ProblemHttpResult>> GetUpload(Guid id, ReplyUploads uploads, ClaimsPrincipal user, CancellationToken ct) =>
        await uploads.FindAsync(user.UserId(), id, ct) is { } view ? TypedResults.Ok(view) : Problems.NotFound("upload", id);

    /// <summary>Removes one of your uploads not yet sent, with its bytes.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DiscardUpload(Guid id, ReplyUploads uploads, ClaimsPrincipal user, CancellationToken ct) =>
        await uploads.DiscardAsync(user.UserId(), id, ct) ? TypedResults.NoContent() : Problems.NotFound("upload", id);
}

/// <summary>The upload form as the OpenAPI document describes it: one binary part named <c>file</c>.</summary>
public sealed record UploadForm(IFormFile File);
