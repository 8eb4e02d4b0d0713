using Rapport.Features.Referrals;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.Referrals;

/// <summary>A referral's rules: what it must say when made, and pending → accepted, declined (with a reason) or withdrawn, once.</summary>
public sealed class ReferralStateTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Amira = Guid.CreateVersion7();
    private static readonly Guid Ben = Guid.CreateVersion7();

    private static Referral ACaseReferral() =>
        Referral.Make(Guid.CreateVersion7(), null, Amira, "Amira", Ben, null, "Ben", "Refunds are Ben's", Now);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_referral_without_a_reason_is_refused_naming_reason(string? reason)
    {
        var e = Assert.Throws<InvalidInputException>(() => Referral.Make(Guid.CreateVersion7(), null, Amira, "Amira", Ben, null, "Ben", reason, Now));
        Assert.Equal("reason", e.Field);
    }

    [Fact]
    public void A_referral_names_exactly_one_subject_and_one_receiver_who_is_not_the_referrer()
    {
        Assert.Equal("caseId", Assert.Throws<InvalidInputException>(() =>
            Referral.Make(null, null, Amira, "Amira", Ben, null, "Ben", "why", Now)).Field);
        Assert.Equal("caseId", Assert.Throws<InvalidInputException>(() =>
            Referral.Make(Guid.CreateVersion7(), Guid.CreateVersion7(), Amira, "Amira", Ben, null, "Ben", "why", Now)).Field);
        Assert.Equal("toUserId", Assert.Throws<InvalidInputException>(() =>
            Referral.Make(Guid.CreateVersion7(), null, Amira, "Amira", Ben, Guid.CreateVersion7(), "Ben", "why", Now)).Field);
        Assert.Equal("toUserId", Assert.Throws<InvalidInputException>(() =>
            Referral.Make(Guid.CreateVersion7(), null, Amira, "Amira", Amira, null, "Amira", "why", Now)).Field);
    }

    [Fact]
    public void A_new_referral_is_pending_with_its_reason_trimmed()
    {
        var r = Referral.Make(null, Guid.CreateVersion7(), Amira, "Amira", null, Guid.CreateVersion7(), "Refunds", "  Refund above my limit ", Now);

        Assert.Equal(ReferralStatus.Pending, r.Status);
        Assert.Equal("Refund above my limit", r.Reason);
        Assert.Equal("conversation", r.AuditSubjectType);
        Assert.Null(r.DecidedAt);
    }

    [Fact]
    public void Accepting_records_who_and_when()
    {
        var r = ACaseReferral();
        r.Accept(Ben, "Ben", Now.AddMinutes(5));

        Assert.Equal(ReferralStatus.Accepted, r.Status);
        Assert.Equal(Ben, r.DecidedById);
        Assert.Equal(Now.AddMinutes(5), r.DecidedAt);
        Assert.Null(r.DecisionReason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Declining_needs_a_reason(string? reason)
    {
        var r = ACaseReferral();

        Assert.Equal("reason", Assert.Throws<InvalidInputException>(() => r.Decline(Ben, "Ben", reason, Now)).Field);
        Assert.Equal(ReferralStatus.Pending, r.Status);
    }

    [Fact]
    public void Declining_keeps_the_reason_for_the_referrer()
    {
        var r = ACaseReferral();
        r.Decline(Ben, "Ben", "Not a refund: it is a booking change", Now);

        Assert.Equal(ReferralStatus.Declined, r.Status);
        Assert.Equal("Not a refund: it is a booking change", r.DecisionReason);
    }

    [Fact]
    public void Withdrawing_needs_no_reason()
    {
        var r = ACaseReferral();
        r.Withdraw(Amira, "Amira", null, Now);

        Assert.Equal(ReferralStatus.Withdrawn, r.Status);
        Assert.Null(r.DecisionReason);
    }

    private static readonly string[] Answers = ["accept", "decline", "withdraw"];

    [Theory]
    [InlineData("accept")]
    [InlineData("decline")]
    [InlineData("withdraw")]
    public void A_referral_is_answered_once(string first)
    {
        foreach (var second in Answers)
        {
            var r = ACaseReferral();
            Answer(r, first);
            var status = r.Status;

            Assert.Equal("status", Assert.Throws<InvalidInputException>(() => Answer(r, second)).Field);
            Assert.Equal(status, r.Status);
        }
    }

    private static void Answer(Referral r, string how)
    {
        switch (how)
        {
            case "accept": r.Accept(Ben, "Ben", Now); break;
            case "decline": r.Decline(Ben, "Ben", "No", Now); break;
            default: r.Withdraw(Amira, "Amira", null, Now); break;
        }
    }
}
