namespace Rapport.Features.Promises;

/// <summary>
/// Where an undertaking stands. Open and renegotiated promises are still to be kept; kept and broken are final.
/// </summary>
public enum PromiseStatus
{
    Open,
    /// <summary>Still to be kept, by a new due time the customer agreed to.</summary>
    Renegotiated,
    Kept,
    Broken,
}
