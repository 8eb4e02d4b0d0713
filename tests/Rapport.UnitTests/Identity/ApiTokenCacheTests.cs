using System.Security.Claims;
using Rapport.Features.Identity;

namespace Rapport.UnitTests.Identity;

public sealed class ApiTokenCacheTests
{
    private static readonly Claim[] Agent = [new(ClaimTypes.Role, Roles.Agent)];

    private readonly ManualClock clock = new();

    [Fact]
    public void A_remembered_token_is_found_until_its_lifetime_has_passed()
    {
        var cache = new ApiTokenCache(clock);
        cache.Remember("hash", Guid.NewGuid(), Agent, cache.Generation);

        clock.Advance(ApiTokenCache.Lifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(cache.Find("hash"));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(cache.Find("hash"));
    }

    [Fact]
    public void Forgetting_a_user_forgets_every_token_of_that_user_only()
    {
        var cache = new ApiTokenCache(clock);
        var user = Guid.NewGuid();
        cache.Remember("laptop", user, Agent, cache.Generation);
        cache.Remember("phone", user, Agent, cache.Generation);
        cache.Remember("colleague", Guid.NewGuid(), Agent, cache.Generation);

        cache.ForgetUser(user);

        Assert.Null(cache.Find("laptop"));
        Assert.Null(cache.Find("phone"));
        Assert.NotNull(cache.Find("colleague"));
    }

    [Fact]
    public void Claims_read_before_something_was_forgotten_are_not_kept()
    {
        var cache = new ApiTokenCache(clock);
        var readAt = cache.Generation;

        cache.ForgetToken("hash");
        cache.Remember("hash", Guid.NewGuid(), Agent, readAt);

        Assert.Null(cache.Find("hash"));
    }

    [Fact]
    public async Task Requests_missing_the_same_token_at_once_load_it_once()
    {
        var cache = new ApiTokenCache(clock);
        var loads = 0;
        var release = new TaskCompletionSource<IReadOnlyList<Claim>?>(TaskCreationOptions.RunContinuationsAsynchronously);

        var waiting = Enumerable.Range(0, 20).Select(_ => cache.LoadOnceAsync("hash", () =>
        {
            Interlocked.Increment(ref loads);
            return release.Task;
        })).ToList();
        release.SetResult(Agent);
        var results = await Task.WhenAll(waiting);

        Assert.Equal(1, loads);
        Assert.All(results, claims => Assert.Same(Agent, claims));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
