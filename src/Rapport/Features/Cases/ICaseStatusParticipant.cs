namespace Rapport.Features.Cases;

/// <summary>
/// A feature with its own rules about a case's status (a complaint is not resolved before its follow-up). Called after
/// the case moved and before it is saved, in the same unit of work: throwing an <c>InvalidInputException</c> naming
/// <c>status</c> refuses the move, and changes it makes are saved with the case.
/// </summary>
public interface ICaseStatusParticipant
{
    Task OnStatusChangingAsync(Case moved, CaseStatus from, CancellationToken ct);
}
