namespace Rapport.Infrastructure.Problems;

/// <summary>
/// One family of problem <c>type</c> URIs, all under https://rapport.dev/problems/ and each described in the API guide
/// ("Problem types"): a problem the code names keeps its type; one the framework raised (it links RFC 9110) gets the
/// project's type for its status.
/// </summary>
public static class ProblemTypes
{
    public const string Base = "https://rapport.dev/problems/";

    public static readonly IReadOnlyDictionary<int, string> ByStatus = new Dictionary<int, string>
    {
        [400] = "bad-request",
        [401] = "unauthorized",
        [403] = "forbidden",
        [404] = "not-found",
        [405] = "method-not-allowed",
        [406] = "not-acceptable",
        [409] = "conflict",
        [412] = "stale-write",
        [413] = "too-large",
        [415] = "unsupported-media-type",
        [422] = "unprocessable",
        [499] = "client-closed-request",
        [500] = "server-error",
        [503] = "unavailable",
    };

    public static string For(Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        if (problem.Type?.StartsWith(Base, StringComparison.Ordinal) == true)
        {
            return problem.Type;
        }

        var status = problem.Status ?? 500;
        if (status == 400 && problem is HttpValidationProblemDetails || problem.Extensions.ContainsKey("errors"))
        {
            return Base + "validation";
        }

        return Base + ByStatus.GetValueOrDefault(status, status >= 500 ? "server-error" : "bad-request");
    }
}
