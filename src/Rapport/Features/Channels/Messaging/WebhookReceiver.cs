using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Channels.Messaging;

/// <summary>A provider's webhook call as received: the URL it called, its headers, and the body's exact bytes.</summary>
public sealed class WebhookRequest(string url, IHeaderDictionary headers, byte[] body, string contentType, IQueryCollection query)
{
    private Dictionary<string, StringValues>? form;
    private object? parsed;

    public string Url => url;
    public byte[] Body => body;
    public IQueryCollection Query => query;

    public string? Header(string name) => headers.TryGetValue(name, out var v) ? v.ToString() : null;

    /// <summary>The form fields of an application/x-www-form-urlencoded body, URL-decoded.</summary>
    public Dictionary<string, StringValues> Form => form ??= contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
        ? QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body))
        : [];

    /// <summary>Every field with each of its values, in the order sent, for signature checks.</summary>
    public IEnumerable<KeyValuePair<string, string>> Pairs(IEnumerable<KeyValuePair<string, StringValues>> fields) =>
        fields.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")));

    /// <summary>
    /// The payload read once for this request, however many accounts' checks and the parse ask for it (a provider's
    /// signed parameters). <paramref name="read"/> is the same function every time for one provider.
    /// </summary>
    public T Parsed<T>(Func<WebhookRequest, T> read) where T : class => (T)(parsed ??= read(this));

    public string? Field(string name) => Form.TryGetValue(name, out var v) && !StringValues.IsNullOrEmpty(v) ? v.ToString() : null;
}

/// <summary>What one webhook call carries: inbound messages to ingest and reports on messages sent.</summary>
public sealed record WebhookBatch(IReadOnlyList<InboundMessage> Messages, IReadOnlyList<DeliveryReport> Reports)
{
    public static readonly WebhookBatch Empty = new([], []);
}

/// <summary>
/// The one way a provider's webhook is received: read the body (bounded), find the enabled account whose secret
/// authenticates the request, turn the payload into inbound messages and delivery reports, journal the messages
/// (durable before the provider hears 2xx; processing follows), apply the reports. An unauthenticated request is
/// refused with 403 and logged as a security event, and nothing is written; so is one for a disabled account, with a
/// problem that says the account is disabled.
/// </summary>
public sealed class WebhookReceiver(ChannelAccountDirectory directory, IngestionPipeline pipeline, DeliveryReports reports,
    ChannelHealth health, PublicUrl publicUrl, ILogger<WebhookReceiver> log)
{
    public const int MaxBody = 256 * 1024;

    public delegate bool Authenticates(ConnectedAccount account, WebhookRequest request);

    public delegate WebhookBatch Parses(ConnectedAccount account, WebhookRequest request);

    /// <summary>A parse that reads or writes what the channel keeps beside messages (a call's details), once the request is authentic.</summary>
    public delegate Task<WebhookBatch> ParsesAsync(ConnectedAccount account, WebhookRequest request, CancellationToken ct);

    public Task<IResult> ReceiveAsync(HttpContext http, MessagingProvider provider, Authenticates authentic, Parses parse, IResult ok) =>
        ReceiveAsync(http, provider, authentic, (account, request, _) => Task.FromResult(parse(account, request)), ok);

    public async Task<IResult> ReceiveAsync(HttpContext http, MessagingProvider provider, Authenticates authentic, ParsesAsync parse, IResult ok)
    {
        var body = await ReadBodyAsync(http.Request, http.RequestAborted);
        if (body is null)
        {
            return TypedResults.Problem(title: "The payload is too large.", detail: $"A webhook body is at most {MaxBody / 1024} KB.",
                statusCode: StatusCodes.Status413PayloadTooLarge, type: "https://rapport.dev/problems/too-large");
        }

        var request = new WebhookRequest(publicUrl.Of(http.Request), http.Request.Headers, body, http.Request.ContentType ?? "", http.Request.Query);
        ConnectedAccount? account = null;
        foreach (var candidate in await directory.ForAsync(provider, http.RequestAborted))
        {
            if (authentic(candidate, request))
            {
                account = candidate;
                break;
            }
        }

        if (account is null && await DisabledAccountAsync(provider, authentic, request, http.RequestAborted) is { } disabled)
        {
            log.LogWarning("Refused a {Provider} webhook: it is for the disabled channel account {Account}; nothing was stored", provider, disabled.Name);
            return TypedResults.Problem(title: "This channel account is disabled.",
                detail: $"An administrator disabled the {provider} account “{disabled.Name}” ({disabled.Address}) in Rapport: nothing it receives is accepted or stored until it is enabled again.",
                statusCode: StatusCodes.Status403Forbidden, type: "https://rapport.dev/problems/channel-account-disabled");
        }

        if (account is null)
        {
            log.LogWarning("Security: refused a {Provider} webhook to {Path} from {Address}: no enabled account's secret authenticates it (signature missing, wrong, tampered or stale)",
                provider, http.Request.Path.Value, http.Connection.RemoteIpAddress);
            return TypedResults.Problem(title: "The request is not authenticated.",
                detail: "No connected account's secret verifies this request's signature.", statusCode: StatusCodes.Status403Forbidden,
                type: "https://rapport.dev/problems/webhook-signature");
        }

        WebhookBatch batch;
        try
        {
            batch = await parse(account, request, http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidInputException or System.Text.Json.JsonException or FormatException or OverflowException
            or InvalidOperationException or ArgumentException)
        {
            // An authentic payload of the wrong shape (a string where an object belongs, half a surrogate pair, a field
            // twice) is the sender's mistake: a 400 naming it, never a 500 that makes the provider retry for a day.
            var field = e is InvalidInputException invalid ? invalid.Field : "body";
            log.LogWarning("A {Provider} webhook for account {Account} was authentic but unreadable ({Field}): {Error}", provider, account.Name, field, e.Message);
            return Problems.Invalid(field, e is InvalidInputException ? e.Message : $"The payload is not one {provider} sends: {e.Message}");
        }

        try
        {
            foreach (var message in batch.Messages)
            {
                await pipeline.AcceptAsync(message, http.RequestAborted);
            }

            foreach (var report in batch.Reports)
            {
                await reports.ApplyAsync(report, http.RequestAborted);
            }
        }
        catch (Exception e) when (e is InvalidInputException or System.Text.Json.JsonException or FormatException)
        {
            var field = e is InvalidInputException invalid ? invalid.Field : "body";
            log.LogWarning("A {Provider} webhook for account {Account} was authentic but unreadable ({Field}): {Error}", provider, account.Name, field, e.Message);
            return Problems.Invalid(field, e.Message);
        }

        await health.ReceivedAsync(account.Id, http.RequestAborted);
        return ok;
    }

    private async Task<ConnectedAccount?> DisabledAccountAsync(MessagingProvider provider, Authenticates authentic, WebhookRequest request, CancellationToken ct)
    {
        foreach (var candidate in await directory.DisabledAsync(provider, ct))
        {
            if (authentic(candidate, request))
            {
                return candidate;
            }
        }

        return null;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBody)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBody)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
