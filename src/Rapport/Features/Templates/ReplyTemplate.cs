using Rapport.Features.Audit;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Templates;

/// <summary>
/// A reply template (C18): the organisation's words for one purpose, on one channel (or any) and in one language, with
/// placeholders filled for the customer at hand. Built-in templates (the delay explanation and referral texts Rapport
/// writes itself) can be edited, not deleted, so those texts always have a template to come from.
/// </summary>
public sealed class ReplyTemplate : IAudited
{
    public const int NameMaxLength = 120;
    public const int BodyMaxLength = 4000;
    public const int LanguageMaxLength = LanguageTags.MaxLength;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public TemplatePurpose Purpose { get; private set; }
    /// <summary><see cref="Channel.None"/> stands for any channel.</summary>
    public Channel Channel { get; private set; }
    /// <summary>BCP 47, as .NET names the culture (en-GB, fr-FR, fr).</summary>
    public string Language { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Body { get; private set; } = "";
    public bool BuiltIn { get; private set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; private set; }

    public string AuditSubjectType => "organisation";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "template";

    public static ReplyTemplate Create(TemplatePurpose purpose, Channel channel, string language, string name, string body, DateTime now)
    {
        var t = new ReplyTemplate { CreatedAt = now };
        t.Define(purpose, channel, language, name, body, now);
        return t;
    }

    /// <summary>One of the texts Rapport writes itself (<see cref="BuiltInTemplates"/>).</summary>
    public static ReplyTemplate BuiltInText(Guid id, TemplatePurpose purpose, string language, string name, string body, DateTime at,
        Channel channel = Channel.None)
    {
        var t = new ReplyTemplate { Id = id, CreatedAt = at };
        t.Define(purpose, channel, language, name, body, at);
        t.BuiltIn = true;
        return t;
    }

    /// <summary>Validates and sets everything; a built-in template keeps its purpose (the text Rapport writes depends on it).</summary>
    public void Define(TemplatePurpose purpose, Channel channel, string language, string name, string body, DateTime now)
    {
        if (BuiltIn && purpose != Purpose)
        {
            throw new InvalidInputException("purpose", $"This built-in template is Rapport's {TemplatePurposes.Label(Purpose).ToLowerInvariant()} text; its purpose cannot change.");
        }

        name = name.Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new InvalidInputException("name", $"Give the template a name of 1 to {NameMaxLength} characters.");
        }

        if (body.Trim().Length == 0 || body.Length > BodyMaxLength)
        {
            throw new InvalidInputException("body", $"Write a body of 1 to {BodyMaxLength} characters.");
        }

        if (TemplateRenderer.Check(body) is { } problem)
        {
            throw new InvalidInputException("body", problem.ToString());
        }

        Purpose = purpose;
        Channel = channel;
        Language = LanguageTags.Normalise(language, "language");
        Name = name;
        Body = body.Trim();
        UpdatedAt = now;
    }
}
