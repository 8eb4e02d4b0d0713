using Rapport.Features.Channels.Email;
using Rapport.TestData;

namespace Rapport.UnitTests.Channels.Email;

/// <summary>Real mail in the charsets the README lists reads as its sender wrote it, not as mojibake.</summary>
public sealed class EmailCharsetTests
{
    private static Features.Conversations.InboundMessage Parse(string name) => EmailParser.Parse(TestEmails.Read(name), "<fallback@rapport.invalid>").Message;

    [Fact]
    public void An_iso_2022_jp_subject_split_inside_an_escape_sequence_is_decoded()
    {
        var message = Parse("charset-iso-2022-jp.eml");

        Assert.Equal("日本語メールテスト (testing Japanese emails)", message.Subject);
        Assert.Contains("日本語", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_raw_8bit_shift_jis_body_is_decoded()
    {
        var text = Parse("charset-shift-jis-8bit.eml").Text;

        Assert.Contains("あいうえお", text, StringComparison.Ordinal);
        Assert.Contains("このメールはテスト用のメールです。", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_utf8_quoted_printable_cyrillic_body_and_base64_subject_are_decoded()
    {
        var message = Parse("charset-utf8-qp-cyrillic-yahoo.eml");

        Assert.Equal("Simple text. How are you? Как ты поживаешь?", message.Subject);
        Assert.Contains("А эта линия по-русски.", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_koi8_r_text_beside_a_tnef_attachment_is_decoded()
    {
        Assert.Contains("шостий", Parse("tnef-winmail-koi8r.eml").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_utf16_body_behind_an_unquoted_boundary_is_recovered()
    {
        var message = Parse("charset-utf16-spam.eml");

        Assert.Contains("Dear potencial partner", message.Text, StringComparison.Ordinal);
        Assert.Equal("Design and manufacturing", message.Subject);
    }

    [Fact]
    public void An_arabic_base64_body_and_q_encoded_subject_are_decoded()
    {
        var message = Parse("autoreply-arabic-auto-submitted-dup-in-reply-to.eml");

        Assert.Contains("أنظروا، أنا أحتاجها", message.Text, StringComparison.Ordinal);
        Assert.Equal("أهلين عميلنا الكريم", message.Subject);
    }

    [Fact]
    public void A_subject_of_four_utf8_encoded_words_is_joined()
    {
        Assert.Equal(string.Concat(Enumerable.Repeat("まみむめも", 10)), Parse("attach-rfc2231-continuation-utf8-name.eml").Subject);
    }

    [Fact]
    public void A_utf8_subject_with_a_check_mark_is_decoded()
    {
        Assert.StartsWith("Nodemailer is unicode friendly ✔", Parse("attach-inline-cid-images-rfc2047-filename.eml").Subject, StringComparison.Ordinal);
    }
}
