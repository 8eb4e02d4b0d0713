using System.Globalization;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Authority;

/// <summary>What an agent may offer a customer on their own authority, up to a limit (C15).</summary>
public enum AuthorityActionType { Refund, Compensation, GoodwillGesture, Discount, PolicyException }

public static class AuthorityActionTypes
{
    public static readonly AuthorityActionType[] All = Enum.GetValues<AuthorityActionType>();

    /// <summary>A policy exception is allowed or not; every other action is an amount of money.</summary>
    public static bool IsMonetary(this AuthorityActionType type) => type != AuthorityActionType.PolicyException;

    public static string Label(this AuthorityActionType type) => type switch
    {
        AuthorityActionType.Refund => "Refund",
        AuthorityActionType.Compensation => "Compensation",
        AuthorityActionType.GoodwillGesture => "Goodwill gesture",
        AuthorityActionType.Discount => "Discount",
        AuthorityActionType.PolicyException => "Policy exception",
        _ => type.ToString(),
    };
}

/// <summary>ISO 4217 currency codes. Amounts in different currencies are never compared: there is no exchange rate.</summary>
public static class Currencies
{
    public const int MaxDecimals = 4;
    public const decimal MaxAmount = 1_000_000_000m;

    private static readonly HashSet<string> Known = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => TryRegion(c.Name)?.ISOCurrencySymbol).OfType<string>().Where(s => s.Length == 3)
        .Concat(["GBP", "EUR", "USD", "CHF", "JPY", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "INR", "CNY", "ZAR"])
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The code in upper case, or a 400 naming <paramref name="field"/>.</summary>
    public static string Require(string? code, string field)
    {
        var c = code?.Trim().ToUpperInvariant() ?? "";
        return c.Length == 3 && Known.Contains(c)
            ? c
            : throw new InvalidInputException(field, "An ISO 4217 currency code is needed, e.g. GBP, EUR or USD.");
    }

    /// <summary>A positive amount with at most <see cref="MaxDecimals"/> decimals, or a 400 naming <paramref name="field"/>.</summary>
    public static decimal RequireAmount(decimal? amount, string field, bool allowZero = false)
    {
        if (amount is not { } a || a < 0 || (a == 0 && !allowZero) || a > MaxAmount)
        {
            throw new InvalidInputException(field, allowZero ? "An amount of zero or more is needed." : "An amount greater than zero is needed.");
        }

        return a.Scale > MaxDecimals && decimal.Round(a, MaxDecimals) != a
            ? throw new InvalidInputException(field, $"An amount has at most {MaxDecimals} decimal places.")
            : a;
    }

    public static string Format(decimal amount, string currency) => $"{currency} {amount.ToString("#,##0.00##", CultureInfo.InvariantCulture)}";

    private static RegionInfo? TryRegion(string culture)
    {
        try
        {
            return new RegionInfo(culture);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
