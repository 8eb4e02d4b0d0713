using Rapport.Features.Audit;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Authority;

/// <summary>
/// How far a role, or one member of staff, may go without asking (C15): up to an amount of one currency for a refund,
/// compensation, goodwill gesture or discount, or whether they may grant a policy exception. A user's own limit for an
/// action and currency replaces their role's. No limit means not allowed.
/// </summary>
public sealed class AuthorityLimit : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The role the limit applies to, or null for a user's own limit.</summary>
    public string? Role { get; private init; }
    public Guid? UserId { get; private init; }
    public AuthorityActionType Action { get; private init; }
    /// <summary>ISO 4217 code; empty for a policy exception, which has no amount.</summary>
    public string Currency { get; private init; } = "";
    /// <summary>The highest amount allowed (inclusive); zero for a policy exception.</summary>
    public decimal Amount { get; private set; }
    /// <summary>Whether a policy exception may be granted; always true for an amount.</summary>
    public bool Allowed { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public string AuditSubjectType => "authorityLimit";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "authorityLimit";

    /// <summary>The holder as one key, so a role's and a user's limits share one unique index.</summary>
    public string Holder { get; private init; } = "";

    public static string HolderOf(string? role, Guid? userId) => userId is { } u ? $"user:{u:N}" : $"role:{role}";

    public static AuthorityLimit ForRole(string role, AuthorityActionType action, string? currency, decimal? amount, bool? allowed, DateTime now)
    {
        var canonical = Roles.Canonical(role) is { } r && Roles.All.Contains(r)
            ? r
            : throw new InvalidInputException("role", $"'{role}' is not a role of people. Roles: {string.Join(", ", Roles.All)}.");
        return Create(canonical, null, action, currency, amount, allowed, now);
    }

    public static AuthorityLimit ForUser(Guid userId, AuthorityActionType action, string? currency, decimal? amount, bool? allowed, DateTime now) =>
        Create(null, userId, action, currency, amount, allowed, now);

    /// <summary>The key a new limit would have, so an existing one can be changed in place.</summary>
    public static (AuthorityActionType Action, string Currency) KeyOf(AuthorityActionType action, string? currency)
    {
        if (!Enum.IsDefined(action))
        {
            throw new InvalidInputException("type", "Unknown action type.");
        }

        return (action, action.IsMonetary() ? Currencies.Require(currency, "currency") : "");
    }

    public void Change(decimal? amount, bool? allowed, DateTime now)
    {
        if (Action.IsMonetary())
        {
            Amount = Currencies.RequireAmount(amount, "amount", allowZero: true);
            Allowed = true;
        }
        else
        {
            Allowed = allowed ?? throw new InvalidInputException("allowed", "Say whether policy exceptions are allowed (true or false).");
            Amount = 0;
        }

        UpdatedAt = now;
    }

    private static AuthorityLimit Create(string? role, Guid? userId, AuthorityActionType action, string? currency, decimal? amount, bool? allowed,
        DateTime now)
    {
        var (type, code) = KeyOf(action, currency);
        var limit = new AuthorityLimit { Role = role, UserId = userId, Holder = HolderOf(role, userId), Action = type, Currency = code };
        limit.Change(amount, allowed, now);
        return limit;
    }
}
