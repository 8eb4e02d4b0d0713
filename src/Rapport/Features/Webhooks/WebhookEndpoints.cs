using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Webhooks;

/// <summary>Register a URL for events (names from the list, or "*").</summary>
public sealed record CreateWebhookRequest([property: Required, Url, StringLength(2000)] string Url, [property: Required] List<string> Events);

/// <summary>A webhook subscription.</summary>
public sealed record WebhookDto(Guid Id, string Url, IReadOnlyList<string> Events, bool Enabled, DateTime CreatedAt);

/// <summary>A new subscription; <see cref="Secret"/> signs every delivery and is shown only here.</summary>
public sealed record CreatedWebhookDto(Guid Id, string Url, IReadOnlyList<string> Events, string Secret);

/// <summary>One delivery attempt log line.</summary>
public sealed record WebhookDeliveryDto(Guid Id, string Event, DateTime CreatedAt, int Attempts, DateTime? DeliveredAt, bool GaveUp, string? LastError);

public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Administer)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListWebhooks);
        group.MapPost("/", CreateWebhook).Idempotent();
        group.MapDelete("/{id}", DeleteWebhook);
        group.MapGet("/{id}/deliveries", ListDeliveries);
        return app;
    }

    private static WebhookDto ToDto(WebhookSubscription s) => new(s.Id, s.Url, s.Events.Split(' ', StringSplitOptions.RemoveEmptyEntries), s.Enabled, s.CreatedAt);

    public static async Task<Ok<List<WebhookDto>>> ListWebhooks(RapportDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(ct)).Select(ToDto).ToList());

    public static async Task<Results<Created<CreatedWebhookDto>, ValidationProblem>> CreateWebhook(CreateWebhookRequest request, RapportDbContext db,
        IDataProtectionProvider protection, TimeProvider time, CancellationToken ct)
    {
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return Problems.Invalid("url", "Give an absolute http(s) URL.");
        }

        var unknown = request.Events.Where(e => e != "*" && !WebhookEvents.All.Contains(e)).ToList();
        if (request.Events.Count == 0 || unknown.Count > 0)
        {
            return Problems.Invalid("events", $"Events must be some of: {string.Join(", ", WebhookEvents.All)}, or \"*\".");
        }

        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var subscription = new WebhookSubscription
        {
            Url = uri.ToString(),
            Events = string.Join(' ', request.Events.Distinct()),
            SecretProtected = protection.CreateProtector(WebhookSender.Protector).Protect(secret),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/webhooks/{subscription.Id}",
            new CreatedWebhookDto(subscription.Id, subscription.Url, request.Events.Distinct().ToList(), secret));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(Guid id, RapportDbContext db, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
        {
            return Problems.NotFound("webhook", id);
        }

        db.WebhookSubscriptions.Remove(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The delivery log of a subscription, newest first (last 100).</summary>
    public static async Task<Results<Ok<List<WebhookDeliveryDto>>, ProblemHttpResult>> ListDeliveries(Guid id, RapportDbContext db, CancellationToken ct)
    {
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id, ct))
        {
            return Problems.NotFound("webhook", id);
        }

        var rows = await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id).OrderByDescending(d => d.CreatedAt).Take(100)
            .Select(d => new WebhookDeliveryDto(d.Id, d.Event, d.CreatedAt, d.Attempts, d.DeliveredAt, d.GaveUp, d.LastError)).ToListAsync(ct);
        return TypedResults.Ok(rows);
    }
}
