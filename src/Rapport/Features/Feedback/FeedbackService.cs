using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>Changes staff make: logging feedback, theming it, the survey settings, and improvement ideas. Each method is one save.</summary>
public sealed class FeedbackService(RapportDbContext db, TimeProvider time)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Logs feedback from a source other than a survey. A case or conversation it is about must be one the caller may
    /// see (else: 400 naming it, as if it did not exist); the customer follows from them when not given.
    /// </summary>
    public async Task<FeedbackEntry> LogAsync(LogFeedbackRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.Source == FeedbackSource.Survey)
        {
            throw new InvalidInputException("source", "Survey answers come from the survey page; log verbal, letter, review, serviceAudit or other.");
        }

        var viewer = Viewer.Of(user);
        var customerId = request.CustomerId;
        if (request.CaseId is { } caseId)
        {
            var owner = await db.Cases.Where(c => c.Id == caseId).VisibleTo(db, viewer).Select(c => (Guid?)c.CustomerId).FirstOrDefaultAsync(ct)
                ?? throw new InvalidInputException("caseId", $"No case has the id '{caseId}'.");
            customerId = SameCustomer(customerId, owner, "caseId");
        }

        if (request.ConversationId is { } conversationId)
        {
            var owner = await db.Conversations.Where(c => c.Id == conversationId).VisibleTo(db, viewer).Select(c => (Guid?)c.CustomerId).FirstOrDefaultAsync(ct)
                ?? throw new InvalidInputException("conversationId", $"No conversation has the id '{conversationId}'.");
            customerId = SameCustomer(customerId, owner, "conversationId");
        }

        if (customerId is { } id && !await db.Customers.AnyAsync(c => c.Id == id && c.MergedIntoId == null && c.ErasedAt == null, ct))
        {
            throw new InvalidInputException("customerId", $"No customer has the id '{id}'.");
        }

        var now = Now;
        var givenAt = request.GivenAt?.UtcDateTime ?? now;
        if (givenAt > now.AddMinutes(5))
        {
            throw new InvalidInputException("givenAt", "Feedback cannot be given in the future.");
        }

        var entry = FeedbackEntry.Create(request.Source, request.Scale, request.Score, request.Text, givenAt, now, customerId, request.CaseId,
            request.ConversationId, recordedById: user.UserId(), recordedByName: NameOf(user));
        entry.SetThemes(request.Themes ?? []);
        db.Set<FeedbackEntry>().Add(entry);
        await db.SaveChangesAsync(ct);
        return entry;
    }

    /// <summary>Replaces the themes of feedback the caller may see; null when there is none.</summary>
    public async Task<FeedbackEntry?> SetThemesAsync(Guid id, IEnumerable<string> themes, ClaimsPrincipal user, CancellationToken ct)
    {
        var entry = await db.Set<FeedbackEntry>().Where(f => f.Id == id).VisibleTo(db, Viewer.Of(user)).Include(f => f.Themes).FirstOrDefaultAsync(ct);
        if (entry is null)
        {
            return null;
        }

        entry.SetThemes(themes);
        await db.SaveChangesAsync(ct);
        return entry;
    }

    public async Task<SurveySettings> ChangeSettingsAsync(SurveySettingsDto request, CancellationToken ct)
    {
        var settings = await db.Set<SurveySettings>().FirstOrDefaultAsync(s => s.Id == SurveySettings.SingletonId, ct);
        if (settings is null)
        {
            settings = new SurveySettings();
            db.Set<SurveySettings>().Add(settings);
        }

        settings.Change(request.Enabled, request.Kind, request.AskComment, request.QuietDays, request.LinkDays);
        await db.SaveChangesAsync(ct);
        return settings;
    }

    /// <summary>Proposes an idea linked to feedback the caller may see (other ids: 400 naming feedbackIds).</summary>
    public async Task<ImprovementIdea> ProposeAsync(ProposeIdeaRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var idea = ImprovementIdea.Propose(request.Title, request.Detail, user.UserId(), NameOf(user), Now);
        var wanted = (request.FeedbackIds ?? []).Distinct().ToList();
        if (wanted.Count > 50)
        {
            throw new InvalidInputException("feedbackIds", "An idea links at most 50 pieces of feedback.");
        }

        var found = await db.Set<FeedbackEntry>().Where(f => wanted.Contains(f.Id)).VisibleTo(db, Viewer.Of(user)).Select(f => f.Id).ToListAsync(ct);
        if (wanted.Except(found).ToList() is [var missing, ..])
        {
            throw new InvalidInputException("feedbackIds", $"No feedback has the id '{missing}'.");
        }

        idea.Feedback.AddRange(found.Select(f => new ImprovementIdeaFeedback { IdeaId = idea.Id, FeedbackId = f }));
        db.Set<ImprovementIdea>().Add(idea);
        await db.SaveChangesAsync(ct);
        return idea;
    }

    public Task<ImprovementIdea?> AgreeAsync(Guid id, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeIdeaAsync(id, i => i.Agree(user.UserId(), NameOf(user), Now), ct);

    public Task<ImprovementIdea?> CompleteAsync(Guid id, string? outcome, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeIdeaAsync(id, i => i.Complete(outcome, user.UserId(), NameOf(user), Now), ct);

    private async Task<ImprovementIdea?> ChangeIdeaAsync(Guid id, Action<ImprovementIdea> change, CancellationToken ct)
    {
        var idea = await db.Set<ImprovementIdea>().Include(i => i.Feedback).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (idea is null)
        {
            return null;
        }

        change(idea);
        await db.SaveChangesAsync(ct);
        return idea;
    }

    /// <summary>The id of the case a person typed (C-000123 or 123), when it is one the caller may see; else a 400 naming <c>caseId</c>.</summary>
    public async Task<Guid> CaseIdAsync(string reference, ClaimsPrincipal user, CancellationToken ct) =>
        CaseNumbers.TryParse(reference, out var number)
        && await db.Cases.Where(c => c.Number == number).VisibleTo(db, Viewer.Of(user)).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct) is { } id
            ? id
            : throw new InvalidInputException("caseId", $"No case has the number '{reference.Trim()}'.");

    private static Guid? SameCustomer(Guid? given, Guid? owner, string field) =>
        given is { } g && owner is { } o && g != o
            ? throw new InvalidInputException(field, "This is about another customer than customerId.")
            : given ?? owner;

    private static string NameOf(ClaimsPrincipal user) => user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";
}
