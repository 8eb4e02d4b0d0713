using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rapport.Infrastructure.Api.OpenApi;

/// <summary>Title, description, servers, tags, the bearer scheme, the shared components and <c>/health</c>.</summary>
internal sealed class DescribeDocument : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Customers"] = "Customer records: contact points, notes, confidential details, merges, history, CSV import and export.",
        ["Calls"] = "Telephone, VOIP and video: calls logged in a conversation or with a customer, their recording consent (C9), video meeting links, the recording settings and the consent report.",
        ["Conversations"] = "The inbox: conversations with their messages, assignment, status, internal notes, replies (with files uploaded first to `/api/v1/uploads`) and downloads.",
        ["Channels"] = "Accounts with SMS and messaging-app providers that Rapport receives and replies through (administrators), and whether every channel works now: health and connection tests.",
        ["Letters"] = "Paper letters: letters received, logged with their scan and a summary; letters written, printed on A4 and marked posted. Both are messages on the letter channel, on the customer's timeline.",
        ["Chat"] = "Chat sites: the web sites that carry Rapport's chat widget, their allowed origins, look and answering team (administrators). The visitor API the widget calls is described in the API guide.",
        ["Ingestion"] = "Feeding messages from any channel into Rapport, and what became of them.",
        ["Search"] = "Full-text search over messages, customers and notes.",
        ["Cases"] = "Cases: what a customer needs, its status workflow, owner, followers, linked conversations and notes.",
        ["Referrals"] = "Referring a case or conversation to a colleague or team with a reason, and answering referrals.",
        ["Knowledge"] = "The knowledge base: articles about products and services (what each includes, its limits, alternatives, estimated times), ranked search, answers inserted into replies, links to the cases they helped, every change with who and why, and reviews that are due.",
        ["Templates"] = "Reply templates in Liquid per purpose, channel and language, with a closed set of placeholders: managing them, choosing the best one for a conversation, previewing and rendering them for a real customer, SMS segment counts.",
        ["Promises"] = "Undertakings made to customers, their due times, and whether they were kept.",
        ["Limits of authority"] = "Refunds, compensation and other actions on cases, limits per role or user, and approvals.",
        ["Quality"] = "Quality reviews (C26): scorecards from the behaviours of standard 000 and LAST, reviews of an agent's interactions with a weighted score, the agent's comments and acknowledgement, the weekly random sample per agent, and calibration sessions.",
        ["Competence"] = "Competence evidence (C27): each staff member's work mapped to every performance criterion of the five standards, as a portfolio an assessor can read.",
        ["Loyalty"] = "Loyalty (C25): per customer tenure, repeat contacts and business, value and a risk-of-leaving score that explains itself; offers for long-standing customers within limits of authority, extra-mile actions, the at-risk list and the cost of keeping against winning customers.",
        ["Dashboards"] = "Service dashboards (C28): response and resolution times against targets, promises kept, customers updated on time, CSAT/NPS/effort, complaints by cause, channel mix and backlog, per organisation, team and agent, as JSON or CSV from a daily rollup.",
        ["Complaints"] = "The guided complaint flow on complaint cases — Listen, Apologise, Solve (alternatives, offers through the limits of authority), Thank and a follow-up promise — the causes, and complaint measures.",
        ["Feedback"] = "Customer feedback from every source: surveys after resolved cases (their settings, and why one was or was not sent), verbal feedback, letters, reviews and service audits logged by staff, the feed with its themes and trend, and improvement ideas tracked from proposed to done.",
        ["Service standards"] = "Business calendar, service policies and their clocks, and keeping customers informed of delays.",
        ["Coach"] = "The communication coach: suggestions on a draft reply against the service behaviours (greeting and name, jargon, reading level, empathy, understanding, next step, undated promises, positive close, complaint steps), each with why it fired; and the organisation's jargon glossary (administrators).",
        ["Notifications"] = "The signed-in user's notifications.",
        ["Webhooks"] = "Subscriptions to outgoing webhooks and their delivery log (the events are under `webhooks`).",
        ["Email"] = "Mailboxes Rapport receives and sends email through (administrators).",
        ["API tokens"] = "Your own API tokens.",
        ["Users"] = "Staff accounts and their roles.",
        ["Teams"] = "Teams and their members.",
        ["Organisation"] = "The organisation's own settings.",
        ["Audit"] = "The tamper-evident audit trail.",
        ["Privacy"] = "Data protection: each customer's consent ledger (purposes, lawful basis, withdrawals), who read or changed what about them, a subject-access export and erasure by anonymisation; retention periods per kind of data with run reports and a dry run, and legal holds that stop retention and erasure.",
        ["Health"] = "Whether this node can serve requests.",
    };

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Rapport API";
        document.Info.Version = "v1";
        document.Info.Description = "Customer records, conversations from every channel, cases, referrals, promises and the audit trail. " +
            "Authenticate with 'Authorization: Bearer rpt_…' (create a token on the API tokens page or with 'rapport token create'); " +
            "every write needs it, a signed-in browser session may only read. " +
            "Errors are RFC 9457 problem details; creates honour Idempotency-Key; updates honour If-Match. " +
            "Versioning, deprecation and problem types are described in the API guide (docs/api-guide.md).";
        document.Info.License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://rapport.dev/licence") };
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A Rapport API token (rpt_…).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });

        // Both problem schemas exist even when no operation names them directly.
        await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, cancellationToken);
        await context.GetOrCreateSchemaAsync(typeof(HttpValidationProblemDetails), null, cancellationToken);
        ApiComponents.AddTo(document);
        AddHealth(document);
        SharedEnums.Reference(document);
        SharedEnums.OpenResponses(document);

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var name in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name).OfType<string>().Distinct().ToList())
        {
            if (document.Tags.FirstOrDefault(t => t.Name == name) is not { } tag)
            {
                tag = new OpenApiTag { Name = name };
                document.Tags.Add(tag);
            }

            tag.Description = TagDescriptions.GetValueOrDefault(name);
        }
    }

    private static void AddHealth(OpenApiDocument document)
    {
        var json = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "status", "database" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["healthy", "degraded", "unhealthy"] },
                        ["database"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Description = "`ok`, or what is wrong, e.g. `unreachable: ConnectionRefused` or `locked: SQLITE_BUSY after the busy timeout`.",
                        },
                    },
                },
            },
        };
        document.Paths["/health"] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = "getHealth",
                    Summary = "Check health",
                    Description = "Whether this node can serve requests (its database answers). Needs no token; for load balancers and monitoring.",
                    Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                    Security = [],
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse { Description = "Healthy: `{\"status\":\"healthy\",\"database\":\"ok\"}`.", Content = json },
                        ["503"] = new OpenApiResponse { Description = "Unhealthy: the database does not answer; `database` says why.", Content = json },
                    },
                },
            },
        };
    }
}
