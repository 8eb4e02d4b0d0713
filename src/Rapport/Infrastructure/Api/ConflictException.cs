namespace Rapport.Infrastructure.Api;

/// <summary>
/// A request that is well-formed but cannot be carried out in the record's current state (a write to an erased customer,
/// an erasure under legal hold). Thrown by services so the API, the UI and the CLI say the same; the API answers 409.
/// </summary>
public sealed class ConflictException(string message) : Exception(message);
