using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Identity;

/// <summary>
/// An agent outside a restricted team tries every API endpoint the host maps against that team's work — its conversation,
/// message, case, promise, referral and case action, by route and by body — and also through an open case that links one
/// of its conversations. Every answer either hides the record (404, or a 4xx naming the field as if it did not exist) or
/// leaves it out; no answer anywhere contains a restricted id or word, and nothing is written. An endpoint added without
/// a decision in <see cref="Attempts"/> fails the test.
/// </summary>
public abstract partial class RestrictedRecordsOnEveryPathTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    /// <summary>The restricted team's records, and an open case (visible to everyone) that links a restricted conversation.</summary>
    private sealed record Restricted(string CustomerId, string ConversationId, string MessageId, string CaseId, string PromiseId, string ReferralId,
        string ActionId, string OpenCaseId, string LinkedConversationId, string OpenConversationId, string Word, string ArticleId, string FeedbackId,
        string ReviewId, Guid MemberId, Guid OutsiderId, string CallId = "")
    {
        public IEnumerable<string> Secrets => [ConversationId, MessageId, CaseId, PromiseId, ReferralId, ActionId, LinkedConversationId, Word, FeedbackId, ReviewId];
    }

    /// <summary>How an outsider's request must be answered.</summary>
    private enum Expect
    {
        /// <summary>404: the record named in the route is hidden exactly as if it did not exist.</summary>
        Hidden,
        /// <summary>A 4xx: an id in the body is refused as if it did not exist.</summary>
        Refused,
        /// <summary>Any answer below 500 that leaves the restricted records out.</summary>
        LeftOut,
    }

    private sealed record Attempt(Expect Expect, Func<Restricted, string> Url, Func<Restricted, HttpContent?>? Body = null);

    private static HttpContent Json(object body) => Requests.JsonBody(body);

    private static MultipartFormDataContent LetterForm() => new()
    {
        { new ByteArrayContent("%PDF-1.7 peek"u8.ToArray()), "scan", "peek.pdf" }, { new StringContent("peek"), "summary" },
    };

    /// <summary>Every API endpoint, and what an outsider aimed at the restricted team's work must get from it.</summary>
    private static readonly Dictionary<string, Attempt[]> Attempts = new()
    {
        ["GET /api/v1/conversations"] = [new(Expect.LeftOut, _ => "/api/v1/conversations?limit=200")],
        ["GET /api/v1/conversations/{id}"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}")],
        ["POST /api/v1/conversations/{id}/assign"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/assign", _ => Json(new { assigneeId = (Guid?)null, teamId = (Guid?)null }))],
        ["POST /api/v1/conversations/{id}/status"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/status", _ => Json(new { status = "closed" }))],
        ["POST /api/v1/conversations/{id}/notes"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/notes", _ => Json(new { text = "peek" }))],
        ["POST /api/v1/conversations/{id}/replies"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/replies", _ => Json(new { text = "hello" }))],
        ["GET /api/v1/conversations/{id}/whatsapp-templates"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/whatsapp-templates")],
        ["POST /api/v1/conversations/{id}/whatsapp-template-replies"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/whatsapp-template-replies",
            _ => Json(new { templateId = Guid.NewGuid(), parameters = Array.Empty<string>() }))],
        ["GET /api/v1/conversations/{id}/channel-options"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/channel-options")],
        ["POST /api/v1/conversations/{id}/channel-switch"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/channel-switch", _ => Json(new { channel = "phone", newContactPoint = "+447700900123" }))],
        // Agents may not download raw mail at all (403 before the record is looked at).
        ["GET /api/v1/messages/{id}/raw"] = [new(Expect.Refused, r => $"/api/v1/messages/{r.MessageId}/raw")],
        ["GET /api/v1/messages/{id}/attachments/{attachmentId}"] = [new(Expect.Hidden, r => $"/api/v1/messages/{r.MessageId}/attachments/{Guid.NewGuid()}")],
        ["GET /api/v1/messages/{id}/attachments/{attachmentId}/email"] = [new(Expect.Hidden, r => $"/api/v1/messages/{r.MessageId}/attachments/{Guid.NewGuid()}/email")],
        ["GET /api/v1/messages/{id}/html"] = [new(Expect.Hidden, r => $"/api/v1/messages/{r.MessageId}/html")],
        ["POST /api/v1/messages/{id}/send-again"] = [new(Expect.Hidden, r => $"/api/v1/messages/{r.MessageId}/send-again")],
        ["POST /api/v1/messages/{id}/mark-sent"] = [new(Expect.Hidden, r => $"/api/v1/messages/{r.MessageId}/mark-sent")],
        ["GET /api/v1/conversations/{id}/letters"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/letters")],
        ["POST /api/v1/conversations/{id}/letters"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/letters", _ => LetterForm())],
        ["POST /api/v1/conversations/{id}/letters/outbound"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/letters/outbound", _ => Json(new { text = "peek" }))],
        ["GET /api/v1/conversations/{id}/letters/{letterId}/print"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/letters/{r.MessageId}/print")],
        ["POST /api/v1/conversations/{id}/letters/{letterId}/posted"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/letters/{r.MessageId}/posted")],
        ["GET /api/v1/customers/{id}/timeline"] = [new(Expect.LeftOut, r => $"/api/v1/customers/{r.CustomerId}/timeline?limit=200")],
        ["GET /api/v1/search"] = [new(Expect.LeftOut, r => $"/api/v1/search?q={r.Word}")],

        ["GET /api/v1/cases"] = [new(Expect.LeftOut, _ => "/api/v1/cases?limit=200"), new(Expect.LeftOut, r => $"/api/v1/cases?customerId={r.CustomerId}")],
        ["GET /api/v1/cases/{id}"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}"), new(Expect.LeftOut, r => $"/api/v1/cases/{r.OpenCaseId}")],
        ["POST /api/v1/cases"] = [new(Expect.Refused, _ => "/api/v1/cases", r => Json(new { conversationId = r.ConversationId, title = "mine now" }))],
        ["PUT /api/v1/cases/{id}"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}", _ => Json(new { title = "renamed", kind = "information", priority = "normal", requirement = (string?)null }))],
        ["POST /api/v1/cases/{id}/status"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/status", _ => Json(new { status = "closed" }))],
        ["POST /api/v1/cases/{id}/assign"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/assign", _ => Json(new { ownerId = (Guid?)null, teamId = (Guid?)null }))],
        ["POST /api/v1/cases/{id}/follow"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/follow")],
        ["DELETE /api/v1/cases/{id}/follow"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/follow")],
        ["POST /api/v1/cases/{id}/conversations"] =
        [
            new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/conversations", r => Json(new { conversationId = r.OpenConversationId })),
            // Relinking a restricted conversation into an open case the outsider can see.
            new(Expect.Refused, r => $"/api/v1/cases/{r.OpenCaseId}/conversations", r => Json(new { conversationId = r.LinkedConversationId })),
        ],
        ["DELETE /api/v1/cases/{id}/conversations/{conversationId}"] =
        [
            new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/conversations/{r.ConversationId}"),
            new(Expect.Hidden, r => $"/api/v1/cases/{r.OpenCaseId}/conversations/{r.LinkedConversationId}"),
        ],
        ["POST /api/v1/cases/{id}/notes"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/notes", _ => Json(new { text = "peek" }))],
        ["POST /api/v1/cases/{id}/requirement-confirmation"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/requirement-confirmation", _ => Json(new { how = "phone" }))],
        ["POST /api/v1/cases/bulk"] = [new(Expect.Refused, _ => "/api/v1/cases/bulk", r => Json(new { ids = new[] { r.CaseId }, status = "closed" }))],
        ["GET /api/v1/cases/{id}/actions"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/actions")],
        ["POST /api/v1/cases/{id}/actions"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/actions", _ => Json(new { type = "goodwillGesture", amount = 1m, currency = "GBP", reason = "peek" }))],
        ["GET /api/v1/approvals"] = [new(Expect.LeftOut, _ => "/api/v1/approvals")],
        ["GET /api/v1/cases/{id}/complaint"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/complaint")],
        ["POST /api/v1/cases/{id}/complaint/listen"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/complaint/listen", _ => Json(new { customerWords = "peek", cause = "delay" }))],
        ["POST /api/v1/cases/{id}/complaint/apology"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/complaint/apology", _ => Json(new { wording = "peek", channel = "email" }))],
        ["POST /api/v1/cases/{id}/complaint/alternatives"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/complaint/alternatives", _ => Json(new
        {
            description = "peek", customerCost = "none", customerBenefit = "some", organisationCost = "none", organisationBenefit = "some",
            offer = new { type = "goodwillGesture", amount = 1m, currency = "GBP" },
        }))],
        ["POST /api/v1/cases/{id}/complaint/alternatives/{alternativeId}/agree"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/complaint/alternatives/{Guid.NewGuid()}/agree", _ => Json(new { atFirstContact = true }))],
        ["POST /api/v1/cases/{id}/complaint/disagreements"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/complaint/disagreements", _ => Json(new { needs = "peek", confirmed = "peek", whyNotMet = "peek", escalation = "peek" }))],
        ["POST /api/v1/cases/{id}/complaint/thanks"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/complaint/thanks", _ => Json(new { }))],
        ["POST /api/v1/cases/{id}/complaint/follow-up"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/complaint/follow-up", _ => Json(new { dueAt = "2099-01-01T10:00:00Z" }))],
        ["POST /api/v1/cases/{id}/complaint/follow-up/waiver"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/complaint/follow-up/waiver", _ => Json(new { reason = "peek" }))],
        // Counts only, of the cases the caller may see.
        ["GET /api/v1/complaints/measures"] = [new(Expect.LeftOut, _ => "/api/v1/complaints/measures?from=2026-01-01T00:00:00Z&to=2100-01-01T00:00:00Z")],
        ["GET /api/v1/complaints/causes"] = [new(Expect.LeftOut, _ => "/api/v1/complaints/causes")],
        ["GET /api/v1/complaints/apology"] = [new(Expect.LeftOut, _ => "/api/v1/complaints/apology")],
        // Feedback about the restricted case follows the case: hidden by id, left out of the feed, themes and ideas.
        ["GET /api/v1/feedback"] = [new(Expect.LeftOut, _ => "/api/v1/feedback?limit=200"), new(Expect.LeftOut, r => $"/api/v1/feedback?caseId={r.CaseId}")],
        ["GET /api/v1/feedback/{id}"] = [new(Expect.Hidden, r => $"/api/v1/feedback/{r.FeedbackId}")],
        ["GET /api/v1/feedback/themes"] = [new(Expect.LeftOut, _ => "/api/v1/feedback/themes?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z")],
        ["PUT /api/v1/feedback/{id}/themes"] = [new(Expect.Hidden, r => $"/api/v1/feedback/{r.FeedbackId}/themes", _ => Json(new { themes = new[] { "peek" } }))],
        ["POST /api/v1/feedback"] =
        [
            new(Expect.Refused, _ => "/api/v1/feedback", r => Json(new { source = "verbal", text = "peek", caseId = r.CaseId })),
            new(Expect.Refused, _ => "/api/v1/feedback", r => Json(new { source = "verbal", text = "peek", conversationId = r.ConversationId })),
        ],
        ["GET /api/v1/cases/{id}/surveys"] = [new(Expect.Hidden, r => $"/api/v1/cases/{r.CaseId}/surveys")],
        ["GET /api/v1/improvement-ideas"] = [new(Expect.LeftOut, _ => "/api/v1/improvement-ideas")],
        ["POST /api/v1/improvement-ideas"] = [new(Expect.Refused, _ => "/api/v1/improvement-ideas", r => Json(new { title = "peek", feedbackIds = new[] { r.FeedbackId } }))],
        ["POST /api/v1/approvals/{id}/approve"] = [new(Expect.Hidden, r => $"/api/v1/approvals/{r.ActionId}/approve", _ => Json(new { reason = "ok" }))],
        ["POST /api/v1/approvals/{id}/reject"] = [new(Expect.Hidden, r => $"/api/v1/approvals/{r.ActionId}/reject", _ => Json(new { reason = "no" }))],
        ["GET /api/v1/service-standards/due-soon"] = [new(Expect.LeftOut, _ => "/api/v1/service-standards/due-soon?within=100000")],
        ["GET /api/v1/service-standards/cases/{id}"] = [new(Expect.Hidden, r => $"/api/v1/service-standards/cases/{r.CaseId}"), new(Expect.LeftOut, r => $"/api/v1/service-standards/cases/{r.OpenCaseId}")],
        ["POST /api/v1/service-standards/cases/{id}/delay-explanation"] =
        [
            new(Expect.Hidden, r => $"/api/v1/service-standards/cases/{r.CaseId}/delay-explanation", _ => Json(new { text = "Sorry for the delay." })),
            // The open case's only conversation is restricted: nothing to tell the customer on, as far as the outsider knows.
            new(Expect.Refused, r => $"/api/v1/service-standards/cases/{r.OpenCaseId}/delay-explanation", _ => Json(new { text = "Sorry for the delay." })),
        ],

        ["GET /api/v1/promises"] = [new(Expect.LeftOut, _ => "/api/v1/promises?limit=200"), new(Expect.LeftOut, r => $"/api/v1/promises?caseId={r.CaseId}")],
        ["GET /api/v1/promises/measures"] = [new(Expect.LeftOut, _ => "/api/v1/promises/measures?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z")],
        ["GET /api/v1/promises/{id}"] = [new(Expect.Hidden, r => $"/api/v1/promises/{r.PromiseId}")],
        ["POST /api/v1/promises"] =
        [
            new(Expect.Refused, _ => "/api/v1/promises", r => Json(new { conversationId = r.ConversationId, what = "call back", dueAt = "2099-01-01T10:00:00Z" })),
            new(Expect.Refused, _ => "/api/v1/promises", r => Json(new { caseId = r.CaseId, what = "call back", dueAt = "2099-01-01T10:00:00Z" })),
            new(Expect.Refused, _ => "/api/v1/promises", r => Json(new { messageId = r.MessageId, what = "call back", dueAt = "2099-01-01T10:00:00Z" })),
        ],
        ["POST /api/v1/promises/detect"] = [new(Expect.LeftOut, _ => "/api/v1/promises/detect", _ => Json(new { text = "I'll call you back tomorrow." }))],
        ["POST /api/v1/promises/{id}/kept"] = [new(Expect.Hidden, r => $"/api/v1/promises/{r.PromiseId}/kept", _ => Json(new { }))],
        ["POST /api/v1/promises/{id}/broken"] = [new(Expect.Hidden, r => $"/api/v1/promises/{r.PromiseId}/broken", _ => Json(new { reason = "peek" }))],
        ["POST /api/v1/promises/{id}/renegotiate"] = [new(Expect.Hidden, r => $"/api/v1/promises/{r.PromiseId}/renegotiate", _ => Json(new { dueAt = "2099-01-01T10:00:00Z", reason = "peek", customerAgreed = true }))],

        ["GET /api/v1/referrals"] = [new(Expect.LeftOut, _ => "/api/v1/referrals?limit=200")],
        ["GET /api/v1/referrals/chain"] = [new(Expect.Hidden, r => $"/api/v1/referrals/chain?caseId={r.CaseId}"), new(Expect.Hidden, r => $"/api/v1/referrals/chain?conversationId={r.ConversationId}")],
        ["GET /api/v1/referrals/{id}"] = [new(Expect.Hidden, r => $"/api/v1/referrals/{r.ReferralId}")],
        ["POST /api/v1/referrals"] =
        [
            new(Expect.Refused, _ => "/api/v1/referrals", r => Json(new { conversationId = r.ConversationId, toTeamId = (Guid?)null, toUserId = (Guid?)null, reason = "peek" })),
            new(Expect.Refused, _ => "/api/v1/referrals", r => Json(new { caseId = r.CaseId, reason = "peek" })),
        ],
        ["POST /api/v1/referrals/{id}/accept"] = [new(Expect.Hidden, r => $"/api/v1/referrals/{r.ReferralId}/accept")],
        ["POST /api/v1/referrals/{id}/decline"] = [new(Expect.Hidden, r => $"/api/v1/referrals/{r.ReferralId}/decline", _ => Json(new { reason = "peek" }))],
        ["POST /api/v1/referrals/{id}/withdraw"] = [new(Expect.Hidden, r => $"/api/v1/referrals/{r.ReferralId}/withdraw", _ => Json(new { reason = "peek" }))],

        // The coach reads the conversation's customer and last message: an outsider's check is refused as if it did not exist.
        ["POST /api/v1/coach/check"] =
        [
            new(Expect.Refused, _ => "/api/v1/coach/check", r => Json(new { text = "Hello, I'll call you back.", conversationId = r.ConversationId })),
            new(Expect.LeftOut, _ => "/api/v1/coach/check", _ => Json(new { text = "Hello, I'll call you back." })),
        ],
        // Articles belong to nobody's team; what reaches a team's work is a case or conversation named in the query or body.
        ["GET /api/v1/knowledge/articles"] =
        [
            new(Expect.Hidden, r => $"/api/v1/knowledge/articles?caseId={r.CaseId}"),
            new(Expect.LeftOut, r => $"/api/v1/knowledge/articles?q={r.Word}"),
            new(Expect.LeftOut, _ => "/api/v1/knowledge/articles?limit=200"),
        ],
        ["GET /api/v1/knowledge/articles/{id}"] = [new(Expect.LeftOut, r => $"/api/v1/knowledge/articles/{r.ArticleId}")],
        ["GET /api/v1/knowledge/articles/{id}/history"] = [new(Expect.LeftOut, r => $"/api/v1/knowledge/articles/{r.ArticleId}/history")],
        ["GET /api/v1/knowledge/articles/overdue-reviews"] = [new(Expect.LeftOut, _ => "/api/v1/knowledge/articles/overdue-reviews")],
        ["POST /api/v1/knowledge/articles/{id}/cases"] =
        [
            new(Expect.Refused, r => $"/api/v1/knowledge/articles/{r.ArticleId}/cases", r => Json(new { caseId = r.CaseId })),
        ],
        ["POST /api/v1/knowledge/articles/{id}/insert"] =
        [
            new(Expect.Refused, r => $"/api/v1/knowledge/articles/{r.ArticleId}/insert", r => Json(new { conversationId = r.ConversationId })),
        ],

        ["GET /api/v1/notifications"] = [new(Expect.LeftOut, _ => "/api/v1/notifications")],
        ["POST /api/v1/notifications/{id}/read"] = [new(Expect.LeftOut, _ => $"/api/v1/notifications/{Guid.NewGuid()}/read")],
        ["POST /api/v1/notifications/read-all"] = [new(Expect.LeftOut, _ => "/api/v1/notifications/read-all")],

        // Endpoints that take no conversation, case, message, note or attachment: whatever they answer, it must not
        // carry the restricted team's records.
        ["GET /api/v1/customers"] = [new(Expect.LeftOut, _ => "/api/v1/customers?limit=200")],
        ["GET /api/v1/customers/lookup"] = [new(Expect.LeftOut, _ => "/api/v1/customers/lookup?email=nobody%40example.com")],
        ["GET /api/v1/customers/{id}"] = [new(Expect.LeftOut, r => $"/api/v1/customers/{r.CustomerId}")],
        ["GET /api/v1/customers/{id}/notes"] = [new(Expect.LeftOut, r => $"/api/v1/customers/{r.CustomerId}/notes")],
        ["GET /api/v1/customers/{id}/history"] = [new(Expect.LeftOut, r => $"/api/v1/customers/{r.CustomerId}/history")],
        ["GET /api/v1/customers/{id}/confidential"] = [new(Expect.LeftOut, r => $"/api/v1/customers/{r.CustomerId}/confidential")],
        ["GET /api/v1/customers/export"] = [new(Expect.LeftOut, _ => "/api/v1/customers/export")],
        ["GET /api/v1/customers/{id}/consents"] = [new(Expect.LeftOut, r => $"/api/v1/customers/{r.CustomerId}/consents")],
        ["GET /api/v1/customers/{id}/consents/check"] = [new(Expect.LeftOut, r => $"/api/v1/customers/{r.CustomerId}/consents/check?purpose=marketing&channel=email")],
        // The report names actions on every team's records (raw downloads of restricted messages): only roles that see all may read it.
        ["GET /api/v1/customers/{id}/access-report"] = [new(Expect.Refused, r => $"/api/v1/customers/{r.CustomerId}/access-report")],
        ["GET /api/v1/customers/{id}/export"] = [new(Expect.LeftOut, r => $"/api/v1/customers/{r.CustomerId}/export")],
        ["GET /api/v1/audit"] = [new(Expect.LeftOut, _ => "/api/v1/audit")],
        ["GET /api/v1/audit/verify"] = [new(Expect.LeftOut, _ => "/api/v1/audit/verify")],
        ["GET /api/v1/users"] = [new(Expect.LeftOut, _ => "/api/v1/users")],
        ["GET /api/v1/users/me"] = [new(Expect.LeftOut, _ => "/api/v1/users/me")],
        ["GET /api/v1/users/me/preferences"] = [new(Expect.LeftOut, _ => "/api/v1/users/me/preferences")],
        ["GET /api/v1/teams"] = [new(Expect.LeftOut, _ => "/api/v1/teams")],
        ["GET /api/v1/tokens"] = [new(Expect.LeftOut, _ => "/api/v1/tokens")],
        ["GET /api/v1/organisation"] = [new(Expect.LeftOut, _ => "/api/v1/organisation")],
        ["GET /api/v1/mailboxes"] = [new(Expect.LeftOut, _ => "/api/v1/mailboxes")],
        ["GET /api/v1/channel-accounts"] = [new(Expect.LeftOut, _ => "/api/v1/channel-accounts")],
        ["GET /api/v1/channels/health"] = [new(Expect.LeftOut, _ => "/api/v1/channels/health")],
        ["GET /api/v1/webhooks"] = [new(Expect.LeftOut, _ => "/api/v1/webhooks")],
        ["GET /api/v1/webhooks/{id}/deliveries"] = [new(Expect.LeftOut, _ => $"/api/v1/webhooks/{Guid.NewGuid()}/deliveries")],
        ["GET /api/v1/case-kinds"] = [new(Expect.LeftOut, _ => "/api/v1/case-kinds")],
        ["GET /api/v1/authority-limits"] = [new(Expect.LeftOut, _ => "/api/v1/authority-limits")],
        ["GET /api/v1/my-authority-limits"] = [new(Expect.LeftOut, _ => "/api/v1/my-authority-limits")],
        ["GET /api/v1/templates/matching"] = [new(Expect.Hidden, r => $"/api/v1/templates/matching?conversationId={r.ConversationId}")],
        ["POST /api/v1/templates/render-for-conversation"] = [new(Expect.Hidden, _ => "/api/v1/templates/render-for-conversation", r => Json(new { conversationId = r.ConversationId, purpose = "delay" }))],
        ["POST /api/v1/templates/preview"] =
        [
            new(Expect.Refused, _ => "/api/v1/templates/preview", r => Json(new { customerId = r.CustomerId, conversationId = r.ConversationId, body = "{{ case.number }}" })),
            new(Expect.Refused, _ => "/api/v1/templates/preview", r => Json(new { customerId = r.CustomerId, caseId = r.CaseId, body = "{{ case.number }}" })),
            // The customer is everyone's; their promises and cases on the restricted team's work are not.
            new(Expect.LeftOut, _ => "/api/v1/templates/preview", r => Json(new { customerId = r.CustomerId, body = "{{ promise.what }} {{ promise.due }} {{ case.title }}" })),
        ],
        // A call is seen exactly when its conversation is; logging one for the customer may not link it to a restricted case.
        ["GET /api/v1/conversations/{id}/calls"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/calls")],
        ["POST /api/v1/conversations/{id}/calls"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/calls", _ => Json(new { direction = "inbound", outcome = "answered", notes = "peek" }))],
        ["POST /api/v1/conversations/{id}/video-meetings"] = [new(Expect.Hidden, r => $"/api/v1/conversations/{r.ConversationId}/video-meetings", _ => Json(new { }))],
        ["GET /api/v1/customers/{id}/calls"] = [new(Expect.LeftOut, r => $"/api/v1/customers/{r.CustomerId}/calls")],
        ["POST /api/v1/customers/{id}/calls"] = [new(Expect.Refused, r => $"/api/v1/customers/{r.CustomerId}/calls", r => Json(new { direction = "inbound", outcome = "answered", caseId = r.CaseId }))],
        ["GET /api/v1/calls/{id}"] = [new(Expect.Hidden, r => $"/api/v1/calls/{r.CallId}")],
        ["POST /api/v1/calls/{id}/consent"] = [new(Expect.Hidden, r => $"/api/v1/calls/{r.CallId}/consent", _ => Json(new { answer = "refused" }))],
        // Counts by answer for supervisors, administrators and auditors; the settings name no record.
        ["GET /api/v1/calls/consent-report"] = [new(Expect.Refused, _ => "/api/v1/calls/consent-report?from=2026-01-01T00:00:00Z&to=2099-01-01T00:00:00Z")],
        ["GET /api/v1/calls/settings"] = [new(Expect.LeftOut, _ => "/api/v1/calls/settings")],
        ["GET /api/v1/service-standards/calendar"] = [new(Expect.LeftOut, _ => "/api/v1/service-standards/calendar")],
        ["GET /api/v1/service-standards/delay-template"] = [new(Expect.LeftOut, _ => "/api/v1/service-standards/delay-template")],
        ["GET /api/v1/service-standards/policies"] = [new(Expect.LeftOut, _ => "/api/v1/service-standards/policies")],
        ["GET /api/v1/coach/glossary"] = [new(Expect.LeftOut, _ => "/api/v1/coach/glossary")],

        // A review follows its conversation's rule; an agent reads only reviews of their own work besides.
        ["GET /api/v1/quality/reviews"] = [new(Expect.LeftOut, _ => "/api/v1/quality/reviews?limit=500"), new(Expect.LeftOut, r => $"/api/v1/quality/reviews?agent={r.MemberId}")],
        ["GET /api/v1/quality/reviews/{id}"] = [new(Expect.Hidden, r => $"/api/v1/quality/reviews/{r.ReviewId}")],
        ["POST /api/v1/quality/reviews/{id}/comments"] = [new(Expect.Hidden, r => $"/api/v1/quality/reviews/{r.ReviewId}/comments", _ => Json(new { text = "peek" }))],
        ["POST /api/v1/quality/reviews/{id}/acknowledge"] = [new(Expect.Hidden, r => $"/api/v1/quality/reviews/{r.ReviewId}/acknowledge")],
        // Supervisors and administrators only (they see every team's work): an agent is refused before any record is read.
        ["POST /api/v1/quality/reviews"] = [new(Expect.Refused, _ => "/api/v1/quality/reviews", r => Json(new { conversationId = r.ConversationId, agentId = r.MemberId, scores = Array.Empty<object>() }))],
        ["GET /api/v1/quality/sample"] = [new(Expect.Refused, _ => "/api/v1/quality/sample")],
        ["POST /api/v1/quality/calibrations"] = [new(Expect.Refused, _ => "/api/v1/quality/calibrations", r => Json(new { conversationId = r.ConversationId, agentId = r.MemberId }))],
        ["GET /api/v1/quality/calibrations/{id}"] = [new(Expect.Refused, _ => $"/api/v1/quality/calibrations/{Guid.NewGuid()}")],
        ["POST /api/v1/quality/calibrations/{id}/scores"] = [new(Expect.Refused, _ => $"/api/v1/quality/calibrations/{Guid.NewGuid()}/scores", _ => Json(new { scores = Array.Empty<object>() }))],
        ["GET /api/v1/quality/scorecards"] = [new(Expect.LeftOut, _ => "/api/v1/quality/scorecards")],
        ["GET /api/v1/competence/criteria"] = [new(Expect.LeftOut, _ => "/api/v1/competence/criteria")],
        // Another person's portfolio is not the outsider's to read; their own leaves the restricted team's work out.
        ["GET /api/v1/staff/{id}/portfolio"] = [new(Expect.Hidden, r => $"/api/v1/staff/{r.MemberId}/portfolio"), new(Expect.LeftOut, r => $"/api/v1/staff/{r.OutsiderId}/portfolio")],

        // A customer's loyalty is read from all their conversations and cases: hidden from whoever may not see one of them.
        ["GET /api/v1/customers/{id}/loyalty"] = [new(Expect.Hidden, r => $"/api/v1/customers/{r.CustomerId}/loyalty")],
        ["POST /api/v1/customers/{id}/business"] = [new(Expect.Hidden, r => $"/api/v1/customers/{r.CustomerId}/business", _ => Json(new { kind = "booking", amount = 10m, currency = "GBP", description = "peek" }))],
        ["POST /api/v1/customers/{id}/extra-mile"] = [new(Expect.Hidden, r => $"/api/v1/customers/{r.CustomerId}/extra-mile", _ => Json(new { what = "peek" }))],
        ["POST /api/v1/customers/{id}/offers/{offerId}/grant"] = [new(Expect.Hidden, r => $"/api/v1/customers/{r.CustomerId}/offers/{Guid.NewGuid()}/grant", _ => Json(new { }))],
        ["GET /api/v1/loyalty/at-risk"] = [new(Expect.LeftOut, _ => "/api/v1/loyalty/at-risk?limit=200&minScore=0")],
        ["GET /api/v1/loyalty/offers"] = [new(Expect.LeftOut, _ => "/api/v1/loyalty/offers")],
        ["GET /api/v1/loyalty/offers/{id}"] = [new(Expect.LeftOut, _ => $"/api/v1/loyalty/offers/{Guid.NewGuid()}")],
        ["GET /api/v1/loyalty/settings"] = [new(Expect.LeftOut, _ => "/api/v1/loyalty/settings")],
        // Counts and money only, for supervisors, administrators and auditors.
        ["GET /api/v1/loyalty/report"] = [new(Expect.Refused, _ => "/api/v1/loyalty/report")],
        // Dashboards are counts from a rollup: the list of charts names no record; an agent's organisation-wide figures
        // (which count restricted teams) are refused, and so is the rollup (administrators only).
        ["GET /api/v1/dashboards"] = [new(Expect.LeftOut, _ => "/api/v1/dashboards")],
        ["GET /api/v1/dashboards/{chart}"] = [new(Expect.Refused, _ => "/api/v1/dashboards/channel-mix")],
        ["POST /api/v1/dashboards/rollup"] = [new(Expect.Refused, _ => "/api/v1/dashboards/rollup", _ => Json(new { }))],
    };

    /// <summary>
    /// Writes that take no conversation, case, message, note or attachment (customers, staff, settings): an agent either
    /// may not call them at all (the authorisation matrix covers that) or they cannot reach the restricted records.
    /// </summary>
    private static readonly HashSet<string> Unrelated =
    [
        "POST /api/v1/customers", "PUT /api/v1/customers/{id}", "POST /api/v1/customers/{id}/contact-points",
        "DELETE /api/v1/customers/{id}/contact-points/{contactPointId}", "POST /api/v1/customers/{id}/notes",
        "POST /api/v1/customers/{id}/confidential", "POST /api/v1/customers/{id}/consents", "POST /api/v1/customers/{id}/merge", "DELETE /api/v1/customers/{id}",
        // Administrators only (they see every team's records); erasure takes the customer, not a team's record.
        "POST /api/v1/customers/{id}/erase",
        // A person's own files for a reply not yet written: a reply naming them is checked on the conversation (replies above).
        "POST /api/v1/uploads", "GET /api/v1/uploads/{id}", "DELETE /api/v1/uploads/{id}",
        // A letter logged for a customer starts a conversation of its own (no team's); the customer is everyone's.
        "POST /api/v1/customers/{id}/letters",
        // Retention and legal holds: administrators (and, for reading, auditors), who see every team's records; no agent reaches them.
        "GET /api/v1/retention/policy", "PUT /api/v1/retention/policy", "GET /api/v1/retention/preview", "POST /api/v1/retention/run",
        "GET /api/v1/retention/runs", "GET /api/v1/legal-holds", "POST /api/v1/legal-holds", "POST /api/v1/legal-holds/{id}/release",
        "POST /api/v1/customers/import", "POST /api/v1/tokens", "DELETE /api/v1/tokens/{id}", "POST /api/v1/users",
        "PATCH /api/v1/users/{id}", "POST /api/v1/users/{id}/disable", "POST /api/v1/users/{id}/enable", "PATCH /api/v1/mailboxes/{id}", "PATCH /api/v1/channel-accounts/{id}",
        // Staff sign-in settings: administrators only; they name roles and people, never a customer's record.
        "POST /api/v1/users/{id}/two-factor/reset", "GET /api/v1/security/two-factor", "PUT /api/v1/security/two-factor",
        // A person's own time zone: names no record.
        "PUT /api/v1/users/me/preferences",
        "POST /api/v1/teams", "PUT /api/v1/teams/{id}/members", "PATCH /api/v1/teams/{id}", "PUT /api/v1/organisation",
        "POST /api/v1/inbound-messages", "GET /api/v1/inbound-messages/{receipt}", "GET /api/v1/inbound-messages/set-aside",
        "POST /api/v1/inbound-messages/set-aside/{receipt}/retry", "POST /api/v1/mailboxes", "DELETE /api/v1/mailboxes/{id}", "POST /api/v1/mailboxes/{id}/receive",
        "POST /api/v1/channel-accounts", "DELETE /api/v1/channel-accounts/{id}",
        "GET /api/v1/channel-accounts/{id}/whatsapp-templates", "POST /api/v1/channel-accounts/{id}/whatsapp-templates",
        "DELETE /api/v1/channel-accounts/{id}/whatsapp-templates/{templateId}", "POST /api/v1/channel-accounts/{id}/test", "POST /api/v1/mailboxes/{id}/test",
        // Chat sites are settings: which pages carry the widget; no conversation is reached through them.
        "GET /api/v1/chat-sites", "POST /api/v1/chat-sites", "GET /api/v1/chat-sites/{id}", "PUT /api/v1/chat-sites/{id}", "DELETE /api/v1/chat-sites/{id}",
        // Automatic mail answers no conversation (that is why it waits there), so no team's restriction reaches it yet.
        "GET /api/v1/automatic-mail", "POST /api/v1/automatic-mail/{receipt}/conversation",
        "POST /api/v1/webhooks", "DELETE /api/v1/webhooks/{id}", "POST /api/v1/case-kinds", "DELETE /api/v1/case-kinds/{key}",
        "PUT /api/v1/authority-limits", "DELETE /api/v1/authority-limits/{id}", "PUT /api/v1/service-standards/calendar",
        "PUT /api/v1/service-standards/delay-template", "POST /api/v1/service-standards/policies",
        "PUT /api/v1/service-standards/policies/{id}", "DELETE /api/v1/service-standards/policies/{id}",
        // Survey settings are the organisation's; agreeing or finishing an idea shows only the linked feedback the caller may see.
        "GET /api/v1/feedback/survey-settings", "PUT /api/v1/feedback/survey-settings",
        "POST /api/v1/improvement-ideas/{id}/agree", "POST /api/v1/improvement-ideas/{id}/done",
        // The glossary is a setting of words (administrators only); it names no conversation.
        "PUT /api/v1/coach/glossary",
        // Scorecards are settings (supervisors and administrators); they name no conversation.
        "POST /api/v1/quality/scorecards", "PUT /api/v1/quality/scorecards/{id}",
        // Writing articles: they name no case or conversation.
        "POST /api/v1/knowledge/articles", "PUT /api/v1/knowledge/articles/{id}", "POST /api/v1/knowledge/articles/{id}/archive",
        // Templates are the organisation's words; a rendering reaches records only through the paths above.
        "GET /api/v1/templates", "GET /api/v1/templates/placeholders", "GET /api/v1/templates/{id}", "POST /api/v1/templates",
        "PUT /api/v1/templates/{id}", "DELETE /api/v1/templates/{id}",
        // Loyalty settings and offers are the organisation's (administrators); they name no customer or team's record.
        "POST /api/v1/loyalty/offers", "PUT /api/v1/loyalty/offers/{id}", "DELETE /api/v1/loyalty/offers/{id}", "PUT /api/v1/loyalty/settings",
        "POST /api/v1/loyalty/refresh",
        // Complaint causes and the apology wording are the organisation's settings (administrators); they name no case.
        "POST /api/v1/complaints/causes", "PUT /api/v1/complaints/causes/{key}", "DELETE /api/v1/complaints/causes/{key}",
        "PUT /api/v1/complaints/apology",
        // Call settings: administrators only; they name no record.
        "PUT /api/v1/calls/settings",
    ];

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    private List<string> ApiEndpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m} {RouteParameter().Replace("/" + e.RoutePattern.RawText!.Trim('/'), "{$1}")}"))
            .Where(k => k.Contains(" /api/", StringComparison.Ordinal))
            .Distinct().ToList();

    [Fact]
    public void Every_api_endpoint_has_a_decision_about_restricted_records()
    {
        var endpoints = ApiEndpoints();
        var undecided = endpoints.Where(e => !Attempts.ContainsKey(e) && !Unrelated.Contains(e)).ToList();
        var stale = Attempts.Keys.Concat(Unrelated).Except(endpoints).ToList();

        Assert.True(undecided.Count == 0, "Decide how these endpoints treat a restricted team's records: " + string.Join(", ", undecided));
        Assert.True(stale.Count == 0, "These decisions have no endpoint: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task An_agent_outside_a_restricted_team_gets_nothing_of_its_work_on_any_path_and_writes_nothing()
    {
        var (r, outsider) = await RestrictedWorkAsync();
        var before = await SnapshotAsync();
        var failures = new List<string>();

        foreach (var (endpoint, attempts) in Attempts)
        {
            var method = new HttpMethod(endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)]);
            foreach (var attempt in attempts)
            {
                var url = attempt.Url(r);
                var content = attempt.Body?.Invoke(r);
                // An answer may repeat what the caller sent ("No case has the id …"); anything else restricted is a leak.
                var sent = url + (content is null ? "" : await content.ReadAsStringAsync());
                using var response = await outsider.SendAsync(method, url, content);
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                var ok = attempt.Expect switch
                {
                    Expect.Hidden => status == 404,
                    Expect.Refused => status is >= 400 and < 500,
                    _ => status < 500,
                };
                if (!ok)
                {
                    failures.Add($"{method} {url}: {status}, expected {attempt.Expect}");
                }

                if (r.Secrets.FirstOrDefault(s => !sent.Contains(s, StringComparison.OrdinalIgnoreCase)
                        && body.Contains(s, StringComparison.OrdinalIgnoreCase)) is { } leaked)
                {
                    failures.Add($"{method} {url}: {status} and the answer contains the restricted '{leaked}'");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Members_still_see_and_work_the_restricted_records_through_the_same_paths()
    {
        var (r, _, member) = await RestrictedWorkWithMemberAsync();

        await (await member.GetAsync($"/api/v1/cases/{r.CaseId}")).ExpectAsync(HttpStatusCode.OK);
        var open = await (await member.GetAsync($"/api/v1/cases/{r.OpenCaseId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(open["conversations"]!.AsArray(), c => c!.Id() == r.LinkedConversationId);
        await (await member.GetAsync($"/api/v1/promises/{r.PromiseId}")).ExpectAsync(HttpStatusCode.OK);
        var referral = await (await member.GetAsync($"/api/v1/referrals/{r.ReferralId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(r.CaseId, referral["case"]!["case"]!["id"]!.GetValue<string>());
        await (await member.GetAsync($"/api/v1/referrals/chain?caseId={r.CaseId}")).ExpectAsync(HttpStatusCode.OK);
        await (await member.GetAsync($"/api/v1/conversations/{r.ConversationId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains((await (await member.GetAsync("/api/v1/cases?limit=200")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray(), c => c!.Id() == r.CaseId);
        await (await member.PostAsync($"/api/v1/cases/{r.CaseId}/notes", Requests.JsonBody(new { text = "Member note" }))).ExpectAsync(HttpStatusCode.Created);
        await (await admin.GetAsync($"/api/v1/cases/{r.CaseId}")).ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<(Restricted, HttpClient Outsider)> RestrictedWorkAsync()
    {
        var (r, outsider, _) = await RestrictedWorkWithMemberAsync();
        return (r, outsider);
    }

    private async Task<(Restricted, HttpClient Outsider, HttpClient Member)> RestrictedWorkWithMemberAsync()
    {
        var memberUser = await app.CreateStaffAsync(Roles.Agent);
        var colleague = await app.CreateStaffAsync(Roles.Agent);
        var member = app.ClientWithToken(await app.IssueTokenAsync(memberUser.Id, "restricted member"));
        var outsiderUser = await app.CreateStaffAsync(Roles.Agent);
        var outsider = app.ClientWithToken(await app.IssueTokenAsync(outsiderUser.Id, "outsider"));
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = "Fraud " + Guid.NewGuid().ToString("N")[..8], restricted = true })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.PutAsync($"/api/v1/teams/{team.Id()}/members", Requests.JsonBody(new { userIds = new[] { memberUser.Id, colleague.Id } })))
            .ExpectAsync(HttpStatusCode.OK);

        var word = "zr" + Guid.NewGuid().ToString("N")[..10];
        var email = CustomerBuilder.UniqueEmail();
        var first = await Inbound.AnEmail(email).Subject($"Suspected fraud {word}").Text($"Card stolen, reference {word}").ReceiveAsync(admin);
        var second = await Inbound.AnEmail(email).Subject($"Second fraud report {word}").Text($"Another one {word}").ReceiveAsync(admin);
        var open = await Inbound.AnEmail(email).Subject("Opening hours").Text("When are you open?").ReceiveAsync(admin);
        foreach (var conversation in new[] { first.ConversationId(), second.ConversationId() })
        {
            await (await admin.PostAsync($"/api/v1/conversations/{conversation}/assign", Requests.JsonBody(new { assigneeId = (Guid?)null, teamId = team.Id() })))
                .ExpectAsync(HttpStatusCode.OK);
        }

        var theCase = await (await member.PostAsync("/api/v1/cases", Requests.JsonBody(new
        {
            conversationId = first.ConversationId(),
            title = $"Fraud {word}",
            teamId = team.Id(),
            ownerId = memberUser.Id,
        }))).ExpectAsync(HttpStatusCode.Created);
        // An open case anyone may see, about the same customer, that links the second restricted conversation.
        var openCase = await (await member.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = second.ConversationId(), title = "Refund" })))
            .ExpectAsync(HttpStatusCode.Created);
        var promise = await (await member.PostAsync("/api/v1/promises", Requests.JsonBody(new
        {
            conversationId = first.ConversationId(),
            what = $"call back about {word}",
            dueAt = "2099-01-01T10:00:00Z",
        }))).ExpectAsync(HttpStatusCode.Created);
        var referral = await (await member.PostAsync("/api/v1/referrals", Requests.JsonBody(new { caseId = theCase["case"]!.Id(), toUserId = colleague.Id, reason = $"Fraud desk {word}" })))
            .ExpectAsync(HttpStatusCode.Created);
        var action = await (await member.PostAsync($"/api/v1/cases/{theCase["case"]!.Id()}/actions", Requests.JsonBody(new
        {
            type = "goodwillGesture",
            amount = 100000m,
            currency = "GBP",
            reason = $"Goodwill {word}",
        }))).ExpectAsync(HttpStatusCode.Created);

        // A customer-facing article the outsider could try to link to the restricted case, or insert into its conversation.
        var article = await (await admin.PostAsync("/api/v1/knowledge/articles", Requests.JsonBody(new { title = "Opening hours", answer = "9 to 5.", audience = "customer" })))
            .ExpectAsync(HttpStatusCode.Created);

        var feedback = await (await member.PostAsync("/api/v1/feedback", Requests.JsonBody(new
        {
            source = "verbal",
            text = $"Thanks for catching the fraud {word}",
            caseId = theCase["case"]!.Id(),
            themes = new[] { $"fraud {word}" },
        }))).ExpectAsync(HttpStatusCode.Created);
        // An idea anyone may see, prompted by the restricted feedback: its list must not name that feedback to outsiders.
        await (await member.PostAsync("/api/v1/improvement-ideas", Requests.JsonBody(new { title = "Faster fraud checks", feedbackIds = new[] { feedback.Id() } })))
            .ExpectAsync(HttpStatusCode.Created);


        // A quality review of the member's work on the restricted conversation, as the outsider's own would be.
        var review = await (await admin.PostAsync("/api/v1/quality/reviews", Requests.JsonBody(new
        {
            conversationId = first.ConversationId(),
            agentId = memberUser.Id,
            scores = Enumerable.Range(1, 10).Select(i => new { key = $"000-B{i}", rating = "met", comment = $"Handled {word}" }).ToArray(),
        }))).ExpectAsync(HttpStatusCode.Created);

        var r = new Restricted(first.CustomerId(), first.ConversationId(), first.MessageId(), theCase["case"]!.Id(), promise.Id(), referral.Id(), action.Id(),
            openCase["case"]!.Id(), second.ConversationId(), open.ConversationId(), word, article.Id(), feedback.Id(), review.Id(), memberUser.Id, outsiderUser.Id);
        var call = await (await member.PostAsync($"/api/v1/conversations/{first.ConversationId()}/calls", Requests.JsonBody(new
        {
            direction = "inbound",
            outcome = "answered",
            notes = $"Call about {word}",
            consent = new { answer = "agreed" },
        }))).ExpectAsync(HttpStatusCode.Created);
        r = r with { CallId = call.Id() };
        return (r, outsider, member);
    }

    /// <summary>What an outsider could change: row counts of every kind of work record, and the state of the restricted ones.</summary>
    private Task<string> SnapshotAsync() => app.WithDbAsync(async db =>
    {
        var counts = new[]
        {
            await db.Messages.CountAsync(), await db.Cases.CountAsync(), await db.CaseNotes.CountAsync(), await db.CaseConversations.CountAsync(),
            await db.CaseFollowers.CountAsync(), await db.Referrals.CountAsync(), await db.CaseActions.CountAsync(), await db.Notifications.CountAsync(),
            await db.Set<Rapport.Features.Promises.Promise>().CountAsync(), await db.Set<Rapport.Features.Complaints.Complaint>().CountAsync(),
            await db.Set<Rapport.Features.Complaints.ComplaintAlternative>().CountAsync(),
            await db.Set<Rapport.Features.Complaints.ComplaintDisagreement>().CountAsync(),
            await db.Set<Rapport.Features.Promises.Promise>().CountAsync(), await db.Set<Rapport.Features.Knowledge.KnowledgeCaseLink>().CountAsync(),
            await db.KnowledgeArticles.SumAsync(a => a.InsertCount),
            await db.Set<Rapport.Features.Feedback.FeedbackEntry>().CountAsync(), await db.Set<Rapport.Features.Feedback.FeedbackTheme>().CountAsync(),
            await db.Set<Rapport.Features.Feedback.ImprovementIdea>().CountAsync(),
            await db.Set<Rapport.Features.Quality.Review>().CountAsync(), await db.Set<Rapport.Features.Quality.ReviewComment>().CountAsync(),
            await db.Set<Rapport.Features.Quality.CalibrationSession>().CountAsync(),
            await db.Set<Rapport.Features.Quality.Review>().CountAsync(x => x.AcknowledgedAt != null),
            await db.Set<Rapport.Features.Channels.Telephone.CallRecord>().CountAsync(),
            await db.Set<Rapport.Features.Channels.Telephone.CallRecord>().CountAsync(c => c.Consent != null),
        };
        var conversations = await db.Conversations.OrderBy(c => c.Id).Select(c => $"{c.Id}:{c.Status}:{c.AssigneeId}:{c.TeamId}").ToListAsync();
        var cases = await db.Cases.OrderBy(c => c.Id).Select(c => $"{c.Id}:{c.Status}:{c.OwnerId}:{c.TeamId}:{c.Title}").ToListAsync();
        var promises = await db.Set<Rapport.Features.Promises.Promise>().OrderBy(p => p.Id).Select(p => $"{p.Id}:{p.Status}:{p.DueAt}").ToListAsync();
        var referrals = await db.Referrals.OrderBy(x => x.Id).Select(x => $"{x.Id}:{x.Status}").ToListAsync();
        var actions = await db.CaseActions.OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.Status}").ToListAsync();
        return string.Join("|", counts) + "\n" + string.Join("\n", conversations.Concat(cases).Concat(promises).Concat(referrals).Concat(actions));
    });
}

public sealed class RestrictedRecordsOnEveryPathTestsOnSqlite(SqliteRapportFactory app) : RestrictedRecordsOnEveryPathTests<SqliteRapportFactory>(app);

public sealed class RestrictedRecordsOnEveryPathTestsOnPostgres(PostgresRapportFactory app) : RestrictedRecordsOnEveryPathTests<PostgresRapportFactory>(app);
