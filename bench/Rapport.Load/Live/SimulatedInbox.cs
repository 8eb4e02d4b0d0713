using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;

namespace Rapport.Load.Live;

/// <summary>
/// One agent's open inbox without the browser: what <c>InboxPage</c> does on the server — its own DI scope and DbContext,
/// the first page of 50, a <see cref="LiveFeed"/> whose dispatcher runs one piece of work at a time as a circuit's does,
/// and the same apply (fetch the changed conversations by id through the view's filter and the visibility rule, then
/// <see cref="InboxRows.Apply"/>). Not simulated: rendering the diff and sending it over the socket.
/// </summary>
internal sealed class SimulatedInbox : IAsyncDisposable
{
    private readonly AsyncServiceScope scope;
    private readonly ConversationQueries queries;
    private readonly Viewer viewer;
    private readonly StoredMessages stored;
    private readonly SemaphoreSlim dispatcher = new(1, 1);
    private readonly List<ConversationSummaryDto> items = [];
    private LiveFeed? feed;
    private string? next;

    private SimulatedInbox(AsyncServiceScope scope, Viewer viewer, StoredMessages stored)
    {
        this.scope = scope;
        this.viewer = viewer;
        this.stored = stored;
        queries = scope.ServiceProvider.GetRequiredService<ConversationQueries>();
    }

    /// <summary>
    /// When each new message was first visible on this page (a Stopwatch timestamp): the first update that carried it and
    /// placed its conversation's row, read after the message was stored, in the list — a new conversation, or one that
    /// moved to the top with it.
    /// </summary>
    public ConcurrentDictionary<Guid, long> Seen { get; } = new();

    /// <summary>
    /// New messages whose conversation's row sorted below the last row loaded (older than the 50th while more exist), so the
    /// page left it for "Load more" as it should: at high rates, messages sent before 50 others but stored after them.
    /// </summary>
    public ConcurrentDictionary<Guid, long> BelowFirstPage { get; } = new();

    public int Applies { get; private set; }

    /// <summary>Rows placed below the first page of 50 by newer rows in the same update.</summary>
    public int PushedBelow { get; private set; }

    public static async Task<SimulatedInbox> OpenAsync(IServiceProvider services, Viewer viewer, StoredMessages stored, CancellationToken ct)
    {
        var page = new SimulatedInbox(services.CreateAsyncScope(), viewer, stored);
        page.feed = new LiveFeed(services.GetRequiredService<ConversationEvents>(), _ => true, page.ApplyAsync, page.InvokeAsync);
        await page.InvokeAsync(async () =>
        {
            var first = await page.queries.InboxAsync(InboxView.All, viewer, null, null, 50, null, ct);
            page.items.AddRange(first.Items);
            page.next = first.Next;
        });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        feed?.Dispose();
        await dispatcher.WaitAsync();
        await scope.DisposeAsync();
        dispatcher.Dispose();
    }

    private Task InvokeAsync(Func<Task> work) => Task.Run(async () =>
    {
        await dispatcher.WaitAsync();
        try
        {
            await work();
        }
        finally
        {
            dispatcher.Release();
        }
    });

    private async Task ApplyAsync(LiveChanges changes)
    {
        var rows = await queries.InboxRowsAsync(InboxView.All, viewer, null, null, changes.Conversations, default);
        InboxRows.Apply(items, rows, changes.Conversations, next is null ? null : items.LastOrDefault());
        // A row placed below the first 50 by newer ones is where the page's "Load more" shows it: placed, not missed.
        var now = Stopwatch.GetTimestamp();
        var placed = items.Select(i => i.Id).ToHashSet();
        var fetched = rows.Select(r => r.Id).ToHashSet();
        foreach (var message in changes.Messages)
        {
            if (stored.ById.TryGetValue(message, out var s))
            {
                if (placed.Contains(s.Conversation))
                {
                    Seen.TryAdd(message, now);
                }
                else if (fetched.Contains(s.Conversation))
                {
                    BelowFirstPage.TryAdd(message, now);
                }
            }
        }

        if (items.Count > 50)
        {
            PushedBelow += items.Count - 50;
            items.RemoveRange(50, items.Count - 50);
            next = InboxRows.CursorAfter(items[^1]);
        }

        Applies++;
    }
}
