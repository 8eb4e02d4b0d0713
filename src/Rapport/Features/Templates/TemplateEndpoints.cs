using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Templates;

public static class TemplateEndpoints
{
    public static IEndpointRouteBuilder MapTemplateEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/templates").WithTags("Templates").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem();
        group.MapGet("/", ListTemplates);
        group.MapGet("/placeholders", ListPlaceholders);
        group.MapGet("/{id}", GetTemplate).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/matching", Matching).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/preview", Preview).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/render-for-conversation", RenderForConversation).ProducesProblem(StatusCodes.Status404NotFound);
        var manage = group.MapGroup("").RequireAuthorization(Policies.ManageTemplates).ProducesProblem(StatusCodes.Status403Forbidden);
        manage.MapPost("/", CreateTemplate).Idempotent();
        manage.MapPut("/{id}", UpdateTemplate).ProducesProblem(StatusCodes.Status404NotFound);
        manage.MapDelete("/{id}", DeleteTemplate).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Every template, by purpose and name; filter by purpose, channel ("any" for those fitting every channel) and language.</summary>
    public static async Task<Results<Ok<List<TemplateDto>>, ValidationProblem>> ListTemplates(TemplateService templates,
        [QueryValues(typeof(TemplatePurpose))] string? purpose, string? channel, string? language, CancellationToken ct)
    {
        var badPurpose = QueryEnum.Read<TemplatePurpose>(purpose, "purpose", out var purposeFilter);
        Channel? channelFilter = null;
        var badChannel = string.Equals(channel, "any", StringComparison.OrdinalIgnoreCase)
            ? null
            : QueryEnum.Read(channel, "channel", out channelFilter);
        if (string.Equals(channel, "any", StringComparison.OrdinalIgnoreCase))
        {
            channelFilter = Channel.None;
        }

        if ((badPurpose ?? badChannel) is { } bad)
        {
            return bad;
        }

        var list = await templates.ListAsync(purposeFilter, channelFilter, language, ct);
        return TypedResults.Ok(list.Select(TemplateDto.From).ToList());
    }

    /// <summary>The placeholders a template may use: the closed set, with what each holds and an example.</summary>
    public static Ok<IReadOnlyList<TemplatePlaceholder>> ListPlaceholders() => TypedResults.Ok(TemplatePlaceholders.All);

    public static async Task<Results<Ok<TemplateDto>, ProblemHttpResult>> GetTemplate(Guid id, TemplateService templates, CancellationToken ct) =>
        await templates.GetAsync(id, ct) is { } t ? TypedResults.Ok(TemplateDto.From(t)) : Problems.NotFound("template", id);

    /// <summary>
    /// Creates a template. The body is refused (400 naming <c>body</c>, with the line and the reason) when Liquid cannot
    /// parse it or it names a placeholder outside the closed set.
    /// </summary>
    public static async Task<Created<TemplateDto>> CreateTemplate(TemplateRequest request, TemplateService templates, CancellationToken ct)
    {
        var t = await templates.CreateAsync(request, ct);
        return TypedResults.Created($"/api/v1/templates/{t.Id}", TemplateDto.From(t));
    }

    /// <summary>Replaces a template (built-in ones too, keeping their purpose); the body is checked as on create.</summary>
    public static async Task<Results<Ok<TemplateDto>, ProblemHttpResult>> UpdateTemplate(Guid id, TemplateRequest request, TemplateService templates,
        CancellationToken ct) =>
        await templates.UpdateAsync(id, request, ct) is { } t ? TypedResults.Ok(TemplateDto.From(t)) : Problems.NotFound("template", id);

    /// <summary>Deletes a template; built-in ones (Rapport's delay and referral texts) can be edited but not deleted.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTemplate(Guid id, TemplateService templates, CancellationToken ct) =>
        await templates.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("template", id);

    /// <summary>The templates fitting a conversation's channel (or any), best first, the best of each purpose marked.</summary>
    public static async Task<Results<Ok<List<MatchingTemplateDto>>, ProblemHttpResult>> Matching(Guid conversationId, TemplateService templates,
        ClaimsPrincipal user, CancellationToken ct) =>
        await templates.MatchingAsync(conversationId, Viewer.Of(user), ct) is { } list ? TypedResults.Ok(list) : Problems.NotFound("conversation", conversationId);

    /// <summary>
    /// Renders a saved template (templateId) or a draft body for a real customer, and optionally one of their cases or
    /// conversations. SMS renderings report their segment count.
    /// </summary>
    public static async Task<Results<Ok<RenderedTemplateDto>, ProblemHttpResult>> Preview(PreviewRequest request, TemplateService templates,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var subject = new TemplateSubject(request.CustomerId!.Value, request.CaseId, request.ConversationId);
        var agent = TemplateService.AgentName(user);
        if (request.TemplateId is { } id)
        {
            return await templates.RenderAsync(id, null, subject, request.Channel, new TemplateExtras(), Viewer.Of(user), agent, ct) is { } rendered
                ? TypedResults.Ok(rendered)
                : Problems.NotFound("template", id);
        }

        if (string.IsNullOrWhiteSpace(request.Body))
        {
            throw new InvalidInputException("body", "Give a templateId, or a body to preview.");
        }

        return TypedResults.Ok(await templates.PreviewDraftAsync(request.Body, request.Channel ?? Channel.None, request.Language, subject, Viewer.Of(user), agent, ct));
    }

    /// <summary>
    /// Renders a template for a conversation, ready to insert into the reply: the one given (templateId) or the best of a
    /// purpose for the conversation's channel and the customer's language (then "any" channel, then the organisation's
    /// default language).
    /// </summary>
    public static async Task<Results<Ok<RenderedTemplateDto>, ProblemHttpResult>> RenderForConversation(RenderForConversationRequest request,
        TemplateService templates, ClaimsPrincipal user, CancellationToken ct)
    {
        if ((request.TemplateId is null) == (request.Purpose is null))
        {
            throw new InvalidInputException("templateId", "Give exactly one of templateId and purpose.");
        }

        var conversationId = request.ConversationId!.Value;
        var customerId = await templates.CustomerOfConversationAsync(conversationId, Viewer.Of(user), ct);
        if (customerId is null)
        {
            return Problems.NotFound("conversation", conversationId);
        }

        var rendered = await templates.RenderAsync(request.TemplateId, request.Purpose, new TemplateSubject(customerId.Value, null, conversationId), null,
            new TemplateExtras(ReferralTo: request.ReferralTo, ReferralToTeam: request.ReferralToTeam), Viewer.Of(user), TemplateService.AgentName(user), ct);
        return rendered is not null ? TypedResults.Ok(rendered)
            : request.TemplateId is { } id ? Problems.NotFound("template", id)
            : Problems.NotFound("template for the purpose", request.Purpose!.Value);
    }
}
