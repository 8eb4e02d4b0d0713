using Rapport.Features.ServiceStandards;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Promises;

/// <summary>
/// The promises in a reply being written, with due times read relative to now in the customer's time zone and the
/// organisation's business hours. Customers carry no time zone yet, so the organisation calendar's zone stands in.
/// </summary>
public sealed class PromiseProposals(RapportDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<DetectedPromiseDto>> ProposeAsync(string text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var calendar = await OrganisationCalendar.LoadAsync(db, ct);
        var zone = calendar.TimeZone;
        return PromiseDetector.Detect(text, new PromiseContext(time.GetUtcNow(), zone, calendar))
            .Select(c => new DetectedPromiseDto(c.Sentence, c.Start, c.What, c.Due, c.DueText, c.Language, zone.Id, c.Condition))
            .ToList();
    }
}
