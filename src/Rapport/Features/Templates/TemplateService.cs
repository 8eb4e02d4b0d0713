using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Features.Organisation;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Templates;

/// <summary>Who and what a rendering is about: a customer, and optionally one of their cases or conversations.</summary>
public sealed record TemplateSubject(Guid CustomerId, Guid? CaseId = null, Guid? ConversationId = null);

/// <summary>A known customer to greet: their name, kind of party, since when they are a customer, and their language (BCP 47) if known.</summary>
public sealed record GreetingSubject(string Name, PartyType Type, DateTime CustomerSince, string? Language);

/// <summary>Values only some texts have: the delay's new time and reason marker, the referral's addressee.</summary>
public sealed record TemplateExtras(DateTime? DelayNewTimeUtc = null, string? DelayReason = null, string? ReferralTo = null, bool ReferralToTeam = false,
    string? ChannelFrom = null, string? ChannelTo = null);

/// <summary>Managing, choosing and rendering reply templates; shared by the API, the screens and the features whose texts are templates.</summary>
public sealed class TemplateService(RapportDbContext db, TimeProvider time, GreetingIngredients greetingIngredients)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<List<ReplyTemplate>> ListAsync(TemplatePurpose? purpose, Channel? channel, string? language, CancellationToken ct)
    {
        var query = db.Set<ReplyTemplate>().AsNoTracking();
        if (purpose is { } p)
        {
            query = query.Where(t => t.Purpose == p);
        }

        if (channel is { } c)
        {
            query = query.Where(t => t.Channel == c);
        }

        if (!string.IsNullOrWhiteSpace(language))
        {
            var tag = LanguageTags.Normalise(language, "language");
            query = query.Where(t => t.Language == tag);
        }

        return (await query.ToListAsync(ct)).OrderBy(t => t.Purpose).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
    }

    public Task<ReplyTemplate?> GetAsync(Guid id, CancellationToken ct) => db.Set<ReplyTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);

    public async Task<ReplyTemplate> CreateAsync(TemplateRequest request, CancellationToken ct)
    {
        var template = ReplyTemplate.Create(request.Purpose!.Value, request.Channel ?? Channel.None, request.Language, request.Name, request.Body, Now);
        await RequireUniqueNameAsync(template, ct);
        db.Add(template);
        await db.SaveChangesAsync(ct);
        return template;
    }

    public async Task<ReplyTemplate?> UpdateAsync(Guid id, TemplateRequest request, CancellationToken ct)
    {
        var template = await db.Set<ReplyTemplate>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return null;
        }

        template.Define(request.Purpose!.Value, request.Channel ?? Channel.None, request.Language, request.Name, request.Body, Now);
        await RequireUniqueNameAsync(template, ct);
        await db.SaveChangesAsync(ct);
        return template;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        var template = await db.Set<ReplyTemplate>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return false;
        }

        if (template.BuiltIn)
        {
            throw new InvalidInputException("id", "Rapport writes this text itself (delay explanations, referrals, greetings); edit the template instead of deleting it.");
        }

        db.Remove(template);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The organisation's default language (BCP 47).</summary>
    public async Task<string> DefaultLanguageAsync(CancellationToken ct) =>
        await db.OrganisationSettings.AsNoTracking().Select(o => o.DefaultLanguage).FirstOrDefaultAsync(ct) ?? OrganisationSettings.DefaultLanguageTag;

    /// <summary>The templates that fit a conversation (its channel or any), best first, with the best of each purpose marked.</summary>
    public async Task<List<MatchingTemplateDto>?> MatchingAsync(Guid conversationId, Viewer viewer, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).VisibleTo(db, viewer)
            .Select(c => new { c.LastChannel, c.CustomerId }).FirstOrDefaultAsync(ct);
        if (conversation is null)
        {
            return null;
        }

        var language = await CustomerLanguageAsync(conversation.CustomerId, ct);
        var ranked = TemplateSelection.Ranked(await db.Set<ReplyTemplate>().AsNoTracking().ToListAsync(ct), conversation.LastChannel, language,
            await DefaultLanguageAsync(ct)).ToList();
        var best = ranked.GroupBy(t => t.Purpose).Select(g => g.First().Id).ToHashSet();
        return ranked.OrderBy(t => t.Purpose).ThenByDescending(t => best.Contains(t.Id))
            .Select(t => new MatchingTemplateDto(t.Id, t.Purpose, t.Name, TemplateDto.ChannelKey(t.Channel), t.Language, best.Contains(t.Id))).ToList();
    }

    /// <summary>
    /// Renders a saved template (<paramref name="templateId"/>) or the best one of <paramref name="purpose"/> for
    /// <paramref name="subject"/>, on the subject's conversation channel (or <paramref name="channel"/>). Null when no
    /// template has that id or that purpose.
    /// </summary>
    public async Task<RenderedTemplateDto?> RenderAsync(Guid? templateId, TemplatePurpose? purpose, TemplateSubject subject, Channel? channel,
        TemplateExtras extras, Viewer viewer, string? agentName, CancellationToken ct)
    {
        var context = await ContextAsync(subject, viewer, ct);
        var on = channel ?? context.Channel;
        ReplyTemplate? template;
        if (templateId is { } id)
        {
            template = await GetAsync(id, ct);
        }
        else
        {
            var candidates = await db.Set<ReplyTemplate>().AsNoTracking().Where(t => t.Purpose == purpose).ToListAsync(ct);
            template = TemplateSelection.Best(candidates, purpose ?? TemplatePurpose.Free, on, context.Language, await DefaultLanguageAsync(ct));
        }

        return template is null ? null : await RenderAsync(template.Body, template.Language, template.Id, template.Name, on, context, extras, agentName, ct);
    }

    /// <summary>
    /// The greeting for whoever is contacting us on <paramref name="channel"/>: the best GreetingReturning template for a
    /// known customer (in their language), the best GreetingFirstContact template for someone new (null).
    /// </summary>
    public async Task<string> GreetingAsync(GreetingSubject? customer, Channel channel, CancellationToken ct)
    {
        var purpose = customer is null ? TemplatePurpose.GreetingFirstContact : TemplatePurpose.GreetingReturning;
        var (organisationName, defaultLanguage, candidates) = await greetingIngredients.ForAsync(db, purpose, ct);
        var language = string.IsNullOrWhiteSpace(customer?.Language) ? null : customer.Language;
        var template = TemplateSelection.Best(candidates, purpose, channel, language, defaultLanguage)
            ?? throw new InvalidOperationException($"No {purpose} template exists; the built-in one cannot be deleted.");
        var dateLanguage = language ?? template.Language;
        var values = new TemplateValues { OrganisationName = organisationName };
        if (customer is not null)
        {
            values = values with
            {
                CustomerName = customer.Name,
                CustomerFirstName = FirstName(customer.Type, customer.Name),
                CustomerSince = Since(customer.CustomerSince, dateLanguage),
                CustomerTenure = ReturningCustomerLookup.Tenure(customer.CustomerSince, Now),
            };
        }

        return TemplateRenderer.Render(template.Body, values, dateLanguage);
    }

    private static string FirstName(PartyType type, string name) =>
        type == PartyType.Organisation ? name : name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? name;

    /// <summary>"January 2023": the month, in the customer's language.</summary>
    private static string Since(DateTime since, string language) => since.ToString("MMMM yyyy", TemplateRenderer.CultureFor(language));

    /// <summary>Renders a draft body (checked first, so a bad one is a problem naming "body") for a real customer.</summary>
    public async Task<RenderedTemplateDto> PreviewDraftAsync(string body, Channel channel, string? language, TemplateSubject subject, Viewer viewer,
        string? agentName, CancellationToken ct)
    {
        if (TemplateRenderer.Check(body) is { } problem)
        {
            throw new InvalidInputException("body", problem.ToString());
        }

        var tag = string.IsNullOrWhiteSpace(language) ? await DefaultLanguageAsync(ct) : LanguageTags.Normalise(language, "language");
        var context = await ContextAsync(subject, viewer, ct);
        return await RenderAsync(body, tag, null, null, channel, context, new TemplateExtras(), agentName, ct);
    }

    /// <summary>The text of the best template of <paramref name="purpose"/>, for the features whose customer texts are templates.</summary>
    public async Task<string> TextAsync(TemplatePurpose purpose, TemplateSubject subject, TemplateExtras extras, Viewer viewer, string? agentName,
        CancellationToken ct) =>
        (await RenderAsync(null, purpose, subject, null, extras, viewer, agentName, ct))?.Text
        ?? throw new InvalidOperationException($"No {purpose} template exists; the built-in one cannot be deleted.");

    private async Task<RenderedTemplateDto> RenderAsync(string body, string language, Guid? id, string? name, Channel channel, Context context,
        TemplateExtras extras, string? agentName, CancellationToken ct)
    {
        // Dates read in the customer's language when it is known, else in the template's.
        var dateLanguage = context.Language ?? language;
        var zone = (await OrganisationCalendar.LoadAsync(db, ct)).TimeZone;
        var values = context.Values with
        {
            AgentName = agentName,
            CustomerSince = Since(context.CustomerSince, dateLanguage),
            PromiseDue = context.PromiseDueUtc is { } due ? TemplateDates.Format(due, zone, dateLanguage) : null,
            DelayNewTime = extras.DelayNewTimeUtc is { } at ? TemplateDates.Format(at, zone, dateLanguage) : null,
            DelayReason = extras.DelayReason,
            ReferralTo = extras.ReferralTo,
            ReferralToTeam = extras.ReferralToTeam,
            ChannelFrom = extras.ChannelFrom,
            ChannelTo = extras.ChannelTo,
        };
        var text = TemplateRenderer.Render(body, values, dateLanguage);
        return new RenderedTemplateDto(id, name, language, TemplateDto.ChannelKey(channel), text, channel == Channel.Sms ? SmsSegments.Count(text) : null);
    }

    private sealed record Context(TemplateValues Values, string? Language, Channel Channel, DateTime? PromiseDueUtc, DateTime CustomerSince);

    /// <summary>Reads the customer, case, conversation and next promise; one the viewer may not see is refused as if it did not exist.</summary>
    private async Task<Context> ContextAsync(TemplateSubject subject, Viewer viewer, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == subject.CustomerId && c.MergedIntoId == null)
            .Select(c => new { c.Name, c.Type, c.Profile.Language, c.CustomerSince }).FirstOrDefaultAsync(ct)
            ?? throw new InvalidInputException("customerId", $"No customer has the id '{subject.CustomerId}'.");
        var channel = Channel.None;
        var caseId = subject.CaseId;
        if (subject.ConversationId is { } conversationId)
        {
            var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId && c.CustomerId == subject.CustomerId)
                .VisibleTo(db, viewer).Select(c => new { c.LastChannel }).FirstOrDefaultAsync(ct)
                ?? throw new InvalidInputException("conversationId", $"The customer has no conversation with the id '{conversationId}'.");
            channel = conversation.LastChannel;
            caseId ??= await db.CaseConversations.Where(l => l.ConversationId == conversationId)
                .Join(db.Cases.VisibleTo(db, viewer), l => l.CaseId, c => c.Id, (l, c) => new { c.Id, l.LinkedAt })
                .OrderByDescending(x => x.LinkedAt).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);
        }

        string? caseNumber = null, caseTitle = null;
        if (caseId is { } id)
        {
            var c = await db.Cases.AsNoTracking().Where(x => x.Id == id && x.CustomerId == subject.CustomerId).VisibleTo(db, viewer)
                .FirstOrDefaultAsync(ct) ?? throw new InvalidInputException("caseId", $"The customer has no case with the id '{id}'.");
            (caseNumber, caseTitle) = (c.Reference, c.Title);
        }

        var promises = db.Set<Promise>().AsNoTracking().Where(p => p.CustomerId == subject.CustomerId
            && (p.Status == PromiseStatus.Open || p.Status == PromiseStatus.Renegotiated)).VisibleTo(db, viewer);
        if (caseId is { } onCase)
        {
            promises = promises.Where(p => p.CaseId == onCase);
        }

        var promise = await promises.OrderBy(p => p.DueAt).Select(p => new { p.DueAt, p.What }).FirstOrDefaultAsync(ct);
        var organisation = await db.OrganisationSettings.AsNoTracking().Select(o => o.Name).FirstOrDefaultAsync(ct) ?? new OrganisationSettings().Name;
        var values = new TemplateValues
        {
            CustomerName = customer.Name,
            CustomerFirstName = FirstName(customer.Type, customer.Name),
            CustomerTenure = ReturningCustomerLookup.Tenure(customer.CustomerSince, Now),
            CaseNumber = caseNumber,
            CaseTitle = caseTitle,
            PromiseWhat = promise?.What,
            OrganisationName = organisation,
        };
        return new Context(values, string.IsNullOrWhiteSpace(customer.Language) ? null : customer.Language, channel, promise?.DueAt, customer.CustomerSince);
    }

    /// <summary>
    /// The text of the best template of <paramref name="purpose"/> about a case or a conversation the user may see (for a
    /// case, on its latest conversation's channel); null when they may see neither.
    /// </summary>
    public async Task<string?> TextForAsync(TemplatePurpose purpose, Guid? caseId, Guid? conversationId, TemplateExtras extras, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var viewer = Viewer.Of(user);
        Guid? customerId;
        if (conversationId is { } id)
        {
            customerId = await CustomerOfConversationAsync(id, viewer, ct);
        }
        else
        {
            customerId = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).VisibleTo(db, viewer).Select(c => (Guid?)c.CustomerId).FirstOrDefaultAsync(ct);
            conversationId = await db.CaseConversations.Where(l => l.CaseId == caseId)
                .Join(db.Conversations.VisibleTo(db, viewer), l => l.ConversationId, c => c.Id, (l, c) => c)
                .OrderByDescending(c => c.LastMessageAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        }

        return customerId is { } customer
            ? await TextAsync(purpose, new TemplateSubject(customer, caseId, conversationId), extras, viewer, AgentName(user), ct)
            : null;
    }

    /// <summary>Customers whose name starts with <paramref name="text"/> (for choosing whom to preview a template for).</summary>
    public async Task<List<(Guid Id, string Name)>> CustomersNamedAsync(string? text, CancellationToken ct)
    {
        var q = (text ?? "").Trim().ToLowerInvariant();
        var rows = await db.Customers.AsNoTracking().Where(c => c.MergedIntoId == null && c.ErasedAt == null && c.NameNormalized.StartsWith(q))
            .OrderBy(c => c.NameNormalized).Take(20).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Name)).ToList();
    }

    /// <summary>The customer of a conversation the viewer may see, else null.</summary>
    public async Task<Guid?> CustomerOfConversationAsync(Guid conversationId, Viewer viewer, CancellationToken ct) =>
        await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).VisibleTo(db, viewer).Select(c => (Guid?)c.CustomerId).FirstOrDefaultAsync(ct);

    private async Task<string?> CustomerLanguageAsync(Guid customerId, CancellationToken ct) =>
        await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => c.Profile.Language).FirstOrDefaultAsync(ct);

    private async Task RequireUniqueNameAsync(ReplyTemplate template, CancellationToken ct)
    {
        if (await db.Set<ReplyTemplate>().AnyAsync(t => t.Name == template.Name && t.Id != template.Id, ct))
        {
            throw new InvalidInputException("name", $"A template named '{template.Name}' already exists.");
        }
    }

    /// <summary>The display name of the signed-in member of staff, for agent.name.</summary>
    public static string? AgentName(ClaimsPrincipal user) => user.FindFirstValue(RapportClaims.DisplayName);
}
