namespace Rapport.Infrastructure.Api.OpenApi;

/// <summary>
/// What an endpoint honours or sends beyond its body, said once on its route so the behaviour and the OpenAPI
/// document cannot drift apart: the same call that adds the behaviour (the idempotency filter) adds its description.
/// </summary>
public static class ApiConventions
{
    /// <summary>Honours <c>Idempotency-Key</c>: replays the first answer (<c>Idempotent-Replayed</c>), 422 on another body.</summary>
    public static TBuilder Idempotent<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, IdempotencyFilter>().WithMetadata(new IdempotentEndpoint());

    /// <summary>Honours <c>If-Match</c> (412 when stale) and answers with the record's new <c>ETag</c>.</summary>
    public static TBuilder HonoursIfMatch<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IfMatchEndpoint(), new ETagEndpoint());

    /// <summary>Answers with the record's <c>ETag</c>, to send back in <c>If-Match</c>.</summary>
    public static TBuilder SendsETag<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ETagEndpoint());

    /// <summary>An id of a record merged into another answers 308 with the survivor's <c>Location</c>.</summary>
    public static TBuilder RedirectsMergedAway<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RedirectsMergedAwayEndpoint());

    /// <summary>A 404 without an id in the path (a lookup that finds nothing).</summary>
    public static TBuilder AnswersNotFound<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AnswersNotFoundEndpoint());

    /// <summary>A file download: 200 with one of <paramref name="mediaTypes"/> and a <c>Content-Disposition</c> attachment.</summary>
    public static TBuilder Downloads<TBuilder>(this TBuilder builder, params string[] mediaTypes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DownloadEndpoint(mediaTypes));
}

public sealed record IdempotentEndpoint;

public sealed record IfMatchEndpoint;

public sealed record ETagEndpoint;

public sealed record RedirectsMergedAwayEndpoint;

public sealed record AnswersNotFoundEndpoint;

public sealed record DownloadEndpoint(IReadOnlyList<string> MediaTypes);
