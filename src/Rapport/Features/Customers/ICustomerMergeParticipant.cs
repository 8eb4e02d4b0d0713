namespace Rapport.Features.Customers;

/// <summary>
/// A feature that keeps records about customers (conversations, later cases and promises) and moves them to the
/// surviving record when two customers are merged. Called inside the merge's transaction.
/// </summary>
public interface ICustomerMergeParticipant
{
    Task OnMergedAsync(Guid survivorId, Guid duplicateId, CancellationToken ct);
}
