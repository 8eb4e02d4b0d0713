using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Rapport.IntegrationTests.Support;

/// <summary>Signing in through the sign-in page as a browser does: its form, its antiforgery token, its cookie.</summary>
public static partial class SignInForm
{
    /// <summary>Posts the sign-in form with <paramref name="client"/> (which keeps cookies), from <paramref name="from"/> if given.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password, string? from = null)
    {
        var page = await client.GetStringAsync("/login");
        var token = AntiforgeryToken().Match(page).Groups["token"].Value;
        Assert.False(string.IsNullOrEmpty(token), "The sign-in page has an antiforgery token.");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };
        if (from is not null)
        {
            request.Headers.Add(ClientAddressFromHeader.Header, from);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A client holding only the sign-in cookie of <paramref name="email"/>, as a browser would.</summary>
    public static async Task<HttpClient> SignedInWithCookieAsync(this RapportFactory app, string email)
    {
        using var response = await PostAsync(app.ClientAs(null), email, RapportFactory.StaffPassword);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        // Sent by hand: the cookie expires by the host's fake clock, which is behind the real one, so a cookie jar would drop it.
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rapport.auth=", StringComparison.Ordinal)).Split(';')[0];
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>The page without what differs on every request (antiforgery token, protected component state) and without <paramref name="email"/>.</summary>
    public static string WithoutTokenAndEmail(string page, string email) =>
        ComponentState().Replace(AntiforgeryToken().Replace(page, "__RequestVerificationToken"), "Component-State")
            .Replace(email, "EMAIL", StringComparison.Ordinal);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("Component-State:[^-]+-->")]
    private static partial Regex ComponentState();
}

/// <summary>TestServer gives requests no client address; a test names one with the <see cref="Header"/> header.</summary>
public sealed class ClientAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((ctx, nextMiddleware) =>
        {
            if (IPAddress.TryParse(ctx.Request.Headers[Header].ToString(), out var address))
            {
                ctx.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(ctx);
        });
        next(app);
    };
}
