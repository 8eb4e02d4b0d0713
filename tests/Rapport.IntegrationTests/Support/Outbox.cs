using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Infrastructure.Outbox;

namespace Rapport.IntegrationTests.Support;

/// <summary>
/// Drives the host's outbox dispatcher (a singleton background service) from a test. Its own loop may take an item
/// first; leases keep every item to one sender, so the test runs the dispatcher and polls until the outcome shows.
/// </summary>
public static class Outbox
{
    /// <summary>An upper bound so a broken dispatcher fails the test instead of hanging it; not a speed requirement.</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    public static async Task RunOutboxUntilAsync(this RapportFactory app, Func<Task<bool>> done, string what)
    {
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        var giveUp = DateTime.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                await dispatcher.DispatchDueAsync(50, CancellationToken.None);
            }
            catch (Exception e) when (e is DbUpdateException or DbException or InvalidOperationException)
            {
                // The background loop holds the database or the lease at this moment; try again.
            }

            if (await done())
            {
                return;
            }

            Assert.True(DateTime.UtcNow < giveUp, $"The outbox never reached: {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Runs the dispatcher once, for a test that checks nothing is due.</summary>
    public static async Task RunOutboxOnceAsync(this RapportFactory app)
    {
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.DispatchDueAsync(50, CancellationToken.None);
    }
}
