using System.Text.RegularExpressions;

namespace Rapport.IntegrationTests.Support;

/// <summary>
/// A browser's cookies kept by hand (the host's fake clock is behind the real one, so a cookie jar would drop the
/// sign-in cookie as expired): every Set-Cookie is kept, a cleared one removed. Posts forms as the pages render them.
/// </summary>
public sealed partial class CookieSession(HttpClient client)
{
    private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

    public static CookieSession For(RapportFactory app) =>
        new(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }));

    public bool Has(string cookie) => cookies.ContainsKey(cookie);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null,
        Action<System.Net.Http.Headers.HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        headers?.Invoke(request.Headers);
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var header in set)
            {
                var pair = header.Split(';')[0];
                var at = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..at], pair[(at + 1)..]);
                if (value.Length == 0)
                {
                    cookies.Remove(name);
                }
                else
                {
                    cookies[name] = value;
                }
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(HttpMethod.Get, url);

    public async Task<string> PageAsync(string url)
    {
        using var response = await GetAsync(url);
        return await response.ExpectTextAsync(HttpStatusCode.OK);
    }

    /// <summary>Posts the form <paramref name="formName"/> of <paramref name="page"/> (as rendered) with <paramref name="fields"/>.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string url, string page, string formName, params (string Name, string Value)[] fields)
    {
        var token = AntiforgeryToken().Match(page).Groups["token"].Value;
        Assert.False(string.IsNullOrEmpty(token), $"The page {url} has an antiforgery token.");
        var values = new Dictionary<string, string> { ["_handler"] = formName, ["__RequestVerificationToken"] = token };
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        return SendAsync(HttpMethod.Post, url, new FormUrlEncodedContent(values));
    }

    /// <summary>Signs in with the password; the answer is the sign-in page's (a redirect when the password was right).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password = RapportFactory.StaffPassword) =>
        await PostFormAsync("/login", await PageAsync("/login"), "login", ("Input.Email", email), ("Input.Password", password));

    /// <summary>Gives the second factor on the code page after a right password.</summary>
    public async Task<HttpResponseMessage> GiveCodeAsync(string code) =>
        await PostFormAsync("/login/two-factor", await PageAsync("/login/two-factor"), "two-factor", ("Input.Code", code));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

public static class TextResponses
{
    public static async Task<string> ExpectTextAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode} {response.Headers.Location}: {text[..Math.Min(text.Length, 500)]}");
        return text;
    }
}

public static class Redirects
{
    /// <summary>Where a redirect points, as a path on this site (pages redirect with absolute URLs, Identity with paths).</summary>
    public static string? RedirectPath(this HttpResponseMessage response) =>
        response.Headers.Location is { } location ? (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString) : null;
}
