using Microsoft.Net.Http.Headers;

namespace Rapport.Features.Channels.WebChat;

/// <summary>Who is calling the visitor API: the site (from the route or the visitor's token) and, with a token, the visitor.</summary>
public sealed record ChatCaller(ChatSite Site, Guid? VisitorId, string Origin);

/// <summary>
/// The door of the visitor API, for every request: rate limits per address, the visitor's token, the site enabled, and
/// the page's origin among the site's allowed origins — browsers then let the widget read the answer (CORS). A refusal
/// says why, in a problem the widget prints to the browser console; it carries the CORS header so the widget can read it.
/// </summary>
public sealed class ChatGate(ChatSiteDirectory sites, VisitorTokens tokens, ChatLimits limits) : IEndpointFilter
{
    public const string SiteRoute = "siteId";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var origin = http.Request.Headers.Origin.ToString();
        if (limits.Request(AddressOf(http)) is { } wait)
        {
            return TooMany(http, origin, wait, "Too many requests from this address.");
        }

        Guid? visitorId = null;
        Guid siteId;
        if (http.Request.RouteValues.TryGetValue(SiteRoute, out var routeSite))
        {
            if (!Guid.TryParse(routeSite?.ToString(), out siteId))
            {
                return Refuse(http, origin, StatusCodes.Status404NotFound, "No chat site has this id.", "Check the data-site attribute of the widget's script tag.");
            }
        }
        else
        {
            var authorization = http.Request.Headers.Authorization.ToString();
            var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..].Trim() : null;
            if (tokens.Read(token) is not { } read)
            {
                return Refuse(http, origin, StatusCodes.Status401Unauthorized, "The visitor token is missing, invalid or expired.",
                    "Start a new chat session (POST /chat/v1/sites/{siteId}/visitors).");
            }

            (visitorId, siteId) = (read.VisitorId, read.SiteId);
        }

        var site = await sites.FindAsync(siteId, http.RequestAborted);
        if (site is null || !site.Enabled)
        {
            return Refuse(http, origin, StatusCodes.Status404NotFound, "This chat site does not exist or is switched off.",
                "Check the data-site attribute of the widget's script tag, and that the site is enabled in Rapport.");
        }

        if (!site.Allows(origin))
        {
            return Refuse(http, origin, StatusCodes.Status403Forbidden, "This page's origin may not use this chat site.",
                $"The origin '{(origin.Length == 0 ? "(none)" : origin)}' is not among the site's allowed origins; an administrator can add it.");
        }

        AllowOrigin(http, origin);
        http.Items[typeof(ChatCaller)] = new ChatCaller(site, visitorId, origin);
        return await next(context);
    }

    public static ChatCaller CallerOf(HttpContext http) => (ChatCaller)http.Items[typeof(ChatCaller)]!;

    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Lets the page at <paramref name="origin"/> read this answer and send the widget's headers.</summary>
    public static void AllowOrigin(HttpContext http, string origin)
    {
        if (origin.Length == 0)
        {
            return;
        }

        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Append(HeaderNames.Vary, "Origin");
    }

    public static IResult Refuse(HttpContext http, string origin, int status, string title, string detail)
    {
        AllowOrigin(http, origin);
        return TypedResults.Problem(title: title, detail: detail, statusCode: status, type: "https://rapport.dev/problems/chat-refused");
    }

    public static IResult TooMany(HttpContext http, string origin, TimeSpan wait, string title)
    {
        AllowOrigin(http, origin);
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: title, detail: $"Try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests,
            type: "https://rapport.dev/problems/rate-limited");
    }
}
