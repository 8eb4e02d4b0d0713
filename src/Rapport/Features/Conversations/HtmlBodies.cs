using Ganss.Xss;

namespace Rapport.Features.Conversations;

/// <summary>
/// The one sanitiser for HTML that arrives in messages: the stock rules (no script, no event handler, no form, no
/// frame), plus the schemes mail uses: <c>cid:</c> names an inline image among the message's own attachments (resolved
/// when shown), <c>mailto:</c> and <c>tel:</c> are links; class and id attributes stay.
/// </summary>
public static class HtmlBodies
{
    private static readonly HtmlSanitizer Sanitizer = Make();

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    private static HtmlSanitizer Make()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("cid");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedSchemes.Add("tel");
        // Mail programs mark quoted history by class and id (gmail_quote, divRplyFwdMsg); the view folds it by them.
        sanitizer.AllowedAttributes.Add("class");
        sanitizer.AllowedAttributes.Add("id");
        return sanitizer;
    }
}
