using Rapport.Features.Conversations;
using Rapport.Infrastructure.Blobs;

namespace Rapport.UnitTests.Conversations;

/// <summary>An email's HTML body shown as its sender laid it out, without letting it run, phone home or reach out of its frame.</summary>
public sealed class MessageHtmlViewTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("rapport-html-view").FullName;
    private readonly BlobStore blobs;

    public MessageHtmlViewTests() => blobs = new BlobStore(root, null!, inDatabase: false, TimeProvider.System);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    private async Task<MessageAttachment> StoredAsync(string contentId, string mediaType = "image/png") => new()
    {
        FileName = "logo.png",
        MediaType = mediaType,
        Size = Png.Length,
        ContentId = contentId,
        Inline = true,
        BlobRef = await blobs.SaveAsync(Png, ".png", CancellationToken.None),
    };

    [Fact]
    public async Task A_cid_image_is_drawn_from_the_message_own_attachment_as_a_data_uri()
    {
        var logo = await StoredAsync("logo@mail.example");

        var view = await MessageHtmlView.RenderAsync("<p>Hi</p><img src=\"cid:logo@mail.example\" alt=\"Logo\">", [logo], blobs, false, CancellationToken.None);

        Assert.Contains($"src=\"data:image/png;base64,{Convert.ToBase64String(Png)}\"", view.Document, StringComparison.Ordinal);
        Assert.DoesNotContain("cid:", view.Document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cid_naming_no_attachment_or_an_svg_is_shown_as_a_named_placeholder()
    {
        var svg = await StoredAsync("drawing", "image/svg+xml");

        var view = await MessageHtmlView.RenderAsync("<img src=\"cid:missing\" alt=\"Map\"><img src=\"cid:drawing\">", [svg], blobs, false, CancellationToken.None);

        Assert.Contains("[inline image not available: Map]", view.Document, StringComparison.Ordinal);
        Assert.Contains("[inline image not available: drawing]", view.Document, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", view.Document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_images_are_blocked_by_markup_and_by_policy_until_allowed()
    {
        const string html = "<img src=\"https://tracker.example/open.gif?u=42\" alt=\"\"><img src=\"//cdn.example/banner.png\" alt=\"Sale\">";

        var blocked = await MessageHtmlView.RenderAsync(html, [], blobs, false, CancellationToken.None);
        var allowed = await MessageHtmlView.RenderAsync(html, [], blobs, true, CancellationToken.None);

        Assert.Equal(2, blocked.RemoteImagesBlocked);
        Assert.DoesNotContain("tracker.example", blocked.Document, StringComparison.Ordinal);
        Assert.Contains("[remote image blocked: Sale]", blocked.Document, StringComparison.Ordinal);
        Assert.Contains("img-src data:;", blocked.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal(0, allowed.RemoteImagesBlocked);
        Assert.Contains("https://tracker.example/open.gif?u=42", allowed.Document, StringComparison.Ordinal);
        Assert.Contains("img-src data: https: http:;", allowed.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public void The_policy_allows_no_script_and_keeps_the_document_in_a_sandbox_framed_only_by_our_pages()
    {
        var policy = MessageHtmlView.PolicyFor(allowRemote: true);

        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.Contains("sandbox allow-popups allow-popups-to-escape-sandbox", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("allow-scripts", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("allow-same-origin", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_open_outside_the_frame_without_telling_the_site_where_they_came_from()
    {
        var view = await MessageHtmlView.RenderAsync("<a href=\"https://example.com/booking\">your booking</a>", [], blobs, false, CancellationToken.None);

        Assert.Contains("target=\"_blank\"", view.Document, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener noreferrer\"", view.Document, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"referrer\" content=\"no-referrer\">", view.Document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quoted_history_is_folded_into_a_closed_details_element()
    {
        const string html = "<div>Yes, Tuesday works.</div><div class=\"gmail_quote\"><div>On Mon, Rapport wrote:</div><blockquote>Would Tuesday suit you?</blockquote></div>";

        var view = await MessageHtmlView.RenderAsync(html, [], blobs, false, CancellationToken.None);

        Assert.Matches("<div>Yes, Tuesday works.</div><details class=\"rapport-quoted\"><summary>Show quoted text</summary><div class=\"gmail_quote\">", view.Document);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(view.Document, "<details"));
    }

    [Fact]
    public async Task Outlook_history_after_its_header_block_is_folded_with_it()
    {
        const string html = "<p>Please cancel it.</p><div id=\"divRplyFwdMsg\"><b>From:</b> Rapport</div><div>Your booking is confirmed.</div>";

        var view = await MessageHtmlView.RenderAsync(html, [], blobs, false, CancellationToken.None);

        Assert.Contains("<p>Please cancel it.</p><details class=\"rapport-quoted\">", view.Document, StringComparison.Ordinal);
        Assert.Matches("<details[^>]*>.*Your booking is confirmed.*</details>", view.Document);
    }

    [Fact]
    public async Task A_message_that_is_nothing_but_a_quote_is_shown_unfolded()
    {
        var view = await MessageHtmlView.RenderAsync("<blockquote type=\"cite\">Forwarded words</blockquote>", [], blobs, false, CancellationToken.None);

        Assert.DoesNotContain("<details", view.Document, StringComparison.Ordinal);
        Assert.Contains("Forwarded words", view.Document, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("One line", 140)]
    [InlineData("", 140)]
    public void The_frame_height_follows_the_text_length_within_bounds(string text, int expected)
    {
        Assert.Equal(expected, MessageHtmlView.FrameHeight(text));
        Assert.Equal(640, MessageHtmlView.FrameHeight(string.Join('\n', Enumerable.Repeat("line", 500))));
    }

    [Fact]
    public void Stored_html_keeps_cid_images_and_quote_markers_but_no_script()
    {
        var html = HtmlBodies.Sanitize("<div class=\"gmail_quote\"><img src=\"cid:a@b\"><script>alert(1)</script><a href=\"javascript:alert(1)\">x</a>"
            + "<a href=\"mailto:ann@example.com\">mail</a></div>");

        Assert.Contains("src=\"cid:a@b\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"gmail_quote\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:ann@example.com\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
    }
}
