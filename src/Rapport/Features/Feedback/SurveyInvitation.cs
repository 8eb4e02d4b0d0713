using Rapport.Features.Customers;

namespace Rapport.Features.Feedback;

/// <summary>
/// The survey a resolved case calls for. Created when the case is resolved (<see cref="SurveysFollowCaseStatus"/>), then
/// decided by <see cref="SurveyDispatch"/>: sent on the customer's channel with a one-time link, or not sent with the
/// reason (no consent, surveyed recently, no channel to reach them), which the case shows. Answered once, through the link.
/// </summary>
public sealed class SurveyInvitation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CaseId { get; init; }
    public Guid CustomerId { get; init; }
    /// <summary>Who owned the case when it was resolved: the answer is feedback about their work.</summary>
    public Guid? AgentId { get; init; }
    public SurveyKind Kind { get; private set; }
    public bool AskComment { get; private set; }
    public SurveyStatus Status { get; private set; } = SurveyStatus.Due;
    /// <summary>Why it was not sent, in words an agent can pass on.</summary>
    public string? Reason { get; private set; }
    public Channel? Channel { get; private set; }
    public Guid? ConversationId { get; private set; }
    public Guid? MessageId { get; private set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? DecidedAt { get; private set; }
    public DateTime? SentAt { get; private set; }
    public DateTime? ExpiresAt { get; private set; }
    public DateTime? AnsweredAt { get; private set; }
    public Guid? FeedbackId { get; private set; }

    public static SurveyInvitation For(Guid caseId, Guid customerId, Guid? agentId, DateTime now) =>
        new() { CaseId = caseId, CustomerId = customerId, AgentId = agentId, CreatedAt = now };

    public void NotSent(string reason, DateTime now)
    {
        Status = SurveyStatus.NotSent;
        Reason = reason;
        DecidedAt = now;
    }

    public void Sent(SurveyKind kind, bool askComment, Channel channel, Guid conversationId, Guid messageId, DateTime now, DateTime expiresAt)
    {
        Status = SurveyStatus.Sent;
        Kind = kind;
        AskComment = askComment;
        Channel = channel;
        ConversationId = conversationId;
        MessageId = messageId;
        DecidedAt = now;
        SentAt = now;
        ExpiresAt = expiresAt;
    }

    public void Answered(Guid feedbackId, DateTime now)
    {
        Status = SurveyStatus.Answered;
        FeedbackId = feedbackId;
        AnsweredAt = now;
    }
}
