using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Rapport.IntegrationTests.Api;

/// <summary>
/// Static assets are served compressed and cacheable (MapStaticAssets), with nosniff but without the headers only a
/// document reads (SecurityHeaders), which were ~350 bytes of every stylesheet and script.
/// </summary>
public sealed partial class StaticAssetTests(SqliteRapportFactory app) : IClassFixture<SqliteRapportFactory>
{
    [GeneratedRegex("href=\"(_content/MudBlazor/MudBlazor\\.min\\.css\\?v=[^\"]+)\"")]
    private static partial Regex VersionedMudBlazorCss();

    [GeneratedRegex("href=\"(app\\.[a-z0-9]+\\.css)\"")]
    private static partial Regex FingerprintedAppCss();

    private static HttpRequestMessage Get(string path, string encoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        return request;
    }

    [Fact]
    public async Task A_stylesheet_is_sent_brotli_compressed_when_asked_with_a_cache_header_and_nosniff()
    {
        var client = app.ClientAs(null);

        using var plain = await client.SendAsync(Get("/_content/MudBlazor/MudBlazor.min.css", "identity"));
        using var brotli = await client.SendAsync(Get("/_content/MudBlazor/MudBlazor.min.css", "br"));

        Assert.Equal(HttpStatusCode.OK, brotli.StatusCode);
        Assert.Equal(["br"], brotli.Content.Headers.ContentEncoding);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var compressed = (await brotli.Content.ReadAsByteArrayAsync()).Length;
        var original = (await plain.Content.ReadAsByteArrayAsync()).Length;
        Assert.True(compressed * 4 < original, $"Brotli sent {compressed:N0} bytes of a {original:N0}-byte stylesheet.");
        Assert.True(brotli.Headers.CacheControl?.NoCache, $"Cache-Control: {brotli.Headers.CacheControl}"); // revalidated by its ETag
        Assert.NotNull(brotli.Headers.ETag);
        Assert.Equal("nosniff", Assert.Single(brotli.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(brotli.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task Pages_link_MudBlazors_stylesheet_by_its_version_which_is_cached_for_a_year_and_still_compressed()
    {
        var client = app.ClientAs(null);
        var page = await (await client.GetAsync("/login")).Content.ReadAsStringAsync();

        var link = VersionedMudBlazorCss().Match(page);
        Assert.True(link.Success, "The page links MudBlazor's stylesheet with the package's version.");
        using var css = await client.SendAsync(Get("/" + System.Net.WebUtility.HtmlDecode(link.Groups[1].Value), "br"));
        using var otherVersion = await client.SendAsync(Get("/_content/MudBlazor/MudBlazor.min.css?v=0.0.1", "br"));

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal(["br"], css.Content.Headers.ContentEncoding);
        Assert.Equal("public, max-age=31536000, immutable", css.Headers.CacheControl?.ToString());
        Assert.True(otherVersion.Headers.CacheControl?.NoCache, $"Cache-Control of another version: {otherVersion.Headers.CacheControl}");
        Assert.Equal("nosniff", Assert.Single(css.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(css.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task The_sign_in_page_links_its_own_stylesheet_by_a_fingerprinted_url_served_compressed()
    {
        var client = app.ClientAs(null);
        var page = await (await client.GetAsync("/login")).Content.ReadAsStringAsync();

        var link = FingerprintedAppCss().Match(page);
        Assert.True(link.Success, "The page links its stylesheet by its fingerprinted name.");
        using var css = await client.SendAsync(Get("/" + link.Groups[1].Value, "br"));

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal(["br"], css.Content.Headers.ContentEncoding);
        // What is labelled Brotli must be Brotli (the runtime patching of a build manifest once sent gzip bytes as "br").
        using var identity = await client.SendAsync(Get("/" + link.Groups[1].Value, "identity"));
        await using var decoded = new System.IO.Compression.BrotliStream(await css.Content.ReadAsStreamAsync(),
            System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(decoded);
        Assert.Equal(await identity.Content.ReadAsStringAsync(), await reader.ReadToEndAsync());
        // "max-age=31536000, immutable" outside Development; the test host runs as Development, where MapStaticAssets
        // asks for revalidation so edited files show at once.
        Assert.NotNull(css.Headers.CacheControl);
        Assert.NotNull(css.Headers.ETag);
    }
}
