using Microsoft.OpenApi;

namespace Rapport.Infrastructure.Api.OpenApi;

/// <summary>The shared responses, headers and parameters operations refer to, so each is described once.</summary>
internal static class ApiComponents
{
    public const string Problem = "ProblemDetails";
    public const string ValidationProblem = "HttpValidationProblemDetails";

    public const string Invalid = "ValidationFailed";
    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string NotFound = "NotFound";
    public const string Conflict = "Conflict";
    public const string PreconditionFailed = "PreconditionFailed";
    public const string UnsupportedMediaType = "UnsupportedMediaType";
    public const string IdempotencyKeyReused = "IdempotencyKeyReused";
    public const string MergedAway = "MergedAway";
    public const string DatabaseUnavailable = "DatabaseUnavailable";
    public const string StorageFull = "StorageFull";

    public const string ETag = "ETag";
    public const string Location = "Location";
    public const string IdempotentReplayed = "Idempotent-Replayed";
    public const string ContentDisposition = "Content-Disposition";
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string RetryAfter = "Retry-After";

    public const string IfMatch = "If-Match";
    public const string IdempotencyKey = "Idempotency-Key";

    public static void AddTo(OpenApiDocument document)
    {
        var components = document.Components ??= new OpenApiComponents();
        components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        components.Headers[ETag] = Header("The record's version. Send it back in `If-Match` to change the record only if nobody changed it since.");
        components.Headers[Location] = Header("Where the created (or, for 202, the pending) resource can be read.", "uri-reference");
        components.Headers[IdempotentReplayed] = new OpenApiHeader
        {
            Description = "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`; nothing was created again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["true"] },
        };
        components.Headers[ContentDisposition] = Header("`attachment` with the file's name.");
        components.Headers[RetryAfter] = new OpenApiHeader
        {
            Description = "Seconds to wait before retrying.",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
        };
        components.Headers[WwwAuthenticate] = Header("`Bearer realm=\"Rapport\"`, with `error=\"invalid_token\"` when a token was sent but is not valid (RFC 6750).");

        components.Parameters ??= new Dictionary<string, IOpenApiParameter>();
        components.Parameters[IfMatch] = new OpenApiParameter
        {
            Name = IfMatch,
            In = ParameterLocation.Header,
            Description = "The `ETag` you read. The change is made only if the record still has that version; otherwise 412 and nothing changes. " +
                "Without it the change is made unconditionally.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        components.Parameters[IdempotencyKey] = new OpenApiParameter
        {
            Name = IdempotencyKey,
            In = ParameterLocation.Header,
            Description = "A key you choose (at most 200 characters, e.g. a UUID) to make retrying safe: the same key with the same request " +
                "returns the first answer again (`Idempotent-Replayed: true`) and creates nothing; the same key with another request is a 422.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
        };

        components.Responses ??= new Dictionary<string, IOpenApiResponse>();
        components.Responses[Invalid] = ProblemResponse(document, "A field, parameter or header is invalid, or the body is not well-formed JSON; " +
            "`errors` names each field at fault as in the request. Nothing was written.", ValidationProblem);
        var unauthorized = ProblemResponse(document, "No token, or the token is unknown, expired or revoked.");
        unauthorized.Headers = new Dictionary<string, IOpenApiHeader> { [WwwAuthenticate] = new OpenApiHeaderReference(WwwAuthenticate, document) };
        components.Responses[Unauthorized] = unauthorized;
        components.Responses[Forbidden] = ProblemResponse(document, "Your role may not do this, the rule of the operation refuses you, " +
            "or a write was sent with only the browser's sign-in cookie (writes need a bearer token).");
        components.Responses[NotFound] = ProblemResponse(document, "No record has this id, or you may not see it (the two look the same).");
        components.Responses[Conflict] = ProblemResponse(document, "The request conflicts with the current state (already decided, or a request with the same " +
            "`Idempotency-Key` is still in progress).");
        components.Responses[PreconditionFailed] = ProblemResponse(document, "The record changed since the version named in `If-Match`. Read it again and reapply your change.");
        components.Responses[UnsupportedMediaType] = ProblemResponse(document, "The body's `Content-Type` is not one this operation reads.");
        components.Responses[IdempotencyKeyReused] = ProblemResponse(document, "This `Idempotency-Key` was used before with another request. Use a new key for a new request.");
        var unavailable = ProblemResponse(document, "The database is unavailable (stopped, unreachable or locked); `type` is " +
            "`https://rapport.dev/problems/database-unavailable`. Nothing was saved: retry after `Retry-After` seconds.");
        unavailable.Headers = new Dictionary<string, IOpenApiHeader> { [RetryAfter] = new OpenApiHeaderReference(RetryAfter, document) };
        components.Responses[DatabaseUnavailable] = unavailable;
        var full = ProblemResponse(document, "The server's storage is full (the database or the disk its files are kept on); `type` is " +
            "`https://rapport.dev/problems/storage-full`. Nothing was saved: retry after `Retry-After` seconds, once space is freed.");
        full.Headers = new Dictionary<string, IOpenApiHeader> { [RetryAfter] = new OpenApiHeaderReference(RetryAfter, document) };
        components.Responses[StorageFull] = full;
        components.Responses[MergedAway] = new OpenApiResponse
        {
            Description = "The record was merged into another; `Location` is the surviving record. Repeat the request there.",
            Headers = new Dictionary<string, IOpenApiHeader> { [Location] = new OpenApiHeaderReference(Location, document) },
        };
    }

    /// <summary>A header always sent where it is declared (<c>required</c>: a client may rely on it).</summary>
    private static OpenApiHeader Header(string description, string? format = null) => new()
    {
        Description = description,
        Required = true,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = format },
    };

    private static OpenApiResponse ProblemResponse(OpenApiDocument document, string description, string schema = Problem) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, document) },
        },
    };
}
