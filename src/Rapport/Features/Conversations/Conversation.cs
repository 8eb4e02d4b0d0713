using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

public enum ConversationStatus { Open, Pending, Closed }

/// <summary>
/// One thread of exchanges with a customer, possibly across channels (C5). Messages belong to it; the inbox
/// lists conversations; assignment says whose it is.
/// </summary>
public sealed class Conversation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; private set; }
    [FreeText]
    public string Subject { get; private set; } = "";
    public ConversationStatus Status { get; private set; }
    /// <summary>The channel of the latest message, for the inbox icon.</summary>
    public Channel LastChannel { get; private set; }
    public Guid? AssigneeId { get; private set; }
    public Guid? TeamId { get; private set; }
    public DateTime CreatedAt { get; init; }
    public DateTime LastMessageAt { get; private set; }
    [FreeText]
    public string? LastMessagePreview { get; private set; }
    /// <summary>
    /// The time of the message the preview shows. A later message takes the preview by this, not by
    /// <see cref="LastMessageAt"/>, which for a new conversation is when it was stored, later than its first email's Date.
    /// </summary>
    public DateTime? LastMessagePreviewAt { get; private set; }
    public int MessageCount { get; private set; }

    public static Conversation Start(Guid customerId, string? subject, Channel channel, DateTime now) => new()
    {
        CustomerId = customerId,
        Subject = Truncate(string.IsNullOrWhiteSpace(subject) ? "(no subject)" : subject.Trim(), 300),
        Status = ConversationStatus.Open,
        LastChannel = channel,
        CreatedAt = now,
        LastMessageAt = now,
    };

    /// <summary>
    /// Records that a message joined this copy of the conversation (a batch threading several messages, or a conversation
    /// not stored yet); a stored conversation's counters are moved in SQL by <see cref="ConversationCounters"/> with the
    /// same rule, never by saving a copy. An inbound message reopens a closed one. The first message always sets the
    /// preview: its own time (an email's Date) is earlier than the moment the conversation was stored, which stays its last
    /// activity (continuing a conversation by SMS or chat looks at that). A later message takes the preview when it is at
    /// least as late as the message shown (<see cref="LastMessagePreviewAt"/>), whatever the storing time.
    /// </summary>
    public void Add(Message message)
    {
        var first = MessageCount == 0;
        MessageCount++;
        if (message.At > LastMessageAt)
        {
            LastMessageAt = message.At;
        }

        if (first || message.At >= (LastMessagePreviewAt ?? LastMessageAt))
        {
            LastChannel = message.Channel;
            LastMessagePreview = PreviewOf(message);
            LastMessagePreviewAt = message.At;
        }

        if (message.Direction == MessageDirection.Inbound && Status == ConversationStatus.Closed)
        {
            Status = ConversationStatus.Open;
        }
    }

    /// <summary>An edit or a later part changed a message of this copy: the preview follows when it shows that message.</summary>
    public void Revised(Message message)
    {
        if (!message.IsAutomatic && message.At == LastMessagePreviewAt)
        {
            LastMessagePreview = PreviewOf(message);
        }
    }

    /// <summary>Counts an automatic message (auto-reply, receipt) without treating it as activity.</summary>
    public void Count(Message message) => MessageCount++;

    public void AssignTo(Guid? userId, Guid? teamId)
    {
        AssigneeId = userId;
        TeamId = teamId;
    }

    public void SetStatus(ConversationStatus status) => Status = status;

    /// <summary>Follows the customer when their record is merged into another.</summary>
    public void MoveToCustomer(Guid customerId) => CustomerId = customerId;

    /// <summary>What the inbox shows of the latest message.</summary>
    public static string PreviewOf(Message message) => Truncate(message.Text.ReplaceLineEndings(" "), 200);

    internal static string Truncate(string s, int max) => StorableText.Cut(s, max);
}
