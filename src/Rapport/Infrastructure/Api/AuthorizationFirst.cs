namespace Rapport.Infrastructure.Api;

/// <summary>
/// Routing picks an endpoint by the request's Content-Type too, and answers 415 itself, before authentication and
/// authorisation run: an anonymous POST of JSON to the CSV import got 415, not 401. Without that matcher an endpoint is
/// chosen by path and method; who may call it is answered first, and the endpoint's own binding still answers 415 to
/// a caller who may (minimal APIs check a JSON body's media type; the CSV import checks its own).
/// </summary>
public static class AuthorizationFirst
{
    /// <summary>Call after everything that registers routing.</summary>
    public static IServiceCollection AuthorizeBeforeCheckingMediaTypes(this IServiceCollection services)
    {
        foreach (var policy in services.Where(d => d.ServiceType == typeof(MatcherPolicy) && d.ImplementationType?.Name == "AcceptsMatcherPolicy").ToList())
        {
            services.Remove(policy);
        }

        return services;
    }
}
