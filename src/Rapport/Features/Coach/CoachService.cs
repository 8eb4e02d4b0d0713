using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Coach;

/// <summary>
/// Checks drafts for the API and the composer: gathers what the coach needs about the conversation (only one the caller
/// may see), then runs the pure checks of <see cref="DraftCoach"/>. Also reads and saves the glossary.
/// </summary>
public sealed class CoachService(RapportDbContext db, TimeProvider time)
{
    public const int MaxDraftLength = 20_000;

    // The compiled glossary is reused until the stored JSON changes (several databases in one test process: keyed by it).
    private static Compiled? compiled;

    private sealed record Compiled(string Json, Glossary Glossary);

    /// <summary>The suggestions for a draft, or null when the conversation does not exist or the viewer may not see it.</summary>
    public async Task<CoachCheckDto?> CheckAsync(string text, Guid? conversationId, Viewer viewer, CancellationToken ct)
    {
        if (await ContextAsync(conversationId, viewer, ct) is not { } context)
        {
            return null;
        }

        var upset = InboundSentiment.Read(context.LastInbound);
        return new CoachCheckDto(DraftCoach.Check(text, context).Select(CoachSuggestionDto.From).ToList(), context.CustomerName,
            context.CustomerName is null ? null : context.Awareness.ToString().ToLowerInvariant(), upset.Upset,
            upset.Upset ? upset.Cues.Where(c => c.Weight < 0).Select(c => c.Kind is null ? c.Words : $"{c.Words} ({c.Kind})").ToList() : [], context.IsComplaint);
    }

    public async Task<CoachContext?> ContextAsync(Guid? conversationId, Viewer viewer, CancellationToken ct)
    {
        var calendar = await OrganisationCalendar.LoadAsync(db, ct);
        var context = CoachContext.Bare(new PromiseContext(time.GetUtcNow(), calendar.TimeZone, calendar), await GlossaryAsync(ct));
        if (conversationId is not { } id)
        {
            return context;
        }

        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == id).VisibleTo(db, viewer)
            .Select(c => new { c.CustomerId }).FirstOrDefaultAsync(ct);
        if (conversation is null)
        {
            return null;
        }

        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == conversation.CustomerId)
            .Select(c => new { c.Name, c.Type, c.ErasedAt, c.Profile.TechnicalAwareness, c.Profile.Language }).FirstOrDefaultAsync(ct);
        var lastInbound = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == id && m.Direction == MessageDirection.Inbound && !m.IsAutomatic)
            .OrderByDescending(m => m.At).Select(m => m.Text).FirstOrDefaultAsync(ct);
        var complaint = await db.CaseConversations.Where(l => l.ConversationId == id)
            .Join(db.Cases, l => l.CaseId, c => c.Id, (l, c) => c)
            .AnyAsync(c => c.Kind == CaseKinds.Complaint && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed, ct);
        return customer is null || customer.ErasedAt is not null
            ? context with { LastInbound = lastInbound, IsComplaint = complaint }
            : context with
            {
                CustomerName = customer.Name,
                CustomerIsPerson = customer.Type == PartyType.Person,
                Awareness = customer.TechnicalAwareness,
                Language = customer.Language,
                LastInbound = lastInbound,
                IsComplaint = complaint,
            };
    }

    public async Task<Glossary> GlossaryAsync(CancellationToken ct)
    {
        var json = await db.Set<CoachSettings>().AsNoTracking().Where(s => s.Id == CoachSettings.SingletonId).Select(s => s.Glossary).FirstOrDefaultAsync(ct);
        if (json is null)
        {
            return Glossary.Default;
        }

        if (compiled is { } c && c.Json == json)
        {
            return c.Glossary;
        }

        var glossary = CoachSettings.Parse(json);
        compiled = new Compiled(json, glossary);
        return glossary;
    }

    public async Task<GlossaryDto> GlossaryDtoAsync(CancellationToken ct)
    {
        var stored = await db.Set<CoachSettings>().AsNoTracking().AnyAsync(s => s.Id == CoachSettings.SingletonId, ct);
        var glossary = await GlossaryAsync(ct);
        return new GlossaryDto(glossary.Terms.Select(t => new GlossaryTermDto(t.Term, t.Plain)).ToList(), IsDefault: !stored);
    }

    /// <summary>Replaces the whole glossary (an empty list switches the jargon check off); invalid terms are a 400 naming the field.</summary>
    public async Task<GlossaryDto> SetGlossaryAsync(GlossaryDto request, CancellationToken ct)
    {
        var glossary = new Glossary((request.Terms ?? []).Select(t => new GlossaryTerm(t?.Term ?? "", t?.Plain ?? "")));
        var settings = await db.Set<CoachSettings>().FirstOrDefaultAsync(s => s.Id == CoachSettings.SingletonId, ct);
        if (settings is null)
        {
            settings = new CoachSettings();
            db.Add(settings);
        }

        settings.SetGlossary(glossary, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return await GlossaryDtoAsync(ct);
    }
}
