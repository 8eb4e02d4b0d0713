using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Loyalty;

/// <summary>
/// Loyalty (C25). A customer's loyalty is hidden, as if the customer did not exist, from whoever may not see every one
/// of their conversations and cases (<see cref="LoyaltyVisibility"/>).
/// </summary>
public static class LoyaltyEndpoints
{
    public static IEndpointRouteBuilder MapLoyaltyEndpoints(this IEndpointRouteBuilder app)
    {
        var customer = app.MapGroup("/api/v1/customers/{id}").WithTags("Loyalty").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireVisible("customer", "id", LoyaltyVisibility.CanSeeCustomerLoyaltyAsync);
        customer.MapGet("/loyalty", GetLoyalty);
        customer.MapPost("/business", RecordBusiness).RequireAuthorization(Policies.WriteCustomers).Idempotent()
            .ProducesProblem(StatusCodes.Status409Conflict);
        customer.MapPost("/extra-mile", LogExtraMile).RequireAuthorization(Policies.WriteCustomers).Idempotent()
            .ProducesProblem(StatusCodes.Status409Conflict);
        customer.MapPost("/offers/{offerId}/grant", GrantOffer).RequireAuthorization(Policies.WriteCustomers).Idempotent()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        var loyalty = app.MapGroup("/api/v1/loyalty").WithTags("Loyalty").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem();
        loyalty.MapGet("/at-risk", AtRisk);
        loyalty.MapGet("/offers", ListOffers);
        loyalty.MapGet("/offers/{id}", GetOffer).ProducesProblem(StatusCodes.Status404NotFound);
        loyalty.MapGet("/settings", GetLoyaltySettings);
        loyalty.MapGet("/report", Report).RequireAuthorization(Policies.ReadRetentionReport);
        var admin = loyalty.MapGroup("").RequireAuthorization(Policies.Administer);
        admin.MapPost("/offers", CreateOffer).Idempotent();
        admin.MapPut("/offers/{id}", UpdateOffer).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/offers/{id}", WithdrawOffer).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPut("/settings", SaveLoyaltySettings);
        admin.MapPost("/refresh", Refresh);
        return app;
    }

    /// <summary>
    /// The customer's tenure, repeat contacts, business and value, last contact, long-standing flag, and risk-of-leaving
    /// score with its factors (their points add up to the score); the offers you may grant; recent grants, extra-mile
    /// actions and business. Reading it also stores the score for the at-risk list.
    /// </summary>
    public static async Task<Results<Ok<LoyaltyDto>, ProblemHttpResult>> GetLoyalty(Guid id, LoyaltyService loyalty, ClaimsPrincipal user,
        CancellationToken ct) =>
        await loyalty.GetAsync(id, user.UserId(), ct) is { } found ? TypedResults.Ok(found) : Problems.NotFound("customer", id);

    /// <summary>Logs a purchase, booking, renewal or other business the customer brought (amount and ISO currency). Honours Idempotency-Key.</summary>
    public static async Task<Results<Created<BusinessRecordDto>, ValidationProblem, ProblemHttpResult>> RecordBusiness(Guid id,
        RecordBusinessRequest request, LoyaltyService loyalty, ClaimsPrincipal user, CancellationToken ct) =>
        await loyalty.RecordBusinessAsync(id, request, user.UserId(), ct) is { } record
            ? TypedResults.Created($"/api/v1/customers/{id}/loyalty", record.ToDto())
            : Problems.NotFound("customer", id);

    /// <summary>Logs an "extra mile" action: what you did for the customer beyond what they asked. It shows on their timeline. Honours Idempotency-Key.</summary>
    public static async Task<Results<Created<LoyaltyActionDto>, ValidationProblem, ProblemHttpResult>> LogExtraMile(Guid id, ExtraMileRequest request,
        LoyaltyService loyalty, ClaimsPrincipal user, CancellationToken ct) =>
        await loyalty.ExtraMileAsync(id, request, user.UserId(), ct) is { } action
            ? TypedResults.Created($"/api/v1/customers/{id}/loyalty", action.ToDto())
            : Problems.NotFound("customer", id);

