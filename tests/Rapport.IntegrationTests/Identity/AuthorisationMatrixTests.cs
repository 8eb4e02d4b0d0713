using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Complaints;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Identity;

/// <summary>
/// Every endpoint the host maps has a policy (or is explicitly anonymous), and every API endpoint answers each role
/// as the policies say. An endpoint added without an entry in <see cref="Expected"/> fails the test.
/// </summary>
public abstract class AuthorisationMatrixTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private static readonly string[] Everyone = Roles.All;
    private static readonly string[] Writers = [Roles.Agent, Roles.Supervisor, Roles.Administrator];
    private static readonly string[] Managers = [Roles.Supervisor, Roles.Administrator];
    private static readonly string[] AuditReaders = [Roles.Auditor, Roles.Administrator];
    private static readonly string[] Admins = [Roles.Administrator];

    private const string Customer = "/api/v1/customers/{id}";

    /// <summary>Who may call each API endpoint, as the product decides it (Policies.cs and the endpoint mapping).</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["GET /api/v1/customers"] = Everyone,
        ["GET /api/v1/customers/lookup"] = Everyone,
        [$"GET {Customer}"] = Everyone,
        [$"GET {Customer}/notes"] = Everyone,
        [$"GET {Customer}/history"] = Everyone,
        [$"GET {Customer}/confidential"] = Everyone,
        ["POST /api/v1/customers"] = Writers,
        [$"PUT {Customer}"] = Writers,
        [$"POST {Customer}/contact-points"] = Writers,
        [$"DELETE {Customer}/contact-points/{{contactPointId}}"] = Writers,
        [$"POST {Customer}/notes"] = Writers,
        [$"POST {Customer}/confidential"] = Writers,
        [$"POST {Customer}/merge"] = Writers,
        [$"GET {Customer}/consents"] = Everyone,
        [$"GET {Customer}/consents/check"] = Everyone,
        [$"POST {Customer}/consents"] = Writers,
        [$"GET {Customer}/access-report"] = [Roles.Supervisor, Roles.Administrator, Roles.Auditor],
        [$"DELETE {Customer}"] = Managers,
        ["POST /api/v1/customers/import"] = Managers,
        ["GET /api/v1/customers/export"] = Managers,
        [$"GET {Customer}/export"] = Admins,
        [$"POST {Customer}/erase"] = Admins,
        ["GET /api/v1/retention/policy"] = Admins,
        ["PUT /api/v1/retention/policy"] = Admins,
        ["GET /api/v1/retention/preview"] = Admins,
        ["POST /api/v1/retention/run"] = Admins,
        ["GET /api/v1/retention/runs"] = AuditReaders,
        ["GET /api/v1/legal-holds"] = AuditReaders,
        ["POST /api/v1/legal-holds"] = Admins,
        ["POST /api/v1/legal-holds/{id}/release"] = Admins,
        ["GET /api/v1/audit"] = AuditReaders,
        ["GET /api/v1/audit/verify"] = AuditReaders,
        ["GET /api/v1/tokens"] = Everyone,
        ["POST /api/v1/tokens"] = Everyone,
        ["DELETE /api/v1/tokens/{id}"] = Everyone,
        ["GET /api/v1/users"] = Everyone,
        ["GET /api/v1/users/me"] = Everyone,
        ["GET /api/v1/users/me/preferences"] = Everyone,
        ["PUT /api/v1/users/me/preferences"] = Everyone,
        ["POST /api/v1/users"] = Admins,
        ["PATCH /api/v1/users/{id}"] = Admins,
        ["POST /api/v1/users/{id}/disable"] = Admins,
        ["POST /api/v1/users/{id}/enable"] = Admins,
        ["POST /api/v1/users/{id}/two-factor/reset"] = Admins,
        ["GET /api/v1/security/two-factor"] = Admins,
        ["PUT /api/v1/security/two-factor"] = Admins,
        ["GET /api/v1/teams"] = Everyone,
        ["POST /api/v1/teams"] = Admins,
        ["PUT /api/v1/teams/{id}/members"] = Admins,
        ["PATCH /api/v1/teams/{id}"] = Admins,
        ["GET /api/v1/organisation"] = Everyone,
        ["PUT /api/v1/organisation"] = Admins,
        ["POST /api/v1/inbound-messages"] = Admins,
        ["GET /api/v1/inbound-messages/{receipt}"] = Admins,
        ["GET /api/v1/inbound-messages/set-aside"] = Admins,
        ["GET /api/v1/automatic-mail"] = Everyone,
        ["POST /api/v1/automatic-mail/{receipt}/conversation"] = Writers,
        ["POST /api/v1/inbound-messages/set-aside/{receipt}/retry"] = Admins,
        ["GET /api/v1/conversations"] = Everyone,
        ["GET /api/v1/conversations/{id}"] = Everyone,
        ["POST /api/v1/conversations/{id}/assign"] = Writers,
        ["POST /api/v1/conversations/{id}/status"] = Writers,
        ["POST /api/v1/conversations/{id}/notes"] = Writers,
        ["POST /api/v1/conversations/{id}/replies"] = Writers,
        ["GET /api/v1/conversations/{id}/calls"] = Everyone,
        ["POST /api/v1/conversations/{id}/calls"] = Writers,
        ["POST /api/v1/conversations/{id}/video-meetings"] = Writers,
        [$"GET {Customer}/calls"] = Everyone,
        [$"POST {Customer}/calls"] = Writers,
        ["GET /api/v1/calls/{id}"] = Everyone,
        ["POST /api/v1/calls/{id}/consent"] = Writers,
        ["GET /api/v1/calls/settings"] = Everyone,
        ["PUT /api/v1/calls/settings"] = Admins,
        ["GET /api/v1/calls/consent-report"] = [Roles.Supervisor, Roles.Administrator, Roles.Auditor],
        ["GET /api/v1/conversations/{id}/whatsapp-templates"] = Everyone,
        ["POST /api/v1/conversations/{id}/whatsapp-template-replies"] = Writers,
        [$"POST {Customer}/letters"] = Writers,
        ["GET /api/v1/conversations/{id}/letters"] = Everyone,
        ["POST /api/v1/conversations/{id}/letters"] = Writers,
        ["POST /api/v1/conversations/{id}/letters/outbound"] = Writers,
        ["GET /api/v1/conversations/{id}/letters/{letterId}/print"] = Everyone,
        ["POST /api/v1/conversations/{id}/letters/{letterId}/posted"] = Writers,
        ["GET /api/v1/conversations/{id}/channel-options"] = Everyone,
        ["POST /api/v1/conversations/{id}/channel-switch"] = Writers,
        ["POST /api/v1/uploads"] = Writers,
        ["GET /api/v1/uploads/{id}"] = Writers,
        ["DELETE /api/v1/uploads/{id}"] = Writers,
        ["GET /api/v1/messages/{id}/raw"] = [Roles.Supervisor, Roles.Administrator, Roles.Auditor],
        ["GET /api/v1/messages/{id}/attachments/{attachmentId}"] = Everyone,
        ["GET /api/v1/messages/{id}/attachments/{attachmentId}/email"] = Everyone,
        ["GET /api/v1/messages/{id}/html"] = Everyone,
        ["POST /api/v1/messages/{id}/send-again"] = Writers,
        ["POST /api/v1/messages/{id}/mark-sent"] = Writers,
        [$"GET {Customer}/timeline"] = Everyone,
        ["GET /api/v1/mailboxes"] = Admins,
        ["POST /api/v1/mailboxes"] = Admins,
        ["PATCH /api/v1/mailboxes/{id}"] = Admins,
        ["DELETE /api/v1/mailboxes/{id}"] = Admins,
        ["POST /api/v1/mailboxes/{id}/receive"] = Admins,
        ["GET /api/v1/channel-accounts"] = Admins,
        ["POST /api/v1/channel-accounts"] = Admins,
        ["PATCH /api/v1/channel-accounts/{id}"] = Admins,
        ["DELETE /api/v1/channel-accounts/{id}"] = Admins,
        ["GET /api/v1/channel-accounts/{id}/whatsapp-templates"] = Admins,
        ["POST /api/v1/channel-accounts/{id}/whatsapp-templates"] = Admins,
        ["DELETE /api/v1/channel-accounts/{id}/whatsapp-templates/{templateId}"] = Admins,
        ["GET /api/v1/chat-sites"] = Admins,
        ["POST /api/v1/chat-sites"] = Admins,
        ["GET /api/v1/chat-sites/{id}"] = Admins,
        ["PUT /api/v1/chat-sites/{id}"] = Admins,
        ["DELETE /api/v1/chat-sites/{id}"] = Admins,
        ["POST /api/v1/channel-accounts/{id}/test"] = Admins,
        ["POST /api/v1/mailboxes/{id}/test"] = Admins,
        ["GET /api/v1/channels/health"] = Managers,
        ["GET /api/v1/webhooks"] = Admins,
        ["POST /api/v1/webhooks"] = Admins,
        ["DELETE /api/v1/webhooks/{id}"] = Admins,
        ["GET /api/v1/webhooks/{id}/deliveries"] = Admins,
        ["GET /api/v1/search"] = Everyone,
        ["GET /api/v1/cases"] = Everyone,
        ["GET /api/v1/cases/{id}"] = Everyone,
        ["POST /api/v1/cases"] = Writers,
        ["PUT /api/v1/cases/{id}"] = Writers,
        ["POST /api/v1/cases/{id}/status"] = Writers,
        ["POST /api/v1/cases/{id}/assign"] = Writers,
        ["POST /api/v1/cases/{id}/follow"] = Writers,
        ["DELETE /api/v1/cases/{id}/follow"] = Writers,
        ["POST /api/v1/cases/{id}/conversations"] = Writers,
        ["DELETE /api/v1/cases/{id}/conversations/{conversationId}"] = Writers,
        ["POST /api/v1/cases/{id}/notes"] = Writers,
        ["POST /api/v1/cases/{id}/requirement-confirmation"] = Writers,
        ["POST /api/v1/cases/bulk"] = Writers,
        ["GET /api/v1/case-kinds"] = Everyone,
        ["POST /api/v1/case-kinds"] = Admins,
        ["DELETE /api/v1/case-kinds/{key}"] = Admins,
        ["GET /api/v1/notifications"] = Everyone,
        ["POST /api/v1/notifications/{id}/read"] = Everyone,
        ["POST /api/v1/notifications/read-all"] = Everyone,
        ["GET /api/v1/referrals"] = Everyone,
        ["GET /api/v1/referrals/chain"] = Everyone,
        ["GET /api/v1/referrals/{id}"] = Everyone,
        ["POST /api/v1/referrals"] = Writers,
        ["POST /api/v1/referrals/{id}/accept"] = Writers,
        ["POST /api/v1/referrals/{id}/decline"] = Writers,
        ["POST /api/v1/referrals/{id}/withdraw"] = Writers,
        ["GET /api/v1/promises"] = Everyone,
        ["GET /api/v1/promises/measures"] = Everyone,
        ["GET /api/v1/promises/{id}"] = Everyone,
        ["POST /api/v1/promises"] = Writers,
        ["POST /api/v1/promises/detect"] = Writers,
        ["POST /api/v1/promises/{id}/kept"] = Writers,
        ["POST /api/v1/promises/{id}/broken"] = Writers,
        ["POST /api/v1/promises/{id}/renegotiate"] = Writers,
        ["GET /api/v1/cases/{id}/actions"] = Everyone,
        ["POST /api/v1/cases/{id}/actions"] = Writers,
        ["GET /api/v1/approvals"] = Writers,
        ["POST /api/v1/approvals/{id}/approve"] = Writers,
        ["POST /api/v1/approvals/{id}/reject"] = Writers,
        ["GET /api/v1/authority-limits"] = Admins,
        ["PUT /api/v1/authority-limits"] = Admins,
        ["DELETE /api/v1/authority-limits/{id}"] = Admins,
        ["GET /api/v1/my-authority-limits"] = Everyone,
        ["GET /api/v1/cases/{id}/complaint"] = Everyone,
        ["POST /api/v1/cases/{id}/complaint/listen"] = Writers,
        ["POST /api/v1/cases/{id}/complaint/apology"] = Writers,
        ["POST /api/v1/cases/{id}/complaint/alternatives"] = Writers,
        ["POST /api/v1/cases/{id}/complaint/alternatives/{alternativeId}/agree"] = Writers,
        ["POST /api/v1/cases/{id}/complaint/disagreements"] = Writers,
        ["POST /api/v1/cases/{id}/complaint/thanks"] = Writers,
        ["POST /api/v1/cases/{id}/complaint/follow-up"] = Writers,
        ["POST /api/v1/cases/{id}/complaint/follow-up/waiver"] = Writers,
        ["GET /api/v1/complaints/causes"] = Everyone,
        ["POST /api/v1/complaints/causes"] = Admins,
        ["PUT /api/v1/complaints/causes/{key}"] = Admins,
        ["DELETE /api/v1/complaints/causes/{key}"] = Admins,
        ["GET /api/v1/complaints/apology"] = Everyone,
        ["PUT /api/v1/complaints/apology"] = Admins,
        ["GET /api/v1/complaints/measures"] = Everyone,
        ["GET /api/v1/feedback"] = Everyone,
        ["GET /api/v1/feedback/{id}"] = Everyone,
        ["GET /api/v1/feedback/themes"] = Everyone,
        ["GET /api/v1/feedback/survey-settings"] = Everyone,
        ["PUT /api/v1/feedback/survey-settings"] = Admins,
        ["POST /api/v1/feedback"] = Writers,
        ["PUT /api/v1/feedback/{id}/themes"] = Writers,
        ["GET /api/v1/cases/{id}/surveys"] = Everyone,
        ["GET /api/v1/improvement-ideas"] = Everyone,
        ["POST /api/v1/improvement-ideas"] = Writers,
        ["POST /api/v1/improvement-ideas/{id}/agree"] = Managers,
        ["POST /api/v1/improvement-ideas/{id}/done"] = Writers,
        ["GET /api/v1/templates"] = Everyone,
        ["GET /api/v1/templates/placeholders"] = Everyone,
        ["GET /api/v1/templates/{id}"] = Everyone,
        ["GET /api/v1/templates/matching"] = Everyone,
        ["POST /api/v1/templates/preview"] = Everyone,
        ["POST /api/v1/templates/render-for-conversation"] = Everyone,
        ["POST /api/v1/templates"] = Managers,
        ["PUT /api/v1/templates/{id}"] = Managers,
        ["DELETE /api/v1/templates/{id}"] = Managers,
        ["GET /api/v1/service-standards/calendar"] = Everyone,
        ["PUT /api/v1/service-standards/calendar"] = Admins,
        ["GET /api/v1/service-standards/delay-template"] = Everyone,
        ["PUT /api/v1/service-standards/delay-template"] = Admins,
        ["GET /api/v1/service-standards/policies"] = Everyone,
        ["POST /api/v1/service-standards/policies"] = Admins,
        ["PUT /api/v1/service-standards/policies/{id}"] = Admins,
        ["DELETE /api/v1/service-standards/policies/{id}"] = Admins,
        ["GET /api/v1/service-standards/due-soon"] = Everyone,
        ["GET /api/v1/service-standards/cases/{id}"] = Everyone,
        ["POST /api/v1/service-standards/cases/{id}/delay-explanation"] = Writers,
        ["POST /api/v1/coach/check"] = Writers,
        ["GET /api/v1/coach/glossary"] = Admins,
        ["PUT /api/v1/coach/glossary"] = Admins,
        ["GET /api/v1/knowledge/articles"] = Everyone,
        ["GET /api/v1/knowledge/articles/overdue-reviews"] = Everyone,
        ["GET /api/v1/knowledge/articles/{id}"] = Everyone,
        ["GET /api/v1/knowledge/articles/{id}/history"] = Everyone,
        ["POST /api/v1/knowledge/articles"] = Managers,
        ["PUT /api/v1/knowledge/articles/{id}"] = Writers,
        ["POST /api/v1/knowledge/articles/{id}/archive"] = Writers,
        ["POST /api/v1/knowledge/articles/{id}/cases"] = Writers,
        ["POST /api/v1/knowledge/articles/{id}/insert"] = Writers,
        ["GET /api/v1/quality/scorecards"] = Everyone,
        ["POST /api/v1/quality/scorecards"] = Managers,
        ["PUT /api/v1/quality/scorecards/{id}"] = Managers,
        ["GET /api/v1/quality/sample"] = Managers,
        ["GET /api/v1/quality/reviews"] = Everyone,
        ["POST /api/v1/quality/reviews"] = Managers,
        ["GET /api/v1/quality/reviews/{id}"] = Everyone,
        ["POST /api/v1/quality/reviews/{id}/comments"] = Writers,
        ["POST /api/v1/quality/reviews/{id}/acknowledge"] = Writers,
        ["POST /api/v1/quality/calibrations"] = Managers,
        ["GET /api/v1/quality/calibrations/{id}"] = Managers,
        ["POST /api/v1/quality/calibrations/{id}/scores"] = Managers,
        ["GET /api/v1/competence/criteria"] = Everyone,
        ["GET /api/v1/staff/{id}/portfolio"] = Everyone,
        [$"GET {Customer}/loyalty"] = Everyone,
        [$"POST {Customer}/business"] = Writers,
        [$"POST {Customer}/extra-mile"] = Writers,
        [$"POST {Customer}/offers/{{offerId}}/grant"] = Writers,
        ["GET /api/v1/loyalty/at-risk"] = Everyone,
        ["GET /api/v1/loyalty/offers"] = Everyone,
        ["GET /api/v1/loyalty/offers/{id}"] = Everyone,
        ["GET /api/v1/loyalty/settings"] = Everyone,
        ["GET /api/v1/loyalty/report"] = [Roles.Supervisor, Roles.Administrator, Roles.Auditor],
        ["POST /api/v1/loyalty/offers"] = Admins,
        ["PUT /api/v1/loyalty/offers/{id}"] = Admins,
        ["DELETE /api/v1/loyalty/offers/{id}"] = Admins,
        ["PUT /api/v1/loyalty/settings"] = Admins,
        ["POST /api/v1/loyalty/refresh"] = Admins,
        ["GET /api/v1/dashboards"] = Everyone,
        ["GET /api/v1/dashboards/{chart}"] = Everyone,
        ["POST /api/v1/dashboards/rollup"] = Admins,
    };

    /// <summary>
    /// Blazor's own plumbing (the circuit hub, redirects); the pages it serves are checked like any endpoint. In
    /// Development MapStaticAssets adds a catch-all for files changed since the build (static files, public as all are).
    /// </summary>
    private static readonly string[] FrameworkPrefixes = ["/_blazor", "/_framework", "/{**path:file}"];

    private List<(string Method, RouteEndpoint Endpoint)> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => (m, e)))
            .ToList();

    private static string Route(RouteEndpoint e) =>
        System.Text.RegularExpressions.Regex.Replace("/" + e.RoutePattern.RawText!.Trim('/'), @"\{(\w+)(:[^}]*)?\}", "{$1}");

    [Fact]
    public void Every_endpoint_and_page_has_a_policy_or_is_explicitly_anonymous()
    {
        var all = Endpoints();
        Assert.Contains(all, x => Route(x.Endpoint) == "/customers"); // pages are endpoints too
        Assert.Contains(all, x => Route(x.Endpoint) == "/health");
        var unguarded = all
            .Where(x => !FrameworkPrefixes.Any(p => Route(x.Endpoint).StartsWith(p, StringComparison.Ordinal)))
            .Where(x => x.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
                && !x.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any()
                && x.Endpoint.Metadata.GetMetadata<AuthorizationPolicy>() is null)
            .Select(x => $"{x.Method} {Route(x.Endpoint)}")
            .ToList();

        Assert.True(unguarded.Count == 0, "Endpoints without a policy or [AllowAnonymous]: " + string.Join(", ", unguarded));
    }

    [Fact]
    public void Every_api_endpoint_has_an_expectation_and_every_expectation_an_endpoint()
    {
        var mapped = Endpoints().Where(x => Route(x.Endpoint).StartsWith("/api/", StringComparison.Ordinal))
            .Select(x => $"{x.Method} {Route(x.Endpoint)}").ToHashSet();

        Assert.True(mapped.Except(Expected.Keys).ToList() is [], "Add these endpoints to the matrix: " + string.Join(", ", mapped.Except(Expected.Keys)));
        Assert.True(Expected.Keys.Except(mapped).ToList() is [], "These expectations have no endpoint: " + string.Join(", ", Expected.Keys.Except(mapped)));
    }

    [Fact]
    public async Task Every_api_endpoint_answers_each_role_as_its_policy_says()
    {
        var customer = await Build.ACustomer().WithEmail(CustomerBuilder.UniqueEmail()).CreateAsync(app.ClientAs(Roles.Agent));
        var id = customer.Id();
        var failures = new List<string>();
        foreach (var (method, endpoint) in Endpoints().Where(x => Route(x.Endpoint).StartsWith("/api/", StringComparison.Ordinal)))
        {
            var key = $"{method} {Route(endpoint)}";
            Assert.True(Expected.TryGetValue(key, out var allowed), $"No expectation for {key}");
            var url = Route(endpoint).Replace("{id}", key.Contains("/customers/", StringComparison.Ordinal) ? id : Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{contactPointId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{attachmentId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{letterId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{receipt}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{conversationId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{alternativeId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{offerId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{key}", "matrix-kind", StringComparison.Ordinal);
            foreach (var role in new string?[] { null }.Concat(Roles.All))
            {
                using var response = await app.ClientAs(role).SendAsync(new HttpMethod(method), url + QueryFor(key), BodyFor(key, id));
                var status = (int)response.StatusCode;
                var ok = role is null ? status == 401
                    : allowed.Contains(role) ? status is not (401 or 403) and < 500
                    : status == 403;
                if (!ok)
                {
                    failures.Add($"{key} as {role ?? "anonymous"}: {status} (allowed: {string.Join("/", allowed)})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string QueryFor(string key) => key switch
    {
        "GET /api/v1/customers/lookup" => "?email=nobody%40example.com",
        $"GET {Customer}/consents/check" => "?purpose=marketing&channel=email",
        $"DELETE {Customer}" => "?reason=matrix",
        "GET /api/v1/search" => "?q=matrix",
        "GET /api/v1/referrals/chain" => $"?caseId={Guid.NewGuid()}",
        "GET /api/v1/promises/measures" or "GET /api/v1/complaints/measures" => "?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z",
        "GET /api/v1/templates/matching" => $"?conversationId={Guid.NewGuid()}",
        "GET /api/v1/calls/consent-report" => "?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z",
        _ => "",
    };

    private static HttpContent? BodyFor(string key, string id) => key switch
    {
        "POST /api/v1/customers" => Requests.JsonBody(new { name = "Matrix Customer" }),
        $"PUT {Customer}" => Requests.JsonBody(new { name = "Matrix Customer", kind = "external", type = "person" }),
        $"POST {Customer}/contact-points" => Requests.JsonBody(new { type = "email", value = CustomerBuilder.UniqueEmail() }),
        $"POST {Customer}/notes" => Requests.JsonBody(new { body = "A note" }),
        $"POST {Customer}/confidential" => Requests.JsonBody(new { label = "PIN hint", value = "first pet", level = "organisation" }),
        $"POST {Customer}/merge" => Requests.JsonBody(new { duplicateId = Guid.NewGuid() }),
        $"POST {Customer}/consents" => Requests.JsonBody(new { purpose = "surveys", decision = "withdrawn", basis = "consent", source = "agent" }),
        $"POST {Customer}/erase" => Requests.JsonBody(new { reason = "matrix" }),
        // Every period off: the matrix must not make other endpoints' records disappear.
        "PUT /api/v1/retention/policy" => Requests.JsonBody(new { }),
        "POST /api/v1/legal-holds" => Requests.JsonBody(new { customerId = Guid.NewGuid(), reason = "matrix" }),
        "POST /api/v1/legal-holds/{id}/release" => Requests.JsonBody(new { reason = "matrix" }),
        "POST /api/v1/customers/import" => Requests.CsvBody("name\nImported Matrix Customer\n"),
        "POST /api/v1/tokens" => Requests.JsonBody(new { name = "matrix" }),
        "POST /api/v1/users" => Requests.JsonBody(new { email = CustomerBuilder.UniqueEmail("staff"), displayName = "New Agent", role = "Agent", password = "long enough password" }),
        "POST /api/v1/teams" => Requests.JsonBody(new { name = $"Team {Unique.Letters()}" }),
        "PUT /api/v1/teams/{id}/members" => Requests.JsonBody(new { userIds = Array.Empty<Guid>() }),
        "PATCH /api/v1/users/{id}" => Requests.JsonBody(new { role = "Agent" }),
        "PUT /api/v1/users/me/preferences" => Requests.JsonBody(new { timeZone = (string?)null }),
        // Nobody: the matrix must not make other tests' people enrol.
        "PUT /api/v1/security/two-factor" => Requests.JsonBody(new { requiredForRoles = Array.Empty<string>() }),
        "PATCH /api/v1/mailboxes/{id}" => Requests.JsonBody(new { name = "Matrix" }),
        "PATCH /api/v1/channel-accounts/{id}" => Requests.JsonBody(new { enabled = true }),
        "PATCH /api/v1/teams/{id}" => Requests.JsonBody(new { restricted = false }),
        "PUT /api/v1/organisation" => Requests.JsonBody(new { name = "Matrix Org" }),
        "POST /api/v1/complaints/causes" => Requests.JsonBody(new { name = "Matrix cause " + Guid.NewGuid().ToString("N")[..8] }),
        "PUT /api/v1/complaints/causes/{key}" => Requests.JsonBody(new { name = "Matrix kind" }),
        "PUT /api/v1/complaints/apology" => Requests.JsonBody(new { text = ComplaintCauses.DefaultApology }),
        "POST /api/v1/inbound-messages" => Requests.JsonBody(new { channel = "sms", providerMessageId = Guid.NewGuid().ToString(), from = new { phone = "+447700900123" }, text = "matrix" }),
        "POST /api/v1/conversations/{id}/assign" => Requests.JsonBody(new { assigneeId = (Guid?)null, teamId = (Guid?)null }),
        "POST /api/v1/conversations/{id}/status" => Requests.JsonBody(new { status = "open" }),
        "POST /api/v1/conversations/{id}/notes" => Requests.JsonBody(new { text = "matrix" }),
        "POST /api/v1/conversations/{id}/replies" => Requests.JsonBody(new { text = "matrix" }),
        "POST /api/v1/conversations/{id}/calls" or $"POST {Customer}/calls" => Requests.JsonBody(new { direction = "inbound", outcome = "answered", notes = "matrix" }),
        "POST /api/v1/conversations/{id}/video-meetings" => Requests.JsonBody(new { }),
        "POST /api/v1/calls/{id}/consent" => Requests.JsonBody(new { answer = "agreed" }),
        // Nothing recorded: the matrix must not make other tests' calls ask for consent.
        "PUT /api/v1/calls/settings" => Requests.JsonBody(new
        {
            inboundPhone = new { recorded = false, monitored = false },
            outboundPhone = new { recorded = false, monitored = false },
            video = new { recorded = false, monitored = false },
            consentWording = "This call may be recorded.",
        }),
        "POST /api/v1/conversations/{id}/whatsapp-template-replies" => Requests.JsonBody(new { templateId = Guid.NewGuid(), parameters = Array.Empty<string>() }),
        "POST /api/v1/channel-accounts/{id}/whatsapp-templates" => Requests.JsonBody(new { name = "matrix", language = "en", body = "Hi" }),
        "POST /api/v1/conversations/{id}/channel-switch" => Requests.JsonBody(new { channel = "email", newContactPoint = "matrix@example.com" }),
        "POST /api/v1/uploads" => new MultipartFormDataContent { { new ByteArrayContent("matrix"u8.ToArray()), "file", "matrix.txt" } },
        $"POST {Customer}/letters" or "POST /api/v1/conversations/{id}/letters" => new MultipartFormDataContent
        {
            { new ByteArrayContent("%PDF-1.7 matrix"u8.ToArray()), "scan", "matrix.pdf" }, { new StringContent("matrix"), "summary" },
        },
        "POST /api/v1/conversations/{id}/letters/outbound" => Requests.JsonBody(new { text = "matrix" }),
        "POST /api/v1/mailboxes" => Requests.JsonBody(new
        {
            name = "Matrix",
            address = CustomerBuilder.UniqueEmail("mailbox"),
            imapHost = "127.0.0.1",
            imapPort = 1,
            imapSecurity = "none",
            imapUser = "matrix",
            imapPassword = "x",
            smtpHost = "127.0.0.1",
            smtpPort = 1,
            smtpSecurity = "none",
        }),
        "POST /api/v1/chat-sites" or "PUT /api/v1/chat-sites/{id}" => Requests.JsonBody(new { name = "Matrix", allowedOrigins = new[] { "https://matrix.test" } }),
        "POST /api/v1/channel-accounts" => Requests.JsonBody(new
        {
            name = "Matrix",
            provider = "telegram",
            address = $"matrix_{Unique.Letters()}_bot",
            webhookSecret = "matrix-secret",
            apiSecret = "1:matrix",
        }),
        "POST /api/v1/webhooks" => Requests.JsonBody(new { url = "http://127.0.0.1:1/hook", events = new[] { "message.received" } }),
        "POST /api/v1/cases" => Requests.JsonBody(new { customerId = id, title = "Matrix case" }),
        "PUT /api/v1/cases/{id}" => Requests.JsonBody(new { title = "Matrix case", kind = "information", requirement = (string?)null, priority = "normal" }),
        "POST /api/v1/cases/{id}/status" => Requests.JsonBody(new { status = "open" }),
        "POST /api/v1/cases/{id}/assign" => Requests.JsonBody(new { ownerId = (Guid?)null, teamId = (Guid?)null }),
        "POST /api/v1/cases/{id}/conversations" => Requests.JsonBody(new { conversationId = Guid.NewGuid() }),
        "POST /api/v1/cases/{id}/notes" => Requests.JsonBody(new { text = "matrix" }),
        "POST /api/v1/cases/{id}/requirement-confirmation" => Requests.JsonBody(new { how = "matrix" }),
        "POST /api/v1/cases/bulk" => Requests.JsonBody(new { ids = new[] { Guid.NewGuid() }, status = "open" }),
        "POST /api/v1/case-kinds" => Requests.JsonBody(new { name = $"Kind {Unique.Letters()}" }),
        "POST /api/v1/referrals" => Requests.JsonBody(new { caseId = Guid.NewGuid(), toUserId = Guid.NewGuid(), reason = "matrix" }),
        "POST /api/v1/referrals/{id}/decline" => Requests.JsonBody(new { reason = "matrix" }),
        "POST /api/v1/promises" => Requests.JsonBody(new { customerId = id, what = "call you back", dueAt = "2099-01-01T10:00:00Z" }),
        "POST /api/v1/promises/detect" => Requests.JsonBody(new { text = "I'll call you back tomorrow." }),
        "POST /api/v1/promises/{id}/kept" => Requests.JsonBody(new { }),
        "POST /api/v1/promises/{id}/broken" => Requests.JsonBody(new { reason = "matrix" }),
        "POST /api/v1/promises/{id}/renegotiate" => Requests.JsonBody(new { dueAt = "2099-01-01T10:00:00Z", reason = "matrix", customerAgreed = true }),
        "POST /api/v1/cases/{id}/actions" => Requests.JsonBody(new { type = "refund", amount = 1m, currency = "GBP", reason = "matrix" }),
        "POST /api/v1/approvals/{id}/approve" or "POST /api/v1/approvals/{id}/reject" => Requests.JsonBody(new { reason = "matrix" }),
        "PUT /api/v1/authority-limits" => Requests.JsonBody(new { type = "refund", role = "Auditor", currency = "GBP", amount = 0m }),
        "POST /api/v1/cases/{id}/complaint/listen" => Requests.JsonBody(new { customerWords = "matrix", cause = "delay" }),
        "POST /api/v1/cases/{id}/complaint/apology" => Requests.JsonBody(new { wording = "matrix", channel = "email" }),
        "POST /api/v1/cases/{id}/complaint/alternatives" => Requests.JsonBody(new
        {
            description = "matrix",
            customerCost = "none",
            customerBenefit = "some",
            organisationCost = "none",
            organisationBenefit = "some",
        }),
        "POST /api/v1/cases/{id}/complaint/alternatives/{alternativeId}/agree" => Requests.JsonBody(new { atFirstContact = false }),
        "POST /api/v1/cases/{id}/complaint/disagreements" => Requests.JsonBody(new { needs = "m", confirmed = "m", whyNotMet = "m", escalation = "m" }),
        "POST /api/v1/cases/{id}/complaint/thanks" => Requests.JsonBody(new { }),
        "POST /api/v1/feedback" => Requests.JsonBody(new { source = "verbal", text = "matrix" }),
        "PUT /api/v1/feedback/{id}/themes" => Requests.JsonBody(new { themes = new[] { "matrix" } }),
        "PUT /api/v1/feedback/survey-settings" => Requests.JsonBody(new { enabled = true, kind = "csat", askComment = true }),
        "POST /api/v1/improvement-ideas" => Requests.JsonBody(new { title = "matrix" }),
        "POST /api/v1/improvement-ideas/{id}/done" => Requests.JsonBody(new { }),
        "POST /api/v1/cases/{id}/complaint/follow-up" => Requests.JsonBody(new { dueAt = "2099-01-01T10:00:00Z" }),
        "POST /api/v1/cases/{id}/complaint/follow-up/waiver" => Requests.JsonBody(new { reason = "matrix" }),
        "PUT /api/v1/service-standards/calendar" => Requests.JsonBody(new { timeZone = "Europe/London", weeklyHours = new Dictionary<string, string[]> { ["monday"] = ["09:00-17:30"] }, holidays = Array.Empty<object>() }),
        "PUT /api/v1/service-standards/delay-template" => Requests.JsonBody(new { template = "Sorry {{ customer.first_name }}, {{ case.number }} is delayed." }),
        "POST /api/v1/templates" or "PUT /api/v1/templates/{id}" =>
            Requests.JsonBody(new { purpose = "free", language = "en-GB", name = $"Matrix {Unique.Letters()}", body = "Hello {{ customer.name }}" }),
        "POST /api/v1/templates/preview" => Requests.JsonBody(new { customerId = id, body = "Hello {{ customer.name }}" }),
        "POST /api/v1/templates/render-for-conversation" => Requests.JsonBody(new { conversationId = Guid.NewGuid(), purpose = "delay" }),
        "POST /api/v1/service-standards/policies" or "PUT /api/v1/service-standards/policies/{id}" => Requests.JsonBody(new { name = "Matrix", priority = "urgent", firstResponseMinutes = 60 }),
        "POST /api/v1/service-standards/cases/{id}/delay-explanation" => Requests.JsonBody(new { text = "matrix" }),
        "POST /api/v1/coach/check" => Requests.JsonBody(new { text = "Hello, I'll call you back." }),
        "PUT /api/v1/coach/glossary" => Requests.JsonBody(new { terms = new[] { new { term = "PNR", plain = "booking reference" } } }),
        "POST /api/v1/knowledge/articles" => Requests.JsonBody(new { title = "Matrix", answer = "matrix", audience = "customer" }),
        "PUT /api/v1/knowledge/articles/{id}" => Requests.JsonBody(new { title = "Matrix", answer = "matrix", audience = "customer", reviewBy = "2099-01-01", reason = "matrix" }),
        "POST /api/v1/knowledge/articles/{id}/archive" => Requests.JsonBody(new { reason = "matrix" }),
        "POST /api/v1/knowledge/articles/{id}/cases" => Requests.JsonBody(new { caseId = Guid.NewGuid() }),
        "POST /api/v1/knowledge/articles/{id}/insert" => Requests.JsonBody(new { }),
        "POST /api/v1/quality/scorecards" or "PUT /api/v1/quality/scorecards/{id}" =>
            Requests.JsonBody(new { name = "Matrix", items = new[] { new { key = "greet", label = "Greets", weight = 1 } } }),
        "POST /api/v1/quality/reviews" => Requests.JsonBody(new { conversationId = Guid.NewGuid(), agentId = Guid.NewGuid(), scores = new[] { new { key = "000-B1", rating = "met" } } }),
        "POST /api/v1/quality/reviews/{id}/comments" => Requests.JsonBody(new { text = "matrix" }),
        "POST /api/v1/quality/calibrations" => Requests.JsonBody(new { conversationId = Guid.NewGuid(), agentId = Guid.NewGuid() }),
        "POST /api/v1/quality/calibrations/{id}/scores" => Requests.JsonBody(new { scores = new[] { new { key = "000-B1", rating = "met" } } }),
        $"POST {Customer}/business" => Requests.JsonBody(new { kind = "booking", amount = 10m, currency = "GBP", description = "Matrix booking" }),
        $"POST {Customer}/extra-mile" => Requests.JsonBody(new { what = "Matrix extra mile" }),
        $"POST {Customer}/offers/{{offerId}}/grant" => Requests.JsonBody(new { }),
        "POST /api/v1/loyalty/offers" or "PUT /api/v1/loyalty/offers/{id}" =>
            Requests.JsonBody(new { name = "Matrix offer", description = "matrix", action = "goodwillGesture", cost = 1m, currency = "GBP" }),
        // The defaults: the matrix must not change other tests' weights.
        "PUT /api/v1/loyalty/settings" => Requests.JsonBody(new
        {
            weights = new { silence = 35, openComplaints = 20, lowFeedback = 20, brokenPromises = 10, decliningBusiness = 15 },
            longStandingYears = 3,
            longStandingValue = 1000m,
            currency = "GBP",
            costToWinCustomer = 150m,
            retentionSpendPerYear = 0m,
            lostAfterDays = 365,
            atRiskScore = 50,
        }),
        _ => null,
    };
}

public sealed class AuthorisationMatrixTestsOnSqlite(SqliteRapportFactory app) : AuthorisationMatrixTests<SqliteRapportFactory>(app);

public sealed class AuthorisationMatrixTestsOnPostgres(PostgresRapportFactory app) : AuthorisationMatrixTests<PostgresRapportFactory>(app);
