using Rapport.Infrastructure.Security;

namespace Rapport.UnitTests.Infrastructure;

/// <summary>
/// Which responses go without the document-only headers (CSP, X-Frame-Options, COOP, Referrer-Policy): only types a
/// browser never shows as a document. Anything else, an unknown type or none, is treated as a document.
/// </summary>
public sealed class SecurityHeaderTypesTests
{
    [Theory]
    [InlineData("text/css", true)]
    [InlineData("text/javascript; charset=utf-8", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("font/woff2", true)]
    [InlineData("image/png", true)]
    [InlineData("text/html; charset=utf-8", false)]
    [InlineData("image/svg+xml", false)]
    [InlineData("application/xhtml+xml", false)]
    [InlineData("application/xml", false)]
    [InlineData("text/plain", false)]
    [InlineData("application/pdf", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_what_a_browser_never_shows_as_a_document_goes_without_the_document_headers(string? contentType, bool subresource) =>
        Assert.Equal(subresource, SecurityHeaders.IsSubresource(contentType));
}
