using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.Problems;

/// <summary>
/// Every error leaves the API as RFC 9457 problem details: malformed JSON names the field at fault (a missing required
/// field too), a stale write is a 412, the database unavailable is a 503 with Retry-After, and an unexpected failure is a
/// 500 without a stack trace.
/// </summary>
public static class ProblemSetup
{
    public static IServiceCollection AddRapportProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
            ctx.ProblemDetails.Type = ProblemTypes.For(ctx.ProblemDetails);
            // Field names in errors match the JSON the client sent (camelCase), whoever produced the problem, in the
            // keys and in the framework's messages ("The Name field is required." → "The name field is required.").
            if (ctx.ProblemDetails is HttpValidationProblemDetails validation)
            {
                var camel = validation.Errors.ToDictionary(e => CamelPath(e.Key), e => e.Value.Select(m => NameFieldAsSent(m, e.Key)).ToArray());
                validation.Errors.Clear();
                foreach (var (key, value) in camel)
                {
                    validation.Errors[key] = value;
                }
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            // A request record's constructor parameter without a default value must be in the JSON (null is allowed
            // where the type is nullable): a missing status must not become the enum's first value, nor a missing
            // ownerId an unassignment. The OpenAPI document marks exactly these as required.
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.Converters.Add(new StrictEnumConverterFactory());
        });
        return services;
    }

    private static string NameFieldAsSent(string message, string key)
    {
        var member = key.Split('.')[^1];
        var sent = CamelPath(member);
        return member == sent ? message : message
            .Replace($"The {member} field", $"The {sent} field", StringComparison.Ordinal)
            .Replace($"The field {member} ", $"The field {sent} ", StringComparison.Ordinal);
    }

    // Header names (If-Match, Idempotency-Key) keep their spelling; only property paths are camel-cased.
    private static string CamelPath(string path) => path.Contains('-', StringComparison.Ordinal)
        ? path
        : string.Join('.', path.Split('.').Select(p => p.Length > 0 && char.IsUpper(p[0]) ? char.ToLowerInvariant(p[0]) + p[1..] : p));
}

internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, DatabaseOutages outages, ILogger<ProblemExceptionHandler> log)
    : IExceptionHandler
{
    private static readonly string[] RequiredMessage = ["This field is required."];

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (StorageFull.Describe(exception) is { } full)
        {
            outages.Record(full);
            return await StorageFullAnswer.WriteAsync(http, problems, exception, full, log);
        }

        if (DatabaseUnavailable.Describe(exception) is { } outage)
        {
            if (DatabaseUnavailable.IsLocked(exception))
            {
                outages.Record(outage);
            }

            return await DatabaseOutageAnswer.WriteAsync(http, problems, exception, outage, log);
        }

        var (status, title, detail, errors) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } when MissingFields(json) is { Count: > 0 } missing => (400,
                "One or more fields are invalid.", Required(missing),
                missing.ToDictionary(f => f, _ => RequiredMessage)),
            BadHttpRequestException { InnerException: JsonException json } when IsFieldError(json) => (400, "One or more fields are invalid.",
                Explain(json), FieldError(json)),
            BadHttpRequestException { InnerException: JsonException json } => (400, "The request body is not well-formed JSON.",
                json.Message.Split(" Path:", 2)[0], null),
            InvalidInputException invalid => (400, "One or more fields are invalid.", invalid.Message, invalid.Errors),
            ConflictException conflict => (409, "The request conflicts with the current state.", conflict.Message, null),
            BadHttpRequestException bad when ParameterBinding.Explain(bad.Message) is { } binding =>
                (400, "One or more fields are invalid.", binding.Message, new Dictionary<string, string[]> { [binding.Field] = [binding.Message] }),
            BadHttpRequestException bad => (bad.StatusCode, "The request is malformed.", bad.Message, null),
            DbUpdateConcurrencyException => (412, "The record has changed since you read it.",
                "Another change was saved first. Read the record again and reapply your change.", null),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, "The client closed the request.", null, null),
            _ => (500, "Something went wrong on our side.", "The error has been logged. Try again, and tell an administrator if it persists.", null),
        };
        if (status == 500)
        {
            log.LogError(exception, "Unhandled error for {Method} {Path}", http.Request.Method, http.Request.Path);
        }

        http.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// The fields System.Text.Json found missing ("JSON deserialization for type 'X' was missing required properties
    /// including: 'status', 'ownerId'."), as paths from the body's root: "status", "assign.teamId", "holidays[0].name".
    /// </summary>
    internal static List<string> MissingFields(JsonException json)
    {
        const string Marker = "was missing required properties including:";
        var at = json.Message.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return [];
        }

        var parent = FieldName(json.Path);
        return QuotedName().Matches(json.Message[(at + Marker.Length)..])
            .Select(m => m.Groups["name"].Value)
            .Select(n => parent is null ? n : $"{parent}.{n}")
            .ToList();
    }

    private static string Required(List<string> fields) => fields.Count == 1
        ? $"Field '{fields[0]}' is required."
        : $"Fields {string.Join(", ", fields.Select(f => $"'{f}'"))} are required.";

    [GeneratedRegex("'(?<name>[^']+)'")]
    private static partial Regex QuotedName();

    // Type and mapping failures name a field; syntax errors (a truncated body) do not.
    private static bool IsFieldError(JsonException json) =>
        json.InnerException is null or InvalidOperationException or FormatException && json.Path is { Length: > 1 }
        && (json.Message.Contains("could not be", StringComparison.Ordinal) || json.Message.Contains("is not one of", StringComparison.Ordinal)
            || json.Message.Contains("Expected a string", StringComparison.Ordinal));

    internal static string Message(JsonException json)
    {
        const string WrongType = "The JSON value could not be converted to ";
        var message = json.Message.Split(" Path:", 2)[0];
        return message.StartsWith(WrongType, StringComparison.Ordinal)
            ? $"The value has the wrong type for this field: {Expected(message[WrongType.Length..].TrimEnd('.'), json.Path)} is expected."
            : message.StartsWith("The JSON property", StringComparison.Ordinal) ? "This field is not part of the request." : message;
    }

    /// <summary>
    /// What the field at <paramref name="path"/> is in JSON, as a caller would say it ("an object" rather than a type
    /// name). System.Text.Json names the type it was converting; for a property of a record it names the record, so
    /// the property the path ends in is looked up on it.
    /// </summary>
    internal static string Expected(string typeName, string? path)
    {
        if ((Type.GetType(typeName) ?? typeof(ProblemSetup).Assembly.GetType(typeName)) is not { } type)
        {
            return "another type";
        }

        var field = path?[(path.LastIndexOf('.') + 1)..];
        if (field is { Length: > 0 } && !field.Contains('[', StringComparison.Ordinal)
            && type.GetProperty(field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } property)
        {
            type = property.PropertyType;
        }

        return Describe(type);
    }

    private static string Describe(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return $"{Describe(inner)} or null";
        }

        return type switch
        {
            _ when type == typeof(string) => "a string",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => "a whole number",
            _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(Guid) => "an id (a UUID string)",
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "a date and time (an ISO 8601 string)",
            _ when type == typeof(DateOnly) => "a date (yyyy-mm-dd)",
            _ when type == typeof(TimeOnly) || type == typeof(TimeSpan) => "a time (hh:mm)",
            { IsEnum: true } => "one of the field's names (a string)",
            _ when typeof(System.Collections.IDictionary).IsAssignableFrom(type) => "an object",
            _ when typeof(System.Collections.IEnumerable).IsAssignableFrom(type) => "an array",
            _ => "an object",
        };
    }

    private static string Explain(JsonException json)
    {
        var field = FieldName(json.Path);
        var message = Message(json);
        return field is null ? message : $"Field '{field}': {message}";
    }

    private static Dictionary<string, string[]>? FieldError(JsonException json)
    {
        var field = FieldName(json.Path);
        return field is null ? null : new() { [field] = [Message(json)] };
    }

    private static string? FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.TrimStart('$', '.');
}
