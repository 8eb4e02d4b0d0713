using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Rapport.IntegrationTests.Api;

/// <summary>
/// Static assets are served compressed and cacheable (MapStaticAssets), with nosniff but without the headers only a
/// document reads (SecurityHeaders), which were ~350 bytes of every stylesheet and script.
/// </summary>
public sealed partial class StaticAssetTests(SqliteRapportFactory app) : IClassFixture<SqliteRapportFactory>
{
    [GeneratedRegex("src=\"(_content/MudBlazor/MudBlazor\\.min\\.js\\?v=[^\"]+)\"")]
    private static partial Regex VersionedMudBlazorScript();

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
    public async Task Pages_link_MudBlazors_script_by_its_version_which_is_cached_for_a_year_and_still_compressed()
    {
        var client = app.ClientAs(null);
        var page = await (await client.GetAsync("/login")).Content.ReadAsStringAsync();

        var link = VersionedMudBlazorScript().Match(page);
        Assert.True(link.Success, "The page links MudBlazor's script with the package's version.");
        using var script = await client.SendAsync(Get("/" + System.Net.WebUtility.HtmlDecode(link.Groups[1].Value), "br"));
        using var otherVersion = await client.SendAsync(Get("/_content/MudBlazor/MudBlazor.min.js?v=0.0.1", "br"));

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(["br"], script.Content.Headers.ContentEncoding);
        Assert.Equal("public, max-age=31536000, immutable", script.Headers.CacheControl?.ToString());
        Assert.True(otherVersion.Headers.CacheControl?.NoCache, $"Cache-Control of another version: {otherVersion.Headers.CacheControl}");
        Assert.Equal("nosniff", Assert.Single(script.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(script.Headers.Contains("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("app")]
    [InlineData("mudblazor")] // MudBlazor's stylesheet, trimmed to what the app uses (generated, GeneratedAssetTests)
    public async Task The_sign_in_page_links_our_stylesheets_by_fingerprinted_urls_served_compressed(string name)
    {
        var client = app.ClientAs(null);
        var page = await (await client.GetAsync("/login")).Content.ReadAsStringAsync();

        var link = Regex.Match(page, $"href=\"({name}\\.[a-z0-9]+\\.css)\"");
        Assert.True(link.Success, $"The page links {name}.css by its fingerprinted name.");
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
