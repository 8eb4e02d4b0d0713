using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Vonage;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Messaging;

/// <summary>
/// A connection to a messaging provider. Which fields each provider needs: Twilio — address (the number), accountId
/// (Account SID), webhookSecret (auth token). WhatsApp — address (phone-number id), webhookSecret (app secret),
/// apiSecret (access token), verifyToken. Messenger — address (page id), the same three secrets. Telegram — address
/// (bot user name), webhookSecret (the secret_token given to setWebhook), apiSecret (bot token). Vonage — address (the
/// number), accountId (API key), webhookSecret (signature secret), apiSecret (API secret), vonageSigning.
/// Secrets are write-only.
/// </summary>
public sealed record CreateChannelAccountRequest(
    [property: Required, StringLength(100, MinimumLength = 1), NoControlCharacters] string Name,
    [property: Required] MessagingProvider? Provider,
    [property: Required, StringLength(100, MinimumLength = 1), NoControlCharacters] string Address,
    [property: StringLength(100), NoControlCharacters] string? AccountId = null,
    [property: StringLength(500)] string? WebhookSecret = null,
    [property: StringLength(1000)] string? ApiSecret = null,
    [property: StringLength(500)] string? VerifyToken = null,
    VonageSignatureMethod? VonageSigning = null,
    [property: Range(0, 86_400)] int? ReplayWindowSeconds = null,
    [property: StringLength(300)] string? ApiBaseUrl = null);

/// <summary>
/// Change a channel account: give only what changes. A secret given replaces the stored one; leave it out (or empty) to
/// keep it; secrets are never returned. Enabled false refuses its webhooks (403, nothing stored), stops sends through it
/// and refuses replies on its conversations with the reason; its health shows "disabled". An empty apiBaseUrl goes back
/// to the provider's default. A new address must not be another account's of the same provider.
/// </summary>
public sealed record UpdateChannelAccountRequest(
    [property: StringLength(100, MinimumLength = 1), NoControlCharacters] string? Name = null,
    bool? Enabled = null,
    [property: StringLength(500)] string? WebhookSecret = null,
    [property: StringLength(1000)] string? ApiSecret = null,
    [property: StringLength(500)] string? VerifyToken = null,
    [property: StringLength(300)] string? ApiBaseUrl = null,
    [property: StringLength(100, MinimumLength = 1), NoControlCharacters] string? Address = null,
    [property: StringLength(100), NoControlCharacters] string? AccountId = null,
    VonageSignatureMethod? VonageSigning = null,
    [property: Range(0, 86_400)] int? ReplayWindowSeconds = null);

/// <summary>A channel account, where the provider must send its webhooks, and its health.</summary>
public sealed record ChannelAccountDto(Guid Id, string Name, MessagingProvider Provider, Channel Channel, string Address, string? AccountId,
    VonageSignatureMethod VonageSigning, int ReplayWindowSeconds, string ApiBaseUrl, bool Enabled, IReadOnlyList<string> WebhookUrls,
    DateTime? LastReceiveAt, DateTime? LastSendAt, string? LastError, DateTime? LastErrorAt, Health.ChannelStatus Status, DateTime? LastConnectedAt,
    int ErrorsLast24Hours);

