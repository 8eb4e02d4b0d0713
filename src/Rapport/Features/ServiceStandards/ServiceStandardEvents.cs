namespace Rapport.Features.ServiceStandards;

/// <summary>In-process signal that cases' service-standard clocks changed or were swept, so open "due soon" screens refresh.</summary>
public sealed class ServiceStandardEvents
{
    public event Action<IReadOnlyCollection<Guid>>? ClocksChanged;

    public void Changed(IReadOnlyCollection<Guid> caseIds)
    {
        if (caseIds.Count > 0)
        {
            ClocksChanged?.Invoke(caseIds);
        }
    }
}
