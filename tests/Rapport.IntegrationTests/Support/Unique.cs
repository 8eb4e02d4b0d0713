namespace Rapport.IntegrationTests.Support;

/// <summary>
/// Unique text for test records, made of letters only: a run of 13 or more digits in a hexadecimal id passes the Luhn
/// check one time in ten and is then stored masked as a card number, so a test finding its record by that text would
/// fail now and then.
/// </summary>
public static class Unique
{
    public static string Letters() =>
        string.Concat(Guid.NewGuid().ToString("N").Select(c => char.IsAsciiDigit(c) ? (char)('g' + (c - '0')) : c));
}
