namespace Rapport.Features.Feedback;

/// <summary>Where a piece of customer opinion came from (standard 001: verbal responses, surveys, letters, service audits).</summary>
public enum FeedbackSource { Survey, Verbal, Letter, Review, ServiceAudit, Other }

/// <summary>The survey asked after a case: satisfaction 1–5, likelihood to recommend 0–10, or ease 1–7.</summary>
public enum SurveyKind { Csat, Nps, Effort }

/// <summary>Due: waiting for the sender to decide; NotSent carries the reason; Answered once the customer replied.</summary>
public enum SurveyStatus { Due, Sent, NotSent, Answered }

/// <summary>How a score reads on its own scale, so feedback on different scales can be filtered together.</summary>
public enum FeedbackRating { Negative, Neutral, Positive }

/// <summary>An improvement idea moves forward only: proposed, agreed, done.</summary>
public enum IdeaStatus { Proposed, Agreed, Done }
