using Microsoft.AspNetCore.Http;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.Infrastructure;

public sealed class PreferredWaitTests
{
    [Theory]
    [InlineData(null, 5)]
    [InlineData("respond-async", 0)]
    [InlineData("Respond-Async", 0)]
    [InlineData("return=minimal, respond-async", 0)]
    [InlineData("wait=2", 2)]
    [InlineData("wait=600", 30)]
    [InlineData("wait=-1", 5)]
    [InlineData("wait=soon", 5)]
    [InlineData("handling=lenient", 5)]
    public void The_caller_chooses_how_long_to_wait_within_limits(string? prefer, int seconds)
    {
        var request = new DefaultHttpContext().Request;
        if (prefer is not null)
        {
            request.Headers["Prefer"] = prefer;
        }

        Assert.Equal(TimeSpan.FromSeconds(seconds), PreferredWait.From(request));
    }

    [Fact]
    public void Only_the_preferences_honoured_are_reported_applied()
    {
        var request = new DefaultHttpContext().Request;
        request.Headers["Prefer"] = "return=minimal, respond-async";

        Assert.Equal("respond-async", PreferredWait.Applied(request));
    }
}
