using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rapport.Features.Identity;

namespace Rapport.UnitTests.Identity;

public sealed class SignInThrottleTests
{
    private static readonly SignInThrottleOptions Limits = new() { FailuresPerAccount = 2, FailuresPerAddress = 3, Window = TimeSpan.FromMinutes(15) };

    private readonly FakeTimeProvider clock = new();

    private SignInThrottle Throttle() => new(clock, Options.Create(Limits));

    [Fact]
    public void An_account_at_its_limit_waits_for_the_rest_of_the_window_whatever_the_address()
    {
        var throttle = Throttle();
        throttle.Failed(IPAddress.Parse("192.0.2.1"), "Ana@Example.com");
        clock.Advance(TimeSpan.FromMinutes(5));
        throttle.Failed(IPAddress.Parse("192.0.2.2"), "ana@example.com ");

        Assert.Equal(TimeSpan.FromMinutes(10), throttle.RetryAfter(IPAddress.Parse("192.0.2.3"), "ANA@example.com"));
        Assert.Null(throttle.RetryAfter(IPAddress.Parse("192.0.2.3"), "bo@example.com"));

        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(throttle.RetryAfter(IPAddress.Parse("192.0.2.3"), "ana@example.com"));
    }

    [Fact]
    public void An_address_at_its_limit_waits_for_every_account()
    {
        var throttle = Throttle();
        foreach (var account in new[] { "a@example.com", "b@example.com", "c@example.com" })
        {
            throttle.Failed(IPAddress.Parse("192.0.2.9"), account);
        }

        Assert.Equal(TimeSpan.FromMinutes(15), throttle.RetryAfter(IPAddress.Parse("192.0.2.9"), "d@example.com"));
        Assert.Null(throttle.RetryAfter(IPAddress.Parse("192.0.2.10"), "d@example.com"));
    }

    [Fact]
    public void Addresses_in_one_ipv6_64_count_together_and_a_mapped_ipv4_is_the_ipv4()
    {
        var throttle = Throttle();
        throttle.Failed(IPAddress.Parse("2001:db8:1:2::1"), "a@example.com");
        throttle.Failed(IPAddress.Parse("2001:db8:1:2:ffff::9"), "b@example.com");
        throttle.Failed(IPAddress.Parse("2001:db8:1:2:abcd::"), "c@example.com");
        throttle.Failed(IPAddress.Parse("::ffff:192.0.2.20"), "a@example.com");
        throttle.Failed(IPAddress.Parse("192.0.2.20"), "b@example.com");
        throttle.Failed(IPAddress.Parse("192.0.2.20"), "c@example.com");

        Assert.NotNull(throttle.RetryAfter(IPAddress.Parse("2001:db8:1:2::77"), "z@example.com"));
        Assert.Null(throttle.RetryAfter(IPAddress.Parse("2001:db8:1:3::1"), "z@example.com"));
        Assert.NotNull(throttle.RetryAfter(IPAddress.Parse("192.0.2.20"), "z@example.com"));
    }

    [Fact]
    public void The_right_password_clears_the_accounts_count_but_not_the_addresss()
    {
        var throttle = Throttle();
        throttle.Failed(IPAddress.Parse("192.0.2.30"), "a@example.com");
        throttle.Failed(IPAddress.Parse("192.0.2.30"), "b@example.com");
        throttle.Succeeded("a@example.com");
        throttle.Failed(IPAddress.Parse("192.0.2.30"), "a@example.com");

        Assert.Null(throttle.RetryAfter(IPAddress.Parse("192.0.2.31"), "a@example.com"));
        Assert.NotNull(throttle.RetryAfter(IPAddress.Parse("192.0.2.30"), "x@example.com"));
    }
}