    /// <summary>
    /// Grants an offer of added value to the customer on your own authority: 403 when your limit for the offer's action
    /// (goodwill gesture, discount, …) does not cover its cost in its currency. The grant shows on the customer's
    /// timeline and in the audit trail. Honours Idempotency-Key.
    /// </summary>
    public static async Task<Results<Created<LoyaltyActionDto>, ValidationProblem, ProblemHttpResult>> GrantOffer(Guid id, Guid offerId,
        GrantOfferRequest? request, LoyaltyService loyalty, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            return await loyalty.GrantAsync(id, offerId, request, user.UserId(), ct) is { } grant
                ? TypedResults.Created($"/api/v1/customers/{id}/loyalty", grant.ToDto())
                : Problems.NotFound("offer", offerId);
        }
        catch (BeyondAuthorityException e)
        {
            return TypedResults.Problem(title: "This offer is beyond your authority.", detail: e.Message, statusCode: StatusCodes.Status403Forbidden,
                type: "https://rapport.dev/problems/beyond-authority");
        }
    }

    /// <summary>
    /// The customers most at risk of leaving, highest score first (limit, default 25, at most 200), from the stored scores;
    /// only customers whose every conversation and case you may see; teamId: only those with a conversation or case of that team.
    /// </summary>
    public static async Task<Results<Ok<AtRiskListDto>, ValidationProblem>> AtRisk(AtRiskQueries queries, ClaimsPrincipal user, int? limit, Guid? teamId,
        int? minScore, CancellationToken ct)
    {
        if (limit is < 1 or > AtRiskQueries.MaxTake)
        {
            return Problems.Invalid("limit", $"limit is between 1 and {AtRiskQueries.MaxTake}.");
        }

        if (minScore is < 0 or > 100)
        {
            return Problems.Invalid("minScore", "minScore is between 0 and 100.");
        }

        return TypedResults.Ok(await queries.TopAsync(Viewer.Of(user), limit ?? 25, teamId, minScore, ct));
    }

    /// <summary>The offers of added value; includeInactive lists withdrawn ones too.</summary>
    public static async Task<Ok<IReadOnlyList<OfferDto>>> ListOffers(LoyaltyAdministration admin, bool? includeInactive, CancellationToken ct) =>
        TypedResults.Ok(await admin.OffersAsync(includeInactive ?? false, ct));

    public static async Task<Results<Ok<OfferDto>, ProblemHttpResult>> GetOffer(Guid id, LoyaltyAdministration admin, CancellationToken ct) =>
        await admin.OfferAsync(id, ct) is { } offer ? TypedResults.Ok(offer) : Problems.NotFound("offer", id);

    /// <summary>A new offer of added value (administrators). Honours Idempotency-Key.</summary>
    public static async Task<Created<OfferDto>> CreateOffer(OfferRequest request, LoyaltyAdministration admin, CancellationToken ct)
    {
        var offer = await admin.CreateOfferAsync(request, ct);
        return TypedResults.Created($"/api/v1/loyalty/offers/{offer.Id}", offer);
    }

    /// <summary>Changes an offer (administrators); grants already made keep what they were.</summary>
    public static async Task<Results<Ok<OfferDto>, ValidationProblem, ProblemHttpResult>> UpdateOffer(Guid id, OfferRequest request,
        LoyaltyAdministration admin, CancellationToken ct) =>
        await admin.UpdateOfferAsync(id, request, ct) is { } offer ? TypedResults.Ok(offer) : Problems.NotFound("offer", id);

    /// <summary>Withdraws an offer (administrators): no longer offered; its grants stay on record.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> WithdrawOffer(Guid id, LoyaltyAdministration admin, CancellationToken ct) =>
        await admin.WithdrawOfferAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("offer", id);

    /// <summary>The weights of the risk factors, the long-standing thresholds and the retention report's figures.</summary>
    public static async Task<Ok<LoyaltySettingsDto>> GetLoyaltySettings(LoyaltyAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.SettingsAsync(ct));

    /// <summary>Saves the settings (administrators). The weights must add up to 100; stored scores follow at the next refresh.</summary>
    public static async Task<Results<Ok<LoyaltySettingsDto>, ValidationProblem>> SaveLoyaltySettings(LoyaltySettingsDto request, LoyaltyAdministration admin,
        CancellationToken ct) =>
        TypedResults.Ok(await admin.SaveSettingsAsync(request, ct));

    /// <summary>Works out and stores every customer's score now (administrators), e.g. after changing the weights.</summary>
    public static async Task<Ok<RefreshDto>> Refresh(LoyaltyRefresh refresh, CancellationToken ct) =>
        TypedResults.Ok(new RefreshDto(await refresh.RunNowAsync(ct)));

    /// <summary>
    /// The retention-economics report over [from, to) (default: the 12 months to now): customers kept, lost and won, the
    /// cost of the offers granted and the retention spend, against the cost to win a customer. format=csv gives its numbers as CSV.
    /// </summary>
    public static async Task<Results<Ok<RetentionReportDto>, FileContentHttpResult, ValidationProblem>> Report(RetentionEconomics economics,
        TimeProvider time, DateTimeOffset? from, DateTimeOffset? to, string? format, CancellationToken ct)
    {
        var end = to?.UtcDateTime ?? time.GetUtcNow().UtcDateTime;
        var start = from?.UtcDateTime ?? end.AddYears(-1);
        if (start >= end)
        {
            return Problems.Invalid("from", "from is before to.");
        }

        if (format is not (null or "json" or "csv"))
        {
            return Problems.Invalid("format", "format is json or csv.");
        }

        var report = await economics.BuildAsync(start, end, ct);
        return format == "csv"
            ? TypedResults.File(Encoding.UTF8.GetBytes(RetentionEconomics.ToCsv(report)), "text/csv; charset=utf-8",
                $"retention-{start:yyyy-MM-dd}-{end:yyyy-MM-dd}.csv")
            : TypedResults.Ok(report);
    }
}
