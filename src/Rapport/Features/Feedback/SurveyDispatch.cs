using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Conversations;
using Rapport.Features.Privacy;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>
/// Decides each due survey once and records the decision on it: not sent when surveys are switched off, when the
/// customer was sent one within the quiet period, when no channel reaches them, or without their consent to surveys on
/// that channel; otherwise sent as a message from the organisation on the case's conversation — through the reply path
/// and outbox, like any reply — with a one-time signed link to the survey page. Each decision is one transaction that
/// first claims the survey, so two nodes never send the same one.
/// </summary>
public sealed class SurveyDispatch(IServiceScopeFactory scopes, TimeProvider time, ILogger<SurveyDispatch> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private const int Batch = 100;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>A case was resolved: look soon rather than at the next tick.</summary>
    public void Nudge()
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Survey dispatch failed; retrying at the next interval");
            }

            await wake.WaitAsync(Interval, stoppingToken);
            // Nudged before the resolving save commits: give it a moment (real time; the product's clock may stand still).
            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, stoppingToken);
        }
    }

    /// <summary>Decides every due survey; returns how many this call decided.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var decided = 0;
            while (true)
            {
                List<Guid> due;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    due = await scope.ServiceProvider.GetRequiredService<RapportDbContext>().Set<SurveyInvitation>().AsNoTracking()
                        .Where(s => s.Status == SurveyStatus.Due).OrderBy(s => s.CreatedAt).Select(s => s.Id).Take(Batch).ToListAsync(ct);
                }

                foreach (var id in due)
                {
                    decided += await DecideAsync(id, ct) ? 1 : 0;
                }

                if (due.Count < Batch)
                {
                    return decided;
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<bool> DecideAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<RapportDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        // The claim: whoever changes the row first decides; the other finds it decided.
        if (await db.Set<SurveyInvitation>().Where(s => s.Id == id && s.Status == SurveyStatus.Due && s.DecidedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.DecidedAt, now), ct) == 0)
        {
            return false;
        }

        var survey = await db.Set<SurveyInvitation>().FirstAsync(s => s.Id == id, ct);
        await DecideAsync(survey, db, services, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private static async Task DecideAsync(SurveyInvitation survey, RapportDbContext db, IServiceProvider services, DateTime now, CancellationToken ct)
    {
        var settings = await SurveySettings.ReadAsync(db, ct);
        if (!settings.Enabled)
        {
            survey.NotSent("Surveys are switched off in the survey settings.", now);
            return;
        }

        var quietSince = now.AddDays(-settings.QuietDays);
        var last = await db.Set<SurveyInvitation>().Where(s => s.CustomerId == survey.CustomerId && s.SentAt != null && s.SentAt > quietSince)
            .MaxAsync(s => s.SentAt, ct);
        if (last is { } sent)
        {
            survey.NotSent($"A survey was sent to this customer on {Day(sent)}; none is sent within {settings.QuietDays} days of another "
                + $"(the next from {Day(sent.AddDays(settings.QuietDays))}).", now);
            return;
        }

        var replies = services.GetRequiredService<ReplyService>();
        var conversations = await db.CaseConversations.Where(l => l.CaseId == survey.CaseId).Select(l => l.ConversationId).ToListAsync(ct);
        var preferred = await db.Customers.Where(c => c.Id == survey.CustomerId).Select(c => c.Profile.PreferredChannel).FirstOrDefaultAsync(ct);
        if (await replies.AnswerableAsync(conversations, preferred, ct) is not { } route)
        {
            survey.NotSent("No channel reaches the customer: no conversation of the case has a message from them that a reply can answer.", now);
            return;
        }

        var consent = await services.GetRequiredService<ConsentCheck>().AllowsAsync(survey.CustomerId, ConsentPurpose.Surveys, ConsentCheck.ChannelOf(route.GoesOutOn), ct);
        if (!consent.Allowed)
        {
            survey.NotSent(consent.Reason, now);
            return;
        }

        var expires = now.AddDays(settings.LinkDays);
        var link = services.GetRequiredService<PublicUrl>().For(SurveyPage.PathFor(services.GetRequiredService<SurveyTokens>().Issue(survey.Id, expires)));
        var organisation = await OrganisationName.ReadAsync(db, ct);
        var reference = await db.Cases.Where(c => c.Id == survey.CaseId).Select(c => c.Number).FirstAsync(ct);
        var text = $"Thank you for contacting {organisation}. Your case {Cases.CaseNumbers.Format(reference)} is resolved. "
            + $"Would you tell us how we did? It takes a minute: {link} (the link works once, until {Day(expires)}).";
        try
        {
            var message = await replies.SendOnOwnAccountAsync(route.Answering, text, organisation, ct);
            survey.Sent(settings.Kind, settings.AskComment, route.GoesOutOn, route.Answering.ConversationId, message.Id, now, expires);
        }
        catch (InvalidInputException e)
        {
            survey.NotSent($"The channel could not take it: {e.Message}", now);
        }
    }

    private static string Day(DateTime at) => at.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
}
