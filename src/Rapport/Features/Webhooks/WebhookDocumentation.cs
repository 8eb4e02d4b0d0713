using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Rapport.Features.Authority;
using Rapport.Features.Cases;
using Rapport.Features.Promises;
using Rapport.Features.Referrals;
using Rapport.Features.ServiceStandards;

namespace Rapport.Features.Webhooks;

/// <summary>
/// The outgoing webhooks in the document's <c>webhooks</c> section (OpenAPI 3.1): each event's envelope and payload
/// schema, and the headers every delivery carries, including the signature.
/// </summary>
public sealed class WebhookDocumentation : IOpenApiDocumentTransformer
{
    public static readonly IReadOnlyList<(string Event, Type Payload, string Description)> Events =
    [
        (WebhookEvents.MessageReceived, typeof(MessageReceivedPayload), "A message came in on any channel and was stored."),
        (WebhookEvents.MessageSent, typeof(MessageSentPayload), "A reply was sent to the customer."),
        (WebhookEvents.CustomerCreated, typeof(CustomerCreatedPayload), "A customer was created."),
        (WebhookEvents.CaseCreated, typeof(CaseEventDto), "A case was opened."),
        (WebhookEvents.CaseUpdated, typeof(CaseEventDto), "A case changed: assignment, description, tags, links or confirmation."),
        (WebhookEvents.CaseStatusChanged, typeof(CaseStatusChangedDto), "A case moved to another status."),
        (WebhookEvents.ReferralCreated, typeof(ReferralDto), "A case or conversation was referred."),
        (WebhookEvents.ReferralAccepted, typeof(ReferralDto), "A referral was accepted."),
        (WebhookEvents.ReferralDeclined, typeof(ReferralDto), "A referral was declined."),
        (WebhookEvents.PromiseDue, typeof(PromiseDto), "A promise passed its due time still open (once)."),
        (WebhookEvents.PromiseBroken, typeof(PromiseDto), "A promise was marked broken, or is still pending well after its due time (once)."),
        (WebhookEvents.ApprovalRequested, typeof(CaseActionDto), "An action beyond the requester's limit awaits approval."),
        (WebhookEvents.ApprovalApproved, typeof(CaseActionDto), "A pending action was approved (and so completed)."),
        (WebhookEvents.ApprovalRejected, typeof(CaseActionDto), "A pending action was rejected."),
        (WebhookEvents.CaseActionCompleted, typeof(CaseActionDto), "An action on a case was completed."),
        (WebhookEvents.SlaDueSoon, typeof(ServiceTargetEventDto), "A service target of a case is due soon (once per clock run)."),
        (WebhookEvents.SlaBreached, typeof(ServiceTargetEventDto), "A service target of a case was missed."),
    ];

    private static readonly (string Name, string Description, string? Pattern)[] Headers =
    [
        ("X-Rapport-Event", "The event's name, as in the body.", null),
        ("X-Rapport-Delivery", "The delivery's id (a UUID); a retry of the same delivery keeps it, so use it to ignore repeats.", null),
        ("X-Rapport-Timestamp", "When this attempt was sent, in Unix seconds. Refuse old timestamps to stop replays.", "^[0-9]+$"),
        ("X-Rapport-Signature", "`sha256=` and the lowercase hex HMAC-SHA256, keyed with the subscription's secret, of " +
            "`X-Rapport-Timestamp + \".\" + body` (the exact bytes received). Compare in constant time.", "^sha256=[0-9a-f]{64}$"),
    ];

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (eventName, payload, description) in Events)
        {
            if (!document.Components.Schemas.ContainsKey(payload.Name))
            {
                document.Components.Schemas[payload.Name] = await context.GetOrCreateSchemaAsync(payload, null, cancellationToken);
            }

            document.Webhooks[eventName] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = Delivery(document, eventName, payload, description) },
            };
        }
    }

    private static OpenApiOperation Delivery(OpenApiDocument document, string eventName, Type payload, string description) => new()
    {
        OperationId = "on" + string.Concat(eventName.Split('.', '_').Select(w => char.ToUpperInvariant(w[0]) + w[1..])),
        Summary = eventName,
        Description = description + " Rapport POSTs this to each enabled subscription that wants the event (or `*`). " +
            "Answer 2xx within 15 seconds; any other answer or a timeout is retried with backoff, except a 4xx other than 408 and 429, which ends the delivery.",
        Tags = new HashSet<OpenApiTagReference> { new("Webhooks", document) },
        Security = [],
        Parameters = Headers.Select(h => (IOpenApiParameter)new OpenApiParameter
        {
            Name = h.Name,
            In = ParameterLocation.Header,
            Required = true,
            Description = h.Description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = h.Pattern },
        }).ToList(),
        RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "event", "occurredAt", "data" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["event"] = new OpenApiSchema { Type = JsonSchemaType.String, Const = eventName },
                            ["occurredAt"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                            ["data"] = new OpenApiSchemaReference(payload.Name, document),
                        },
                    },
                },
            },
        },
        Responses = new OpenApiResponses
        {
            ["200"] = new OpenApiResponse { Description = "Received (any 2xx will do)." },
            ["410"] = new OpenApiResponse { Description = "Gone: like any 4xx other than 408 and 429, ends this delivery without retrying." },
        },
    };
}
