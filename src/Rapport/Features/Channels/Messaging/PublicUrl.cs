namespace Rapport.Features.Channels.Messaging;

/// <summary>
/// The address the outside world reaches Rapport at (<c>Rapport:PublicUrl</c>, e.g. https://help.example.com). Providers
/// sign the exact URL they call, so behind a proxy the signature checks need it; without it the request's own URL is used.
/// </summary>
public sealed class PublicUrl(IConfiguration configuration)
{
    private readonly string? configured = configuration["Rapport:PublicUrl"]?.TrimEnd('/');

    public bool IsConfigured => configured is not null;

    public string For(string path) => (configured ?? "") + path;

    /// <summary>Where a provider should call <paramref name="path"/>: the public URL, else this request's own scheme and host.</summary>
    public string For(string path, HttpRequest request) => (configured ?? $"{request.Scheme}://{request.Host}{request.PathBase}") + path;

    /// <summary>The URL a provider called, as it saw it: the public base with the request's path and query.</summary>
    public string Of(HttpRequest request) =>
        (configured ?? $"{request.Scheme}://{request.Host}{request.PathBase}") + request.Path + request.QueryString;
}
