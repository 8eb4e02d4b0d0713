using Rapport.Features.Cases;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.Cases;

/// <summary>The case workflow: which status may follow which, and what a move records.</summary>
public sealed class CaseTransitionTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static Case ACase(CaseStatus status = CaseStatus.New)
    {
        var c = Case.Open(1, Guid.NewGuid(), CaseKinds.Booking, "Change my booking", "Move my stay to May", CasePriority.Normal, Now);
        var path = status switch
        {
            CaseStatus.Open => [CaseStatus.Open],
            CaseStatus.Resolved => [CaseStatus.Open, CaseStatus.Resolved],
            CaseStatus.Closed => [CaseStatus.Open, CaseStatus.Resolved, CaseStatus.Closed],
            CaseStatus.PendingCustomer => [CaseStatus.PendingCustomer],
            _ => Array.Empty<CaseStatus>(),
        };
        foreach (var s in path)
        {
            c.MoveTo(s, Now);
        }

        return c;
    }

    [Theory]
    [InlineData(CaseStatus.Open, CaseStatus.New)]
    [InlineData(CaseStatus.Resolved, CaseStatus.PendingCustomer)]
    [InlineData(CaseStatus.Resolved, CaseStatus.PendingInternal)]
    [InlineData(CaseStatus.Closed, CaseStatus.Resolved)]
    [InlineData(CaseStatus.Closed, CaseStatus.PendingCustomer)]
    [InlineData(CaseStatus.Closed, CaseStatus.New)]
    public void Moves_the_workflow_does_not_allow_are_refused_naming_status(CaseStatus from, CaseStatus to)
    {
        var c = ACase(from);

        var refused = Assert.Throws<InvalidInputException>(() => c.MoveTo(to, Now.AddHours(1)));

        Assert.Equal("status", refused.Field);
        Assert.Equal(from, c.Status);
    }

    [Theory]
    [InlineData(CaseStatus.New, CaseStatus.Open)]
    [InlineData(CaseStatus.New, CaseStatus.Closed)]
    [InlineData(CaseStatus.Open, CaseStatus.PendingCustomer)]
    [InlineData(CaseStatus.PendingCustomer, CaseStatus.Open)]
    [InlineData(CaseStatus.Resolved, CaseStatus.Open)]
    [InlineData(CaseStatus.Closed, CaseStatus.Open)]
    public void Allowed_moves_change_the_status(CaseStatus from, CaseStatus to)
    {
        var c = ACase(from);

        Assert.True(c.MoveTo(to, Now.AddHours(1)));
        Assert.Equal(to, c.Status);
    }

    [Fact]
    public void Nothing_ever_goes_back_to_new()
    {
        foreach (var from in Enum.GetValues<CaseStatus>().Where(s => s != CaseStatus.New))
        {
            Assert.False(CaseTransitions.IsAllowed(from, CaseStatus.New), $"{from} → New");
        }
    }

    [Fact]
    public void Resolving_records_when_and_reopening_clears_it()
    {
        var c = ACase(CaseStatus.Open);
        c.MoveTo(CaseStatus.Resolved, Now.AddHours(2));
        Assert.Equal(Now.AddHours(2), c.ResolvedAt);

        c.MoveTo(CaseStatus.Closed, Now.AddHours(3));
        Assert.Equal(Now.AddHours(2), c.ResolvedAt); // closing keeps when it was resolved

        c.MoveTo(CaseStatus.Open, Now.AddHours(4));
        Assert.Null(c.ResolvedAt);
    }

    [Fact]
    public void Staying_in_the_same_status_changes_nothing()
    {
        var c = ACase(CaseStatus.Open);
        var version = c.Version;

        Assert.False(c.MoveTo(CaseStatus.Open, Now.AddHours(1)));
        Assert.Equal(version, c.Version);
    }

    [Fact]
    public void Changing_the_requirement_withdraws_its_confirmation()
    {
        var c = ACase();
        c.ConfirmRequirement(Guid.NewGuid(), "Amira Agent", "read back on the phone", Now);
        Assert.NotNull(c.RequirementConfirmedAt);

        c.Describe(c.Kind, c.Title, c.Requirement, CasePriority.High, Now); // same words: still confirmed
        Assert.NotNull(c.RequirementConfirmedAt);

        c.Describe(c.Kind, c.Title, "Move my stay to June instead", CasePriority.High, Now);
        Assert.Null(c.RequirementConfirmedAt);
        Assert.Null(c.RequirementConfirmedHow);
    }

    [Fact]
    public void The_first_agent_reply_is_the_first_response_and_later_ones_update_the_customer()
    {
        var c = ACase();
        c.RecordCustomerUpdate(Now.AddMinutes(30));
        c.RecordCustomerUpdate(Now.AddHours(5));

        Assert.Equal(Now.AddMinutes(30), c.FirstResponseAt);
        Assert.Equal(Now.AddHours(5), c.LastCustomerUpdateAt);
    }
}
