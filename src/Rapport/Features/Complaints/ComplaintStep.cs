using Rapport.Features.Promises;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Complaints;

/// <summary>The LAST steps of a complaint (standard 003), in the order they are taken, then a follow-up, then done.</summary>
public enum ComplaintStep { Listen, Apologise, Solve, Thank, FollowUp, Done }

/// <summary>
/// Where a complaint stands, worked out from what has been recorded, so the stored record cannot disagree with it. The
/// follow-up is done when its promise was kept or the follow-up was waived with a reason; a broken follow-up promise
/// leaves the complaint at the follow-up step, to be scheduled again or waived.
/// </summary>
public static class ComplaintFlow
{
    public static readonly ComplaintStep[] Steps = [ComplaintStep.Listen, ComplaintStep.Apologise, ComplaintStep.Solve, ComplaintStep.Thank, ComplaintStep.FollowUp];

    public static ComplaintStep Current(Complaint c, PromiseStatus? followUp) =>
        c.ListenedAt is null ? ComplaintStep.Listen
        : c.ApologisedAt is null ? ComplaintStep.Apologise
        : c.AgreedAt is null ? ComplaintStep.Solve
        : c.ThankedAt is null ? ComplaintStep.Thank
        : FollowUpDone(c, followUp) ? ComplaintStep.Done
        : ComplaintStep.FollowUp;

    /// <summary>The rule a complaint case is resolved or closed by: its follow-up was kept, or waived with a reason.</summary>
    public static bool FollowUpDone(Complaint c, PromiseStatus? followUp) =>
        c.FollowUpWaivedAt is not null || (c.FollowUpPromiseId is not null && followUp == PromiseStatus.Kept);

    /// <summary>A follow-up promise still to be kept: another cannot be scheduled, nor the follow-up waived, until it is settled.</summary>
    public static bool FollowUpPending(Complaint c, PromiseStatus? followUp) =>
        c.FollowUpPromiseId is not null && followUp is PromiseStatus.Open or PromiseStatus.Renegotiated;

    /// <summary>Refuses to record <paramref name="step"/> before the steps that come first (400 naming <c>step</c>), or once it is done.</summary>
    public static void Require(Complaint c, ComplaintStep step, PromiseStatus? followUp)
    {
        var current = Current(c, followUp);
        if (current < step)
        {
            throw new InvalidInputException("step",
                $"{Label(current)} comes first: a complaint is handled Listen, Apologise, Solve, Thank, then followed up; this one is at {Label(current)}, not {Label(step)}.");
        }

        if (current > step)
        {
            throw new InvalidInputException("step", current == ComplaintStep.Done
                ? "This complaint is done: its follow-up was kept or waived."
                : $"{Label(step)} was already recorded for this complaint; it is at {Label(current)} now.");
        }
    }

    public static string Label(ComplaintStep step) => step switch
    {
        ComplaintStep.Listen => "Listen",
        ComplaintStep.Apologise => "Apologise",
        ComplaintStep.Solve => "Solve",
        ComplaintStep.Thank => "Thank",
        ComplaintStep.FollowUp => "Follow-up",
        _ => "Done",
    };
}
