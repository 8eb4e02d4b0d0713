namespace Rapport.Infrastructure.Api;

/// <summary>
/// Input that breaks a business rule (an invalid phone number, a merge into itself). Thrown by services so the API,
/// the UI and the CLI report the same message; the API turns it into a 400 problem naming the field.
/// </summary>
public sealed class InvalidInputException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;

    public IDictionary<string, string[]> Errors => new Dictionary<string, string[]> { [Field] = [Message] };
}
