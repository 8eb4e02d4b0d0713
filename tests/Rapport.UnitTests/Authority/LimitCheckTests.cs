using Rapport.Features.Authority;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.Authority;

/// <summary>Whose limit covers what (C15): role and user limits, currencies, the boundary, and yes/no exceptions.</summary>
public sealed class LimitCheckTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Amira = Guid.CreateVersion7();
    private static readonly Guid Sam = Guid.CreateVersion7();
    private static readonly string[] AgentRole = [Roles.Agent];
    private static readonly string[] SupervisorRole = [Roles.Supervisor];

    private static readonly AuthorityLimit[] Limits =
    [
        AuthorityLimit.ForRole(Roles.Agent, AuthorityActionType.Refund, "GBP", 50m, null, Now),
        AuthorityLimit.ForRole(Roles.Supervisor, AuthorityActionType.Refund, "GBP", 500m, null, Now),
        AuthorityLimit.ForRole(Roles.Supervisor, AuthorityActionType.PolicyException, null, null, true, Now),
        AuthorityLimit.ForRole(Roles.Agent, AuthorityActionType.PolicyException, null, null, false, Now),
    ];

    [Theory]
    [InlineData(49.99, true)]
    [InlineData(50.00, true)]
    [InlineData(50.01, false)]
    public void An_amount_equal_to_the_limit_is_within_it(decimal amount, bool covered) =>
        Assert.Equal(covered, LimitCheck.Covers(Limits, Amira, AgentRole, AuthorityActionType.Refund, amount, "GBP"));

    [Fact]
    public void A_limit_in_one_currency_never_covers_another()
    {
        Assert.False(LimitCheck.Covers(Limits, Sam, SupervisorRole, AuthorityActionType.Refund, 1m, "EUR"));
        Assert.Equal("none in EUR", LimitCheck.For(Limits, Sam, SupervisorRole, AuthorityActionType.Refund, "EUR").Describe());
    }

    [Fact]
    public void Without_a_limit_nothing_is_allowed()
    {
        var limit = LimitCheck.For(Limits, Amira, AgentRole, AuthorityActionType.Discount, "GBP");

        Assert.Equal(0m, limit.Amount);
        Assert.Equal("no limit set", limit.Source);
        Assert.False(limit.Covers(0.01m, "GBP"));
        Assert.False(LimitCheck.Covers([], Amira, AgentRole, AuthorityActionType.PolicyException, null, null));
    }

    [Fact]
    public void A_users_own_limit_replaces_the_roles_whether_higher_or_lower()
    {
        var higher = Limits.Append(AuthorityLimit.ForUser(Amira, AuthorityActionType.Refund, "GBP", 120m, null, Now)).ToList();
        var lower = Limits.Append(AuthorityLimit.ForUser(Sam, AuthorityActionType.Refund, "GBP", 20m, null, Now)).ToList();

        Assert.True(LimitCheck.Covers(higher, Amira, AgentRole, AuthorityActionType.Refund, 120m, "GBP"));
        Assert.Equal("your own limit", LimitCheck.For(higher, Amira, AgentRole, AuthorityActionType.Refund, "GBP").Source);
        Assert.False(LimitCheck.Covers(lower, Sam, SupervisorRole, AuthorityActionType.Refund, 21m, "GBP"));
        Assert.True(LimitCheck.Covers(lower, Guid.CreateVersion7(), SupervisorRole, AuthorityActionType.Refund, 21m, "GBP")); // other supervisors keep the role's
    }

    [Fact]
    public void A_users_own_limit_in_one_currency_leaves_the_roles_other_currencies_alone()
    {
        var limits = Limits.Append(AuthorityLimit.ForUser(Amira, AuthorityActionType.Refund, "EUR", 30m, null, Now)).ToList();

        Assert.True(LimitCheck.Covers(limits, Amira, AgentRole, AuthorityActionType.Refund, 50m, "GBP"));
        Assert.True(LimitCheck.Covers(limits, Amira, AgentRole, AuthorityActionType.Refund, 30m, "EUR"));
    }

    [Fact]
    public void Policy_exceptions_are_yes_or_no()
    {
        Assert.True(LimitCheck.Covers(Limits, Sam, SupervisorRole, AuthorityActionType.PolicyException, null, null));
        Assert.False(LimitCheck.Covers(Limits, Amira, AgentRole, AuthorityActionType.PolicyException, null, null));
        var allowedForAmira = Limits.Append(AuthorityLimit.ForUser(Amira, AuthorityActionType.PolicyException, null, null, true, Now)).ToList();
        Assert.True(LimitCheck.Covers(allowedForAmira, Amira, AgentRole, AuthorityActionType.PolicyException, null, null));
    }

    [Fact]
    public void With_several_roles_the_most_generous_role_limit_applies()
    {
        string[] both = [Roles.Agent, Roles.Supervisor];

        Assert.True(LimitCheck.Covers(Limits, Sam, both, AuthorityActionType.Refund, 500m, "GBP"));
        Assert.True(LimitCheck.Covers(Limits, Sam, both, AuthorityActionType.PolicyException, null, null));
    }

    [Theory]
    [InlineData("gbp", "GBP")]
    [InlineData(" EUR ", "EUR")]
    public void Currency_codes_are_read_in_upper_case(string given, string expected) =>
        Assert.Equal(expected, AuthorityLimit.ForRole(Roles.Agent, AuthorityActionType.Discount, given, 5m, null, Now).Currency);

    [Theory]
    [InlineData("XYZ", "currency")]
    [InlineData("POUNDS", "currency")]
    [InlineData("", "currency")]
    public void Unknown_currencies_are_refused(string currency, string field) =>
        Assert.Equal(field, Assert.Throws<InvalidInputException>(() =>
            AuthorityLimit.ForRole(Roles.Agent, AuthorityActionType.Refund, currency, 5m, null, Now)).Field);

    [Fact]
    public void Limits_are_for_roles_of_people_and_policy_exceptions_need_a_yes_or_no()
    {
        Assert.Equal("role", Assert.Throws<InvalidInputException>(() =>
            AuthorityLimit.ForRole(Roles.Integration, AuthorityActionType.Refund, "GBP", 5m, null, Now)).Field);
        Assert.Equal("allowed", Assert.Throws<InvalidInputException>(() =>
            AuthorityLimit.ForRole(Roles.Agent, AuthorityActionType.PolicyException, null, 5m, null, Now)).Field);
        Assert.Equal("amount", Assert.Throws<InvalidInputException>(() =>
            AuthorityLimit.ForRole(Roles.Agent, AuthorityActionType.Refund, "GBP", 0.00001m, null, Now)).Field);
    }
}
