using Rapport.Features.Authority;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.Authority;

/// <summary>An action's life: pending until decided, decided once, never by the person who asked.</summary>
public sealed class CaseActionTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Agent = Guid.CreateVersion7();
    private static readonly Guid Supervisor = Guid.CreateVersion7();

    private static CaseAction ARefund(decimal amount = 80m) => CaseAction.Request(Guid.CreateVersion7(), AuthorityActionType.Refund, amount, "GBP",
        null, "Suitcase arrived broken", Agent, "Amira Agent", Now);

    [Fact]
    public void A_request_waits_with_no_outcome()
    {
        var refund = ARefund();

        Assert.Equal(CaseActionStatus.Pending, refund.Status);
        Assert.Null(refund.Outcome);
        Assert.Equal("refund of GBP 80.00", refund.WhatInSentence);
    }

    [Fact]
    public void Approval_completes_it_with_the_customer_outcome()
    {
        var refund = ARefund(80.5m);

        refund.Approve(Supervisor, "Sam Supervisor", null, Now);

        Assert.Equal(CaseActionStatus.Completed, refund.Status);
        Assert.Equal(Now, refund.CompletedAt);
        Assert.Equal("Refund of GBP 80.50 agreed for the customer.", refund.Outcome);
    }

    [Fact]
    public void Nobody_decides_their_own_request()
    {
        var refund = ARefund();

        Assert.Throws<NotYoursToDecideException>(() => refund.Approve(Agent, "Amira Agent", null, Now));
        Assert.Throws<NotYoursToDecideException>(() => refund.Reject(Agent, "Amira Agent", "no", Now));
        Assert.Equal(CaseActionStatus.Pending, refund.Status);
    }

    [Fact]
    public void A_rejection_needs_a_reason_and_never_completes()
    {
        var refund = ARefund();

        Assert.Equal("reason", Assert.Throws<InvalidInputException>(() => refund.Reject(Supervisor, "Sam", " ", Now)).Field);
        refund.Reject(Supervisor, "Sam", "Already refunded", Now);

        Assert.Equal(CaseActionStatus.Rejected, refund.Status);
        Assert.Null(refund.CompletedAt);
        Assert.Throws<ActionAlreadyDecidedException>(() => refund.Approve(Guid.CreateVersion7(), "Ada", null, Now));
    }

    [Fact]
    public void A_decided_action_is_not_decided_again()
    {
        var refund = ARefund();
        refund.Approve(Supervisor, "Sam", null, Now);

        Assert.Throws<ActionAlreadyDecidedException>(() => refund.Approve(Guid.CreateVersion7(), "Ada", null, Now));
        Assert.Throws<ActionAlreadyDecidedException>(() => refund.Reject(Guid.CreateVersion7(), "Ada", "no", Now));
        Assert.Throws<ActionAlreadyDecidedException>(() => refund.CompleteWithinLimit(Now));
    }

    [Fact]
    public void A_policy_exception_says_which_rule_is_set_aside()
    {
        Assert.Equal("description", Assert.Throws<InvalidInputException>(() => CaseAction.Request(Guid.CreateVersion7(),
            AuthorityActionType.PolicyException, null, null, "  ", "Bereavement", Agent, "Amira", Now)).Field);
        var exception = CaseAction.Request(Guid.CreateVersion7(), AuthorityActionType.PolicyException, 99m, "GBP", "Waive the cancellation fee",
            "Bereavement", Agent, "Amira", Now);
        Assert.Null(exception.Amount);
        Assert.Null(exception.Currency);
    }
}
