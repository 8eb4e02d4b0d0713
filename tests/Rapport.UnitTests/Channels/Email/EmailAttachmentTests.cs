using Rapport.Features.Channels.Email;
using Rapport.Features.Conversations;
using Rapport.TestData;

namespace Rapport.UnitTests.Channels.Email;

/// <summary>The files of the real-world test emails are found with the names, types and inline flags their README gives.</summary>
public sealed class EmailAttachmentTests
{
    private static IReadOnlyList<AttachmentCandidate> Files(string name) =>
        EmailParser.Parse(TestEmails.Read(name), "<fallback@rapport.invalid>").Files;

    private static string Name(AttachmentCandidate c) => FileNames.Sanitise(c.FileName, c.FallbackName);

    [Fact]
    public void An_rfc2231_continued_utf8_file_name_is_one_attachment_with_the_whole_name()
    {
        var file = Assert.Single(Files("attach-rfc2231-continuation-utf8-name.eml"));

        Assert.Equal(string.Concat(Enumerable.Repeat("かきくけこ", 5)) + ".txt", Name(file));
        Assert.False(file.Inline);
        Assert.NotEmpty(file.Content);
    }

    [Fact]
    public void A_raw_8bit_utf8_file_name_is_kept()
    {
        Assert.Equal("ciële.txt", Name(Assert.Single(Files("attach-raw-8bit-utf8-filename.eml"))));
    }

    [Fact]
    public void Cid_images_are_inline_files_with_their_content_ids_and_the_text_attachment_is_not_inline()
    {
        var files = Files("attach-inline-cid-images-rfc2047-filename.eml");

        var images = files.Where(f => f.MediaType.StartsWith("image/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, images.Count);
        Assert.All(images, i => Assert.True(i.Inline));
        Assert.All(images, i => Assert.False(string.IsNullOrEmpty(i.ContentId)));
        Assert.Contains(images, i => Name(i) == "nyan cat ✔.gif");
        var text = Assert.Single(files, f => !f.Inline);
        Assert.Equal("text/plain", text.MediaType);
    }

    [Fact]
    public void A_thunderbird_email_has_one_inline_image_and_one_real_attachment()
    {
        var files = Files("thunderbird-cp1252-text-html-inline-image-attachment.eml");

        Assert.Single(files, f => f.Inline && f.ContentId is not null);
        Assert.Single(files, f => !f.Inline);
    }

    [Fact]
    public void The_body_text_of_a_plain_email_is_not_a_file()
    {
        Assert.Empty(Files("thread-1-saying-hello.eml"));
        Assert.Empty(Files("charset-utf8-qp-cyrillic-yahoo.eml"));
    }

    [Theory]
    [MemberData(nameof(EmailParserTests.AllEmails), MemberType = typeof(EmailParserTests))]
    public void Every_file_of_every_test_email_gets_a_safe_non_empty_name(string name)
    {
        foreach (var file in Files(name))
        {
            var safe = Name(file);
            Assert.False(string.IsNullOrWhiteSpace(safe));
            Assert.DoesNotContain('/', safe);
            Assert.DoesNotContain('\\', safe);
        }
    }
}
