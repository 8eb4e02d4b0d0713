using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Features.Templates;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.ServiceStandards;

/// <summary>Administering service standards, and reading and acting on a case's clocks; shared by the API and the screens.</summary>
public sealed class ServiceStandardService(RapportDbContext db, TimeProvider time,
    IEnumerable<ICaseDelaySignal> delaySignals, ReplyService replies, TemplateService templates)
{
    public const string ReasonMarker = "[say why]";
    public const int MaxWithinMinutes = 7 * 24 * 60;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<CalendarDto> CalendarAsync(CancellationToken ct) => CalendarDto.From(await OrganisationCalendar.LoadAsync(db, ct));

    public async Task<CalendarDto> SetCalendarAsync(CalendarDto request, CancellationToken ct)
    {
        var calendar = request.ToCalendar();
        var settings = await ServiceSettings.LoadAsync(db, ct);
        settings.SetCalendar(calendar);
        await db.SaveChangesAsync(ct);
        OrganisationCalendar.Invalidate(db);
        return CalendarDto.From(calendar);
    }

    /// <summary>The built-in delay explanation template (any channel): the one the API's delay-template reads and writes.</summary>
    public async Task<DelayTemplateDto> DelayTemplateAsync(CancellationToken ct) =>
        new((await templates.GetAsync(BuiltInTemplates.DelayId, ct))?.Body ?? BuiltInTemplates.DelayBody);

    public async Task<DelayTemplateDto> SetDelayTemplateAsync(DelayTemplateDto request, CancellationToken ct)
    {
        if (request.Template is { } text && StorableText.Clean(text) != text)
        {
            // PostgreSQL cannot store NUL, and half a surrogate pair is not Unicode: refused here, not a 500 at save.
            throw new InvalidInputException("template", "The template contains a NUL character or half of a surrogate pair.");
        }

        var current = await templates.GetAsync(BuiltInTemplates.DelayId, ct)
            ?? throw new InvalidOperationException("The built-in delay template is missing; it is seeded by the migrations and cannot be deleted.");
        try
        {
            var saved = await templates.UpdateAsync(current.Id, new TemplateRequest(current.Purpose, current.Language, current.Name,
                request.Template ?? "", current.Channel), ct);
            return new(saved!.Body);
        }
        catch (InvalidInputException e) when (e.Field == "body")
        {
            throw new InvalidInputException("template", e.Message);
        }
    }

    public async Task<IReadOnlyList<ServicePolicyDto>> PoliciesAsync(CancellationToken ct) =>
        (await db.Set<ServicePolicy>().AsNoTracking().ToListAsync(ct)).OrderByDescending(p => p.Specificity).ThenBy(p => p.Name)
            .Select(p => p.ToDto()).ToList();

    /// <summary>Creates (id null) or replaces a policy. It applies to new cases at once and to open ones the next time they change.</summary>
    public async Task<ServicePolicy?> SavePolicyAsync(Guid? id, ServicePolicyRequest request, CancellationToken ct)
    {
        var policy = id is null ? new ServicePolicy() : await db.Set<ServicePolicy>().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (policy is null)
        {
            return null;
        }

        var kind = string.IsNullOrWhiteSpace(request.Kind) ? null : await RequireKindAsync(request.Kind, ct);
        policy.Define(request.Name ?? "", request.Channel, kind, request.Priority, request.FirstResponseMinutes, request.CustomerUpdateMinutes,
            request.ResolutionMinutes, request.BusinessHours ?? true);
        var others = await db.Set<ServicePolicy>().AsNoTracking().Where(p => p.Id != policy.Id).ToListAsync(ct);
        if (others.FirstOrDefault(policy.SameCriteria) is { } twin)
        {
            throw new InvalidInputException("channel", $"The policy '{twin.Name}' already covers this channel, kind and priority; change that one instead.");
        }

        if (id is null)
        {
            db.Add(policy);
        }

        await db.SaveChangesAsync(ct);
        return policy;
    }

    public async Task<bool> DeletePolicyAsync(Guid id, CancellationToken ct)
    {
        var policy = await db.Set<ServicePolicy>().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (policy is null)
        {
            return false;
        }

        db.Remove(policy);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Running clocks due within <paramref name="within"/> (soonest first), and open breached ones (latest first).</summary>
    public async Task<DueSoonDto> DueSoonAsync(TimeSpan within, int limit, Viewer viewer, CancellationToken ct)
    {
        var now = Now;
        var until = now + within;
        // The join to cases does not keep the order of the limited subquery.
        var due = (await Listed(ServiceClockQueries.DueBy(db, until), limit, viewer, ct)).OrderBy(t => t.DueAt).ToList();
        var breached = (await Listed(ServiceClockQueries.Breached(db), limit, viewer, ct)).OrderByDescending(t => t.BreachedAt).ToList();
        return new DueSoonDto(now, within, due, breached);
    }

    private async Task<List<DueTargetDto>> Listed(IQueryable<CaseTarget> targets, int limit, Viewer viewer, CancellationToken ct)
    {
        // Visibility filters before the limit, so an agent outside a restricted team still gets a full page of their own.
        var visible = viewer.SeesAll ? targets : targets.Where(t => db.Cases.VisibleTo(db, viewer).Any(c => c.Id == t.CaseId));
        var rows = await visible.Take(limit).Join(db.Cases, t => t.CaseId, c => c.Id, (t, c) => new { t, c }).ToListAsync(ct);
        return rows.Select(x => new DueTargetDto(x.c.Id, x.c.Reference, x.c.Title, x.c.Status, x.c.Priority, x.c.OwnerId, x.t.Kind,
            x.t.DueAt!.Value, x.t.BreachedAt)).ToList();
    }

    public async Task<CaseServiceDto?> ForCaseAsync(Guid caseId, Viewer viewer, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId).VisibleTo(db, viewer).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }

        var now = Now;
        var calendar = await OrganisationCalendar.LoadAsync(db, ct);
        var targets = (await db.Set<CaseTarget>().AsNoTracking().Where(t => t.CaseId == caseId).ToListAsync(ct))
            .OrderBy(t => t.Kind).Select(t => View(t, calendar, now)).ToList();
        var reasons = new List<string>();
        foreach (var signal in delaySignals)
        {
            reasons.AddRange(await signal.ReasonsAsync(caseId, now, ct));
        }

        var since = c.LastCustomerUpdateAt ?? c.CreatedAt;
        var conversationId = await LatestConversationAsync(caseId, viewer, ct);
        var suggestion = reasons.Count > 0 || c.LastCustomerUpdateAt is not null ? await SuggestAsync(c, conversationId, targets, calendar, now, viewer, ct) : null;
        return new CaseServiceDto(c.Id, targets, c.LastCustomerUpdateAt, now - since, reasons.Count > 0, reasons, suggestion, conversationId);
    }

    /// <summary>
    /// Sends the explanation on the customer's channel, through the case's most recently linked conversation; as any
    /// reply there it counts as an update to the customer (and restarts the update-interval clock).
    /// </summary>
    public async Task<Message?> ExplainDelayAsync(Guid caseId, DelayExplanationRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == caseId, ct))
        {
            return null;
        }

        var text = request.Text?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new InvalidInputException("text", "Write the explanation to send to the customer.");
        }

        if (text.Contains(ReasonMarker, StringComparison.Ordinal))
        {
            throw new InvalidInputException("text", $"Replace {ReasonMarker} with the reason for the delay before sending.");
        }

        var conversationId = await LatestConversationAsync(caseId, Viewer.Of(user), ct)
            ?? throw new InvalidInputException("caseId", "This case has no linked conversation to tell the customer on; link one first.");
        return await replies.ReplyAsync(conversationId, text, user, ct);
    }

    private CaseTargetDto View(CaseTarget t, BusinessCalendar calendar, DateTime now)
    {
        var clock = TargetPlanner.ClockFor(t.BusinessHours, calendar);
        var due = t.DueAt ?? (t.PausedAt is { } since && t.MetAt is null
            ? clock.Add(Utc(now), Max(TimeSpan.Zero, t.Target + t.PausedFor - clock.Elapsed(Utc(t.StartedAt), Utc(since)))).UtcDateTime
            : t.DueIfRunning(clock));
        var state = t.MetAt is { } met ? (t.BreachedAt is not null || met > due ? "metLate" : "met")
            : t.BreachedAt is not null || (t.DueAt is not null && t.DueAt <= now) ? "breached"
            : t.PausedAt is not null ? "paused"
            : "running";
        return new CaseTargetDto(t.Kind, state, due, due - now, t.BusinessHours, t.StartedAt, t.MetAt, t.BreachedAt, t.PolicyId);
    }

    /// <summary>The delay template that fits the customer's channel and language, filled in for this case.</summary>
    private async Task<string> SuggestAsync(Case c, Guid? conversationId, IReadOnlyList<CaseTargetDto> targets, BusinessCalendar calendar,
        DateTime now, Viewer viewer, CancellationToken ct)
    {
        // The new time: the resolution target when it is still ahead, else the end of the next business day.
        var resolution = targets.FirstOrDefault(t => t.Target == TargetKind.Resolution && t.DueAt > now)?.DueAt;
        var newTime = resolution ?? calendar.ClosingTime(calendar.OpenDateAfter(calendar.LocalDate(Utc(now)), 1))!.Value.UtcDateTime;
        return await templates.TextAsync(TemplatePurpose.Delay, new TemplateSubject(c.CustomerId, c.Id, conversationId),
            new TemplateExtras(DelayNewTimeUtc: newTime, DelayReason: ReasonMarker), viewer, null, ct);
    }

    /// <summary>The case's conversation the customer was last in touch on, among those <paramref name="viewer"/> may see.</summary>
    private Task<Guid?> LatestConversationAsync(Guid caseId, Viewer viewer, CancellationToken ct) =>
        db.CaseConversations.Where(l => l.CaseId == caseId)
            .Join(db.Conversations.VisibleTo(db, viewer), l => l.ConversationId, x => x.Id, (l, x) => new { x.Id, x.LastMessageAt, l.LinkedAt })
            .OrderByDescending(x => x.LastMessageAt).ThenByDescending(x => x.LinkedAt).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);

    private async Task<string> RequireKindAsync(string kind, CancellationToken ct)
    {
        var key = kind.Trim().ToLowerInvariant();
        if (CaseKinds.BuiltIn.Any(k => k.Key == key) || await db.CaseKinds.AnyAsync(k => k.Key == key, ct))
        {
            return key;
        }

        throw new InvalidInputException("kind", $"'{kind}' is not a kind of case.");
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
