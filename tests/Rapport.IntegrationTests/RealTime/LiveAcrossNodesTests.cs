using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Conversations;
using Rapport.Features.Notifications;
using Rapport.Infrastructure.RealTime;

namespace Rapport.IntegrationTests.RealTime;

/// <summary>
/// Two nodes on one PostgreSQL database: what happens on one reaches the live screens of the other through LISTEN/NOTIFY
/// (a conversation changed, messages arrived, a colleague was notified, someone is viewing and typing).
/// </summary>
public sealed class LiveAcrossNodesTests(PostgresRapportFactory app) : IClassFixture<PostgresRapportFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly WebApplicationFactory<Program> other = Started(app.AnotherNode());

    private static WebApplicationFactory<Program> Started(WebApplicationFactory<Program> node)
    {
        node.CreateClient().Dispose(); // builds and starts the host, and with it the backplane's listener
        return node;
    }

    private static T On<T>(WebApplicationFactory<Program> node) where T : notnull => node.Services.GetRequiredService<T>();

    /// <summary>Repeats <paramref name="send"/> until the other node has heard it: its listener starts with the host.</summary>
    private static async Task<T> HeardAsync<T>(Task<T> heard, Action send)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!heard.IsCompleted && DateTime.UtcNow < deadline)
        {
            send();
            await Task.WhenAny(heard, Task.Delay(250));
        }

        Assert.True(heard.IsCompleted, "the other node never heard the signal");
        return await heard;
    }

    [Fact]
    public void The_nodes_use_the_PostgreSQL_backplane()
    {
        Assert.IsType<PostgresBackplane>(On<ILiveBackplane>(app));
        Assert.NotEqual(On<ILiveBackplane>(app).NodeId, On<ILiveBackplane>(other).NodeId);
    }

    [Fact]
    public async Task A_conversation_changed_on_one_node_refreshes_screens_on_the_other()
    {
        var conversation = Guid.CreateVersion7();
        var heard = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        On<ConversationEvents>(other).ConversationChanged += id =>
        {
            if (id == conversation)
            {
                heard.TrySetResult(id);
            }
        };

        Assert.Equal(conversation, await HeardAsync(heard.Task, () => On<ConversationEvents>(app).Changed(conversation)));
    }

    [Fact]
    public async Task Messages_stored_on_one_node_reach_the_other_in_full_even_when_there_are_many()
    {
        var stored = Enumerable.Range(0, 60)
            .Select(_ => new IngestResult(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), false, true, true)).ToList();
        var received = new List<IngestResult>();
        var all = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        On<ConversationEvents>(other).MessagesStored += results =>
        {
            lock (received)
            {
                received.AddRange(results.Where(stored.Contains));
                if (stored.All(received.Contains))
                {
                    all.TrySetResult(true);
                }
            }
        };

        await HeardAsync(all.Task, () => On<ConversationEvents>(app).Published(stored));

        Assert.All(stored, s => Assert.Contains(s, received));
    }

    [Fact]
    public async Task A_notification_on_one_node_rings_the_bell_on_the_other()
    {
        var user = Guid.CreateVersion7();
        var heard = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        On<NotificationEvents>(other).Notified += users =>
        {
            if (users.Contains(user))
            {
                heard.TrySetResult(user);
            }
        };

        Assert.Equal(user, await HeardAsync(heard.Task, () => On<NotificationEvents>(app).Published([user])));
    }

    [Fact]
    public async Task Someone_viewing_and_typing_on_one_node_is_seen_on_the_other_and_leaving_clears_it()
    {
        var conversation = Guid.CreateVersion7();
        var alex = Guid.CreateVersion7();
        var here = On<IPresence>(app);
        var there = On<IPresence>(other);
        await ListeningAsync();

        using (var session = here.Enter(conversation, alex, "Alex Agent"))
        {
            await EventuallyAsync(() => there.Present(conversation).Any(p => p.UserId == alex && !p.IsTyping));
            session.Typing();
            await EventuallyAsync(() => there.Present(conversation).Any(p => p.UserId == alex && p.IsTyping));
        }

        await EventuallyAsync(() => there.Present(conversation).Count == 0);
        Assert.Empty(here.Present(conversation));
    }

    /// <summary>Presence is sent once per change, so the other node must be listening before the first one.</summary>
    private async Task ListeningAsync()
    {
        var probe = Guid.CreateVersion7();
        var heard = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        On<ConversationEvents>(other).ConversationChanged += id =>
        {
            if (id == probe)
            {
                heard.TrySetResult(id);
            }
        };
        await HeardAsync(heard.Task, () => On<ConversationEvents>(app).Changed(probe));
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "the other node did not see the change");
    }
}
