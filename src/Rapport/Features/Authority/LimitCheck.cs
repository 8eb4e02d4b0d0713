namespace Rapport.Features.Authority;

/// <summary>The limit that applies to one person for one action, and where it comes from.</summary>
public sealed record EffectiveLimit(AuthorityActionType Action, string Currency, decimal Amount, bool Allowed, string Source)
{
    /// <summary>Within the limit: the same currency (no exchange) and at most the amount; or an allowed exception.</summary>
    public bool Covers(decimal? amount, string? currency) => Action.IsMonetary()
        ? amount is { } a && string.Equals(currency, Currency, StringComparison.Ordinal) && a <= Amount
        : Allowed;

    public string Describe() => Action.IsMonetary()
        ? Amount > 0 ? $"up to {Currencies.Format(Amount, Currency)}" : $"none in {Currency}"
        : Allowed ? "allowed" : "not allowed";
}

/// <summary>
/// Works out a person's limits from their own limits and their roles' (C15). A user's own limit for an action and currency
/// replaces their roles' limits for it (higher or lower); with several roles the most generous role limit applies. No
/// limit at all is a limit of zero: not allowed. Pure, so the rules are tested without a database.
/// </summary>
public static class LimitCheck
{
    public static EffectiveLimit For(IEnumerable<AuthorityLimit> limits, Guid userId, IReadOnlyCollection<string> roles,
        AuthorityActionType action, string? currency)
    {
        var code = action.IsMonetary() ? currency ?? "" : "";
        var relevant = limits.Where(l => l.Action == action && l.Currency == code).ToList();
        if (relevant.FirstOrDefault(l => l.UserId == userId) is { } own)
        {
            return new EffectiveLimit(action, code, own.Amount, own.Allowed, "your own limit");
        }

        var best = relevant.Where(l => l.Role is not null && roles.Contains(l.Role))
            .OrderByDescending(l => l.Allowed).ThenByDescending(l => l.Amount).FirstOrDefault();
        return best is null
            ? new EffectiveLimit(action, code, 0, false, "no limit set")
            : new EffectiveLimit(action, code, best.Amount, best.Allowed, $"the {best.Role} limit");
    }

    public static bool Covers(IEnumerable<AuthorityLimit> limits, Guid userId, IReadOnlyCollection<string> roles,
        AuthorityActionType action, decimal? amount, string? currency) =>
        For(limits, userId, roles, action, currency).Covers(amount, currency);

    /// <summary>Every limit of one person: one per action and currency that any of their limits mentions.</summary>
    public static IReadOnlyList<EffectiveLimit> All(IReadOnlyCollection<AuthorityLimit> limits, Guid userId, IReadOnlyCollection<string> roles) =>
        limits.Where(l => l.UserId == userId || (l.Role is not null && roles.Contains(l.Role)))
            .Select(l => (l.Action, l.Currency)).Distinct()
            .Select(k => For(limits, userId, roles, k.Action, k.Currency))
            .OrderBy(l => l.Action).ThenBy(l => l.Currency, StringComparer.Ordinal).ToList();
}
