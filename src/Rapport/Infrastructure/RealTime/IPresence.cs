namespace Rapport.Infrastructure.RealTime;

/// <summary>
/// Who has a record (a conversation) open right now, and who is typing in it, so agents do not answer the same
/// customer twice, whichever node each of them is served by (<see cref="SharedPresence"/>).
/// </summary>
public interface IPresence
{
    /// <summary>Raised with the record's id whenever someone enters, leaves, starts or stops typing there.</summary>
    event Action<Guid>? Changed;

    /// <summary>Marks <paramref name="userId"/> as viewing <paramref name="recordId"/> until the session is disposed.</summary>
    IPresenceSession Enter(Guid recordId, Guid userId, string name);

    /// <summary>Everyone viewing <paramref name="recordId"/>, one entry per user (several tabs count once).</summary>
    IReadOnlyList<PresentUser> Present(Guid recordId);
}

/// <summary>One open screen of one user; dispose it when the screen closes.</summary>
public interface IPresenceSession : IDisposable
{
    /// <summary>A keystroke: the user counts as typing until <see cref="SharedPresence.TypingLasts"/> passes without another.</summary>
    void Typing();

    /// <summary>The draft was sent or emptied.</summary>
    void StoppedTyping();
}

public sealed record PresentUser(Guid UserId, string Name, bool IsTyping);
