using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Feedback;

/// <summary>
/// The public survey page a customer reaches from the link in their message: no sign-in, plain HTML that works without
/// script on any phone, in the product's colours. The one-time signed token in the path is the only key; a made-up,
/// changed, expired or already used link gets a page that says so. The form needs no antiforgery token: without a
/// valid link there is nothing to forge, and the link is the customer's own.
/// </summary>
public static class SurveyPage
{
    public static string PathFor(string token) => "/survey/" + token;

    public static IEndpointRouteBuilder MapSurveyPage(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("/survey").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        page.MapGet("/{token}", ShowAsync);
        page.MapPost("/{token}", AnswerAsync);
        return app;
    }

    private static async Task<ContentHttpResult> ShowAsync(string token, SurveyAnswers answers, CancellationToken ct) =>
        Render(await answers.OpenAsync(token, ct), null, null);

    private static async Task<ContentHttpResult> AnswerAsync(string token, HttpRequest request, SurveyAnswers answers, CancellationToken ct)
    {
        var opening = await answers.OpenAsync(token, ct);
        if (!opening.Answerable || opening.Link != SurveyLinkState.Valid || !request.HasFormContentType)
        {
            return Render(opening, null, null);
        }

        var form = await request.ReadFormAsync(ct);
        try
        {
            return await answers.AnswerAsync(opening.Survey!, form["score"], form["comment"], ct)
                ? Page(200, opening.Organisation, "Thank you", "<p>Thank you for your answer. It helps us serve you and other customers better.</p>")
                : Page(410, opening.Organisation, "Already answered", "<p>This survey has already been answered. Thank you.</p>");
        }
        catch (InvalidInputException e)
        {
            return Render(opening, e, form["comment"]);
        }
    }

    private static ContentHttpResult Render(SurveyOpening opening, InvalidInputException? error, string? comment)
    {
        if (opening.Link == SurveyLinkState.Invalid)
        {
            return Page(404, opening.Organisation, "This link does not work",
                "<p>This survey link is not valid. It may have been copied only in part. Please use the whole link from the message we sent you.</p>");
        }

        if (opening.AlreadyAnswered)
        {
            return Page(410, opening.Organisation, "Already answered", "<p>This survey has already been answered, and each link works once. Thank you.</p>");
        }

        if (opening.Link == SurveyLinkState.Expired || !opening.Answerable)
        {
            return Page(410, opening.Organisation, "This survey has closed",
                "<p>The link to this survey has expired. Thank you all the same: you can always tell us what you think by replying to us.</p>");
        }

        return Page(error is null ? 200 : 400, opening.Organisation, "How did we do?", Form(opening.Survey!, opening.Organisation, error, comment));
    }

    private static string Form(SurveyInvitation survey, string organisation, InvalidInputException? error, string? comment)
    {
        var e = HtmlEncoder.Default;
        var (min, max) = SurveyScales.Range(survey.Kind);
        var (low, high) = SurveyScales.Ends(survey.Kind);
        var html = new StringBuilder();
        html.Append("<form method=\"post\" novalidate>");
        if (error is not null)
        {
            html.Append($"<p class=\"error\" role=\"alert\" id=\"error\">{e.Encode(error.Message)}</p>");
        }

        var describedBy = error?.Field == "score" ? " aria-describedby=\"scale-ends error\"" : " aria-describedby=\"scale-ends\"";
        html.Append($"<fieldset class=\"scale\"{describedBy}><legend>{e.Encode(SurveyScales.Question(survey.Kind, organisation))}</legend>");
        html.Append($"<p class=\"hint\" id=\"scale-ends\">{min} means {e.Encode(low)}, {max} means {e.Encode(high)}.</p><div class=\"choices\">");
        for (var score = min; score <= max; score++)
        {
            var words = score == min ? $" ({low})" : score == max ? $" ({high})" : "";
            html.Append($"<label class=\"choice\"><input type=\"radio\" name=\"score\" value=\"{score}\" required>")
                .Append($"<span aria-hidden=\"true\">{score}</span><span class=\"visually-hidden\">{score}{e.Encode(words)}</span></label>");
        }

        html.Append("</div></fieldset>");
        if (survey.AskComment)
        {
            html.Append("<label for=\"comment\" class=\"comment-label\">Anything you would like to tell us? (optional)</label>")
                .Append($"<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"{SurveyAnswers.CommentMaxLength}\">{e.Encode(comment ?? "")}</textarea>");
        }

        html.Append("<button type=\"submit\">Send my answer</button></form>");
        return html.ToString();
    }

    private static ContentHttpResult Page(int status, string organisation, string title, string body)
    {
        var e = HtmlEncoder.Default;
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>{e.Encode(title)} · {e.Encode(organisation)}</title>
            <style>{Style}</style>
            </head>
            <body>
            <header><span class="brand">{e.Encode(organisation)}</span></header>
            <main>
            <h1>{e.Encode(title)}</h1>
            {body}
            </main>
            </body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    // The agent UI's palette (RapportTheme): indigo app bar and primary, light grey page, white card.
    private const string Style = """
        *{box-sizing:border-box}body{margin:0;font-family:Roboto,"Segoe UI",Helvetica,Arial,sans-serif;background:#f5f6fa;color:rgba(0,0,0,.87);line-height:1.5}
        header{background:#1a237e;color:#fff;padding:14px 20px}.brand{font-size:1.1rem;font-weight:500}
        main{max-width:640px;margin:24px auto;background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.2);padding:20px}
        h1{font-size:1.5rem;font-weight:500;margin:0 0 12px}fieldset{border:0;padding:0;margin:0 0 20px}
        legend{font-size:1.1rem;font-weight:500;margin-bottom:6px;padding:0}.hint{margin:0 0 10px;color:rgba(0,0,0,.7)}
        .choices{display:flex;flex-wrap:wrap;gap:8px}.choice{position:relative}
        .choice input{position:absolute;opacity:0;width:100%;height:100%;margin:0;cursor:pointer}
        .choice span[aria-hidden]{display:flex;align-items:center;justify-content:center;min-width:48px;min-height:48px;border:2px solid #283593;border-radius:6px;color:#283593;font-weight:500;font-size:1.1rem}
        .choice input:checked+span{background:#283593;color:#fff}.choice input:focus-visible+span{outline:3px solid #ff9800;outline-offset:2px}
        .comment-label{display:block;font-weight:500;margin-bottom:6px}
        textarea{width:100%;font:inherit;padding:10px;border:1px solid rgba(0,0,0,.42);border-radius:4px;margin-bottom:20px}
        textarea:focus-visible{outline:3px solid #ff9800;outline-offset:1px}
        button{background:#283593;color:#fff;border:0;border-radius:4px;padding:12px 22px;font:inherit;font-weight:500;min-height:48px;cursor:pointer}
        button:focus-visible{outline:3px solid #ff9800;outline-offset:2px}
        .error{background:#fdecea;color:#611a15;border-radius:4px;padding:10px 14px}
        .visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        @media (max-width:480px){main{margin:0;border-radius:0;box-shadow:none}}
        """;
}
