using System.Security.Cryptography;
using System.Text;
using Rapport.Infrastructure.RealTime;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// Which agents can take a chat right now: those signed in with Rapport open somewhere who have not set themselves away
/// from chat. Kept as presence on one record per team (and one for "any team"), so it holds across nodes through the
/// same backplane as who-is-viewing: an agent on node B makes a site open for a visitor on node A. A site with
/// <see cref="ChatSite.OfflineWhenNobodyAvailable"/> takes a message instead while nobody is.
/// </summary>
public sealed class ChatDuty(IPresence presence)
{
    private static readonly Guid AnyTeam = RecordFor("any");

    /// <summary>The agent is available for the chats of these teams (and of sites without a team) until disposed.</summary>
    public IDisposable Start(Guid userId, string name, IEnumerable<Guid> teams)
    {
        var sessions = teams.Distinct().Select(t => presence.Enter(RecordFor(t), userId, name)).Append(presence.Enter(AnyTeam, userId, name)).ToList();
        return new Shift(sessions);
    }

    /// <summary>Whether an agent who answers this team's chats (any agent, for a site without a team) is available.</summary>
    public bool AnyoneAvailable(Guid? teamId) => presence.Present(teamId is { } team ? RecordFor(team) : AnyTeam).Count > 0;

    public IReadOnlyList<PresentUser> Available(Guid? teamId) => presence.Present(teamId is { } team ? RecordFor(team) : AnyTeam);

    // A record id of its own, so availability never mixes with who is viewing a conversation or case of the same id.
    private static Guid RecordFor(Guid team) => RecordFor(team.ToString());

    private static Guid RecordFor(string key) => new(SHA256.HashData(Encoding.UTF8.GetBytes($"chat-duty:{key}")).AsSpan(0, 16));

    private sealed class Shift(List<IPresenceSession> sessions) : IDisposable
    {
        public void Dispose() => sessions.ForEach(s => s.Dispose());
    }
}
