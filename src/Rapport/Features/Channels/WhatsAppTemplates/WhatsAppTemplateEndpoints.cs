using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WhatsAppTemplates;

/// <summary>
/// Register a template WhatsApp approved for this account, exactly as it stands in WhatsApp Manager: name (lower case,
/// digits, underscores), language code (en_US, en, pt_BR…), category, and the body with parameters numbered {{1}},
/// {{2}}… in order. A Twilio WhatsApp sender also needs the template's ContentSid (HX followed by 32 hexadecimal digits).
/// </summary>
public sealed record CreateWhatsAppTemplateRequest(
    [property: Required, StringLength(512, MinimumLength = 1)] string Name,
    [property: Required, StringLength(20, MinimumLength = 2)] string Language,
    [property: Required, StringLength(1024, MinimumLength = 1)] string Body,
    TemplateCategory? Category = null,
    [property: StringLength(34)] string? ContentSid = null);

public sealed record WhatsAppTemplateDto(Guid Id, Guid ChannelAccountId, string Name, string Language, TemplateCategory Category, string Body,
    int ParameterCount, string? ContentSid)
{
    public static WhatsAppTemplateDto Of(WhatsAppTemplate t) => new(t.Id, t.ChannelAccountId, t.Name, t.Language, t.Category, t.Body, t.ParameterCount, t.ContentSid);
}

/// <summary>Send an approved template: its id (from the conversation's whatsapp-templates) and one value per {{n}}, in order.</summary>
public sealed record TemplateReplyRequest([property: Required] Guid? TemplateId, IReadOnlyList<string>? Parameters = null);

public static partial class WhatsAppTemplateEndpoints
{
    public static IEndpointRouteBuilder MapWhatsAppTemplateEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/channel-accounts/{id}/whatsapp-templates").WithTags("Channels").RequireAuthorization(Policies.Administer)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/", List).WithName("ListWhatsAppTemplates");
        admin.MapPost("/", Create).Idempotent().WithName("CreateWhatsAppTemplate");
        admin.MapDelete("/{templateId}", Delete).WithName("DeleteWhatsAppTemplate");

        var conversations = app.MapGroup("/api/v1/conversations/{id}").WithTags("Conversations").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        conversations.MapGet("/whatsapp-templates", Offer).WithName("OfferWhatsAppTemplates");
        conversations.MapPost("/whatsapp-template-replies", Reply).RequireAuthorization(Policies.WriteCustomers).WithName("SendWhatsAppTemplate");
        return app;
    }

    public static async Task<Results<Ok<List<WhatsAppTemplateDto>>, ProblemHttpResult>> List(Guid id, RapportDbContext db, CancellationToken ct)
    {
        if (!await db.ChannelAccounts.AnyAsync(a => a.Id == id, ct))
        {
            return Problems.NotFound("channel account", id);
        }

        var templates = await db.Set<WhatsAppTemplate>().AsNoTracking().Where(t => t.ChannelAccountId == id).OrderBy(t => t.Name).ThenBy(t => t.Language).ToListAsync(ct);
        return TypedResults.Ok(templates.Select(WhatsAppTemplateDto.Of).ToList());
    }

    public static async Task<Results<Created<WhatsAppTemplateDto>, ValidationProblem, ProblemHttpResult>> Create(Guid id, CreateWhatsAppTemplateRequest request,
        WhatsAppTemplateService templates, CancellationToken ct)
    {
        var outcome = await templates.CreateAsync(id, request, ct);
        return outcome switch
        {
            null => Problems.NotFound("channel account", id),
            { Errors.Count: > 0 } => Problems.Invalid(outcome.Errors),
            { Conflict: { } conflict } => Problems.Conflict(conflict),
            _ => TypedResults.Created($"/api/v1/channel-accounts/{id}/whatsapp-templates/{outcome.Template!.Id}", WhatsAppTemplateDto.Of(outcome.Template)),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, Guid templateId, WhatsAppTemplateService templates, CancellationToken ct) =>
        await templates.DeleteAsync(id, templateId, ct) ? TypedResults.NoContent() : Problems.NotFound("WhatsApp template", templateId);

    /// <summary>Whether free text may still be sent on this WhatsApp conversation, why, and the templates that may be sent instead.</summary>
    public static async Task<Results<Ok<TemplateOffer>, ValidationProblem, ProblemHttpResult>> Offer(Guid id, RapportDbContext db, TemplateReplies replies, ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (!await db.Conversations.Where(c => c.Id == id).VisibleTo(db, Viewer.Of(user)).AnyAsync(ct))
        {
            return Problems.NotFound("conversation", id);
        }

        return await replies.OfferAsync(id, Viewer.Of(user), ct) is { } offer
            ? TypedResults.Ok(offer)
            : Problems.Invalid("id", "This conversation is not answered on WhatsApp; templates are for WhatsApp only.");
    }

    public static async Task<Results<Accepted<MessageDto>, ValidationProblem, ProblemHttpResult>> Reply(Guid id, TemplateReplyRequest request,
        TemplateReplies replies, ClaimsPrincipal user, CancellationToken ct) =>
        await replies.SendAsync(id, request.TemplateId, request.Parameters, user, ct) is { } reply
            ? TypedResults.Accepted($"/api/v1/conversations/{id}", reply.ToDto([]))
            : Problems.NotFound("conversation", id);

    [GeneratedRegex("^[a-z0-9_]{1,512}$")]
    internal static partial Regex TemplateName();

    [GeneratedRegex("^[a-z]{2,3}(_[A-Za-z0-9]{2,8})?$")]
    internal static partial Regex LanguageCode();

    [GeneratedRegex("^HX[0-9a-fA-F]{32}$")]
    internal static partial Regex ContentSid();
}
