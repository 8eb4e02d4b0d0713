using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Rapport.Infrastructure.Problems;

/// <summary>
/// The compile-time request delegates (RDG) answer a query or route value that does not parse into a nullable
/// parameter (<c>?limit=ten</c> for <c>int? limit</c>) with a bare 400 and no exception, where the runtime ones threw
/// "Failed to bind parameter …". After such a 400, before anything is written, this finds the value at fault and raises
/// that same exception, so the client still gets a problem naming the field (<see cref="ParameterBinding"/>). Successful
/// requests pay nothing: it looks only at a 400 with nothing written.
/// </summary>
internal static class UnparsableParameters
{
    public static IApplicationBuilder UseUnparsableParameterProblems(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next(http);
        if (http.Response is { StatusCode: StatusCodes.Status400BadRequest, HasStarted: false, ContentType: null }
            && http.GetEndpoint() is { } endpoint && Describe(http, endpoint) is { } message)
        {
            throw new BadHttpRequestException(message);
        }
    });

    /// <summary>The framework's message for the first parameter whose value does not parse; null when they all do.</summary>
    internal static string? Describe(HttpContext http, Endpoint endpoint)
    {
        foreach (var parameter in endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>())
        {
            if (!parameter.HasTryParse || parameter.ParameterInfo is not { } info)
            {
                continue;
            }

            var type = info.ParameterType.IsArray ? info.ParameterType.GetElementType()! : info.ParameterType;
            foreach (var value in ValuesOf(http, parameter.Name, info))
            {
                if (!string.IsNullOrEmpty(value) && !Parses(Nullable.GetUnderlyingType(type) ?? type, value))
                {
                    return $"Failed to bind parameter \"{TypeName(type)} {parameter.Name}\" from \"{value}\".";
                }
            }
        }

        return null;
    }

    private static IEnumerable<string?> ValuesOf(HttpContext http, string name, ParameterInfo info)
    {
        var attributes = info.GetCustomAttributes(inherit: false);
        if (attributes.OfType<IFromHeaderMetadata>().FirstOrDefault() is { } header)
        {
            return http.Request.Headers[header.Name ?? name];
        }

        if (attributes.OfType<IFromQueryMetadata>().FirstOrDefault() is { } query)
        {
            return http.Request.Query[query.Name ?? name];
        }

        var routeName = attributes.OfType<IFromRouteMetadata>().FirstOrDefault()?.Name ?? name;
        return http.Request.RouteValues.TryGetValue(routeName, out var routeValue)
            ? [Convert.ToString(routeValue, CultureInfo.InvariantCulture)]
            : http.Request.Query[name];
    }

    private static bool Parses(Type type, string value)
    {
        if (type == typeof(string))
        {
            return true;
        }

        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, out _);
        }

        var arguments = new object?[] { value, CultureInfo.InvariantCulture, null };
        if (type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]) is { } withCulture)
        {
            return (bool)withCulture.Invoke(null, arguments)!;
        }

        return type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]) is not { } plain
            || (bool)plain.Invoke(null, [value, null])!;
    }

    private static string TypeName(Type type) => Nullable.GetUnderlyingType(type) is { } inner ? $"{inner.Name}?" : type.Name;
}
