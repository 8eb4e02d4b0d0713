using System.ComponentModel.DataAnnotations;
using Rapport.Features.Customers;

namespace Rapport.Features.Templates;

/// <summary>
/// Create or replace a template. Channel: absent (or "none") for any channel. Language: BCP 47 (en-GB, fr-FR). Body:
/// Liquid with the placeholders listed at <c>GET /api/v1/templates/placeholders</c>.
/// </summary>
public sealed record TemplateRequest(
    [property: Required] TemplatePurpose? Purpose,
    [property: Required, StringLength(ReplyTemplate.LanguageMaxLength)] string Language,
    [property: Required, StringLength(ReplyTemplate.NameMaxLength)] string Name,
    [property: Required, StringLength(ReplyTemplate.BodyMaxLength)] string Body,
    Channel? Channel = null);

/// <summary>
/// A template. Channel "any" fits every channel. Sms: for SMS templates, how many parts the body takes with the
/// example values of the placeholders (null on other channels).
/// </summary>
public sealed record TemplateDto(Guid Id, TemplatePurpose Purpose, string Channel, string Language, string Name, string Body, bool BuiltIn,
    DateTime CreatedAt, DateTime UpdatedAt, SmsSegmentCount? Sms)
{
    public static TemplateDto From(ReplyTemplate t) => new(t.Id, t.Purpose, ChannelKey(t.Channel), t.Language, t.Name, t.Body, t.BuiltIn,
        t.CreatedAt, t.UpdatedAt, t.Channel == Customers.Channel.Sms ? SmsSegments.Count(TemplateRenderer.Render(t.Body, TemplateValues.Sample, t.Language)) : null);

    public static string ChannelKey(Channel c) => c == Customers.Channel.None ? "any" : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(c.ToString());
}

/// <summary>
/// Render a template for a real customer: a saved one (templateId) or a draft body (with its channel and language), with
/// the customer and optionally one of their cases or conversations filling the placeholders.
/// </summary>
public sealed record PreviewRequest(
    [property: Required] Guid? CustomerId,
    Guid? TemplateId = null,
    [property: StringLength(ReplyTemplate.BodyMaxLength)] string? Body = null,
    Channel? Channel = null,
    [property: StringLength(ReplyTemplate.LanguageMaxLength)] string? Language = null,
    Guid? CaseId = null,
    Guid? ConversationId = null);

/// <summary>
/// Render for a conversation: a given template (templateId), or the best one of a purpose for the conversation's channel
/// and the customer's language. ReferralTo (and referralToTeam) fill the referral placeholders.
/// </summary>
public sealed record RenderForConversationRequest(
    [property: Required] Guid? ConversationId,
    Guid? TemplateId = null,
    TemplatePurpose? Purpose = null,
    [property: StringLength(200)] string? ReferralTo = null,
    bool ReferralToTeam = false);

/// <summary>A rendered template: the text, which template it came from, and for SMS how many parts it takes.</summary>
public sealed record RenderedTemplateDto(Guid? TemplateId, string? Name, string Language, string Channel, string Text, SmsSegmentCount? Sms);

/// <summary>A template that fits a conversation (its channel or any), best first for each purpose.</summary>
public sealed record MatchingTemplateDto(Guid Id, TemplatePurpose Purpose, string Name, string Channel, string Language, bool Best);
