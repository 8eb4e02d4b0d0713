namespace Rapport.Infrastructure.Outbox;

/// <summary>
/// <c>Unconfirmed</c>: a send was under way when its node stopped, so the outside world may or may not have it; it is never
/// sent again by itself (<see cref="IOutboxSender.ResendAfterCrash"/>), only when a person says so.
/// </summary>
public enum OutboxState { Pending, Sent, Failed, Unconfirmed }

/// <summary>
/// Something to send (an email, a webhook call), written in the same transaction as the change that causes it and
/// sent later by the dispatcher, with retries. A crash never loses it; a lease keeps two nodes from sending it at once.
/// </summary>
public sealed class OutboxItem
{
    public const int MaxAttempts = 8;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>Which <see cref="IOutboxSender"/> sends it, e.g. "email".</summary>
    public required string Kind { get; init; }
    /// <summary>
    /// Items of one lane are sent one after another, lanes side by side: a slow webhook subscriber holds back only its own
    /// deliveries. Null: the lane of its kind.
    /// </summary>
    public string? Lane { get; init; }
    /// <summary>The id of what is being sent (a message, a webhook delivery); the sender loads it.</summary>
    public Guid SubjectId { get; init; }
    public OutboxState State { get; private set; }
    public int Attempts { get; private set; }
    public DateTime CreatedAt { get; init; }
    public DateTime NextAttemptAt { get; private set; }
    public DateTime? LeasedUntil { get; private set; }
    public DateTime? SentAt { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>
    /// Set, and committed, just before a sender talks to the outside world; cleared with the outcome. Found set on an item
    /// whose lease ran out, it means the node stopped mid-send: the message may have gone out.
    /// </summary>
    public DateTime? SendingSince { get; private set; }

    public static OutboxItem For(string kind, Guid subjectId, DateTime now, string? lane = null) =>
        new() { Kind = kind, SubjectId = subjectId, CreatedAt = now, NextAttemptAt = now, Lane = lane };

    public string LaneKey => Lane ?? Kind;

    public void Lease(DateTime until) => LeasedUntil = until;

    public void BeginSending(DateTime now) => SendingSince = now;

    /// <summary>The node stopped while sending it: nobody knows whether it arrived, so it waits for a person.</summary>
    public void MarkUnconfirmed(DateTime now)
    {
        LastError = $"Rapport stopped while sending this (at {SendingSince ?? now:u}); it may have been delivered.";
        State = OutboxState.Unconfirmed;
        Attempts++;
        LeasedUntil = null;
        SendingSince = null;
    }

    /// <summary>A person asked to send an unconfirmed item again: it is due now, with the same id (so the same Message-ID).</summary>
    public void SendAgain(DateTime now)
    {
        State = OutboxState.Pending;
        NextAttemptAt = now;
        LeasedUntil = null;
        SendingSince = null;
        LastError = null;
    }

    /// <summary>A person confirmed an unconfirmed item did arrive: it is sent, without sending anything.</summary>
    public void ConfirmSent(DateTime now)
    {
        State = OutboxState.Sent;
        SentAt = now;
        LeasedUntil = null;
        SendingSince = null;
        LastError = null;
    }

    public void Succeeded(DateTime now)
    {
        State = OutboxState.Sent;
        SentAt = now;
        Attempts++;
        LeasedUntil = null;
        SendingSince = null;
        LastError = null;
    }

    /// <summary>Schedules the next try with exponential back-off (30 s, 1 min, 2 min … capped at 1 h), or gives up.</summary>
    public bool Failed(string error, DateTime now, bool permanent)
    {
        Attempts++;
        LeasedUntil = null;
        SendingSince = null;
        LastError = error.Length > 1000 ? error[..1000] : error;
        if (permanent || Attempts >= MaxAttempts)
        {
            State = OutboxState.Failed;
            return false;
        }

        NextAttemptAt = now + Backoff(Attempts);
        return true;
    }

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, attempts - 1)));
}
