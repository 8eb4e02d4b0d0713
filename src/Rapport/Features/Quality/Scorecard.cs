using Rapport.Features.Audit;
using Rapport.Features.Competence;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Quality;

/// <summary>
/// What a quality review scores (C26): weighted items built from the behaviours of standard 000 (B1–B10) and, for
/// complaints, the LAST steps of 003. Supervisors and administrators change the items and weights; a review keeps a
/// copy of each item's wording and weight as they were, so changing the scorecard never rewrites a past score.
/// </summary>
public sealed class Scorecard : IAudited
{
    public const int NameMaxLength = 100;
    public const int MaxItems = 40;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Name { get; private set; } = "";
    /// <summary>The scorecard a review uses when it names none (the oldest default, if several were saved as such).</summary>
    public bool IsDefault { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public List<ScorecardItem> Items { get; private set; } = [];

    public string AuditSubjectType => "scorecard";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "scorecard";

    /// <summary>The default scorecard: B1–B10 weighted 1 (empathy, B8, weighted 2), then Listen, Apologise, Solve and Thank for complaints.</summary>
    public static Scorecard FromStandards(DateTime now)
    {
        var items = StandardCriteria.Behaviours000.Select((text, i) => new ScorecardItemRequest($"000-B{i + 1}", text, i == 7 ? 2 : 1, false))
            .Concat([
                new ScorecardItemRequest("003-L", "Listen: let the customer explain the complaint in their own words, and confirm it", 1, true),
                new ScorecardItemRequest("003-A", "Apologise: apologise sincerely, in the organisation's words", 1, true),
                new ScorecardItemRequest("003-S", "Solve: agree a solution that satisfies the customer within the organisation's policy", 1, true),
                new ScorecardItemRequest("003-T", "Thank: thank the customer for raising the complaint, and follow up", 1, true),
            ]).ToList();
        var card = new Scorecard();
        card.Set("Behaviours (standard 000) and LAST (003)", true, items, now);
        return card;
    }

    public void ClearDefault() => IsDefault = false;

    public void Set(string? name, bool isDefault, IReadOnlyList<ScorecardItemRequest>? items, DateTime now)
    {
        var n = name?.Trim() ?? "";
        Name = n.Length is > 0 and <= NameMaxLength ? n : throw new InvalidInputException("name", $"Name the scorecard (1 to {NameMaxLength} characters).");
        if (items is not { Count: > 0 and <= MaxItems })
        {
            throw new InvalidInputException("items", $"A scorecard has 1 to {MaxItems} items.");
        }

        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var made = new List<ScorecardItem>();
        foreach (var (item, i) in items.Select((x, i) => (x, i)))
        {
            if (item is null)
            {
                throw new InvalidInputException($"items[{i}]", "Each item is an object with a key, a label and a weight, not null.");
            }

            var key = item.Key?.Trim() ?? "";
            if (key.Length is 0 or > ScorecardItem.KeyMaxLength || !keys.Add(key))
            {
                throw new InvalidInputException($"items[{i}].key", $"Each item has its own key of 1 to {ScorecardItem.KeyMaxLength} characters.");
            }

            var label = item.Label?.Trim() ?? "";
            if (label.Length is 0 or > ScorecardItem.LabelMaxLength)
            {
                throw new InvalidInputException($"items[{i}].label", $"Say what the item looks for (1 to {ScorecardItem.LabelMaxLength} characters).");
            }

            if (item.Weight is < 1 or > 10)
            {
                throw new InvalidInputException($"items[{i}].weight", "A weight is a whole number from 1 to 10.");
            }

            made.Add(new ScorecardItem { ScorecardId = Id, Key = key, Label = label, Weight = item.Weight, Position = i, ComplaintsOnly = item.ComplaintsOnly });
        }

        Items = made;
        IsDefault = isDefault;
        UpdatedAt = now;
    }
}

/// <summary>One thing a review scores, with its weight in the overall score. Complaint-only items are n/a on other interactions.</summary>
public sealed class ScorecardItem
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public const int KeyMaxLength = 40;
    public const int LabelMaxLength = 500;

    public Guid ScorecardId { get; init; }
    public string Key { get; init; } = "";
    public string Label { get; init; } = "";
    public int Weight { get; init; }
    public int Position { get; init; }
    public bool ComplaintsOnly { get; init; }
}