public static partial class ChannelAccountEndpoints
{
    public static IEndpointRouteBuilder MapChannelAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/channel-accounts").WithTags("Channels").RequireAuthorization(Policies.Administer)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List).WithName("ListChannelAccounts");
        group.MapPost("/", Create).Idempotent().WithName("CreateChannelAccount");
        group.MapPatch("/{id}", Update).WithName("UpdateChannelAccount");
        group.MapDelete("/{id}", Delete).WithName("DeleteChannelAccount");
        return app;
    }

    internal static ChannelAccountDto ToDto(ChannelAccount a, PublicUrl url, HttpRequest request, int errors = 0) => new(a.Id, a.Name, a.Provider, a.Channel, a.Address, a.AccountId,
        a.VonageSigning, a.ReplayWindowSeconds, a.ApiBase, a.Enabled, MessagingChannels.PathsOf(a.Provider).Select(p => url.For(p, request)).ToList(),
        a.LastReceiveAt, a.LastSendAt, a.LastError, a.LastErrorAt, a.Health.StatusWhen(a.Enabled), a.LastConnectedAt, errors);

    public static async Task<Ok<List<ChannelAccountDto>>> List(RapportDbContext db, PublicUrl url, HttpRequest request, TimeProvider time, CancellationToken ct)
    {
        var errors = await Health.ChannelErrors.Last24HoursAsync(db, time.GetUtcNow(), ct);
        return TypedResults.Ok((await db.ChannelAccounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct))
            .Select(a => ToDto(a, url, request, errors.GetValueOrDefault(a.Id))).ToList());
    }

    public static async Task<Results<Created<ChannelAccountDto>, ValidationProblem, ProblemHttpResult>> Create(CreateChannelAccountRequest request,
        ChannelAccountService accounts, PublicUrl url, HttpRequest http, CancellationToken ct)
    {
        var outcome = await accounts.CreateAsync(request, ct);
        return outcome switch
        {
            { Errors.Count: > 0 } => Problems.Invalid(outcome.Errors),
            { Conflict: { } conflict } => Problems.Conflict(conflict),
            _ => TypedResults.Created($"/api/v1/channel-accounts/{outcome.Account!.Id}", ToDto(outcome.Account, url, http)),
        };
    }

    public static async Task<Results<Ok<ChannelAccountDto>, ValidationProblem, ProblemHttpResult>> Update(Guid id, UpdateChannelAccountRequest request,
        ChannelAccountService accounts, PublicUrl url, HttpRequest http, TimeProvider time, RapportDbContext db, CancellationToken ct)
    {
        var outcome = await accounts.UpdateAsync(id, request, ct);
        if (outcome is null)
        {
            return Problems.NotFound("channel account", id);
        }

        if (outcome.Errors.Count > 0)
        {
            return Problems.Invalid(outcome.Errors);
        }

        if (outcome.Conflict is { } conflict)
        {
            return Problems.Conflict(conflict);
        }

        var errors = await Health.ChannelErrors.Last24HoursAsync(db, time.GetUtcNow(), ct);
        return TypedResults.Ok(ToDto(outcome.Account!, url, http, errors.GetValueOrDefault(id)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, ChannelAccountService accounts, CancellationToken ct) =>
        await accounts.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("channel account", id);

    internal static Dictionary<string, string[]> Missing(CreateChannelAccountRequest r, MessagingProvider provider)
    {
        var errors = new Dictionary<string, string[]>();
        void Need(string field, string? value, string what)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[field] = [$"{provider} needs {what}."];
            }
        }

        switch (provider)
        {
            case MessagingProvider.Twilio:
                Need("accountId", r.AccountId, "the Account SID");
                Need("webhookSecret", r.WebhookSecret, "the auth token (it signs webhooks and authenticates sending)");
                Formats(provider, r.AccountId, r.WebhookSecret, r.ApiBaseUrl, errors);

                break;
            case MessagingProvider.WhatsApp or MessagingProvider.Messenger:
                Need("webhookSecret", r.WebhookSecret, "the app secret (it signs webhooks)");
                Need("apiSecret", r.ApiSecret, "an access token to send with");
                Need("verifyToken", r.VerifyToken, "the verify token you give Meta when subscribing");
                break;
            case MessagingProvider.Telegram:
                Need("apiSecret", r.ApiSecret, "the bot token");
                Need("webhookSecret", r.WebhookSecret, "the secret_token given to setWebhook");
                Formats(provider, r.AccountId, r.WebhookSecret, r.ApiBaseUrl, errors);

                break;
            case MessagingProvider.Vonage:
                Need("accountId", r.AccountId, "the API key");
                Need("apiSecret", r.ApiSecret, "the API secret (to send)");
                Need("webhookSecret", r.WebhookSecret, "the signature secret (it signs webhooks)");
                break;
        }

        return errors;
    }

    /// <summary>The shape each provider gives its ids and tokens, and an absolute http(s) API base; for creating and changing alike.</summary>
    internal static void Formats(MessagingProvider provider, string? accountId, string? webhookSecret, string? apiBaseUrl, Dictionary<string, string[]> errors)
    {
        if (provider == MessagingProvider.Twilio && accountId is { Length: > 0 } sid && !TwilioSid().IsMatch(sid.Trim()))
        {
            errors["accountId"] = ["A Twilio Account SID is AC followed by 32 hexadecimal digits."];
        }

        if (provider == MessagingProvider.Telegram && webhookSecret is { Length: > 0 } token && !TelegramToken().IsMatch(token))
        {
            errors["webhookSecret"] = ["Telegram's secret_token is 1–256 characters A–Z, a–z, 0–9, _ and -."];
        }

        if (apiBaseUrl is { Length: > 0 } apiBase && !string.IsNullOrWhiteSpace(apiBase)
            && (!Uri.TryCreate(apiBase.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            errors["apiBaseUrl"] = ["Give an absolute http(s) URL, e.g. https://api.twilio.com."];
        }
    }

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex TwilioSid();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex TelegramToken();
}
