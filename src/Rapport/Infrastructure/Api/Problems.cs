using Microsoft.AspNetCore.Http.HttpResults;

namespace Rapport.Infrastructure.Api;

/// <summary>The RFC 9457 problem responses the API uses, in one place so they read the same everywhere.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what, object id) => TypedResults.Problem(
        title: $"The {what} was not found.", detail: $"No {what} has the id '{id}'.",
        statusCode: StatusCodes.Status404NotFound, type: "https://rapport.dev/problems/not-found");

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            title: "One or more fields are invalid.", type: "https://rapport.dev/problems/validation");

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "One or more fields are invalid.",
            type: "https://rapport.dev/problems/validation");

    public static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(
        title: "The request conflicts with the current state.", detail: detail,
        statusCode: StatusCodes.Status409Conflict, type: "https://rapport.dev/problems/conflict");

    /// <summary>413: the named field's content is over a size limit; <paramref name="limit"/> says what is allowed.</summary>
    public static ProblemHttpResult TooLarge(string field, string detail, string limit) => TypedResults.Problem(
        title: "This file is too large.", detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge,
        type: "https://rapport.dev/problems/invalid-input",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [limit] } });

    public static ProblemHttpResult PreconditionFailed() => TypedResults.Problem(
        title: "The record has changed since you read it.",
        detail: "Another change was saved after the version named in If-Match. Read the record again and reapply your change.",
        statusCode: StatusCodes.Status412PreconditionFailed, type: "https://rapport.dev/problems/stale-write");
}
