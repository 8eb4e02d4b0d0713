using Rapport.Infrastructure.Api;

namespace Rapport.Features.Complaints;

/// <summary>A complaint cause: its key (stored on complaints, never changes), its name, and whether it is retired (no longer offered).</summary>
public sealed record ComplaintCauseDto(string Key, string Name, bool Retired = false);

/// <summary>
/// The organisation's complaint causes and apology wording as they stand now (read from the database by
/// <see cref="ComplaintCatalogue"/> for each use, so a change is effective at once on every node). Retired causes still
/// name the complaints that have them; only the others are offered.
/// </summary>
public sealed class ComplaintCauses(IReadOnlyList<ComplaintCauseDto> all, string apology)
{
    /// <summary>What a new installation starts from when configuration names no causes.</summary>
    public static readonly string[] DefaultNames =
    [
        "Product or service quality", "Delay", "Billing or charges", "Staff attitude", "Information given", "Booking or order error",
        "Damage or loss", "Policy or terms", "Other",
    ];

    public const string DefaultApology =
        "I am sorry that this happened, and for the trouble it has caused you. Thank you for telling us; I will put it right.";

    /// <summary>Every cause, retired ones included, in the organisation's order.</summary>
    public IReadOnlyList<ComplaintCauseDto> All { get; } = all;

    /// <summary>The causes offered for a new complaint.</summary>
    public IReadOnlyList<ComplaintCauseDto> Offered { get; } = all.Where(c => !c.Retired).ToList();

    /// <summary>The wording agents start from when they apologise; what they actually said is what is recorded.</summary>
    public string Apology { get; } = apology;

    public string NameOf(string? key) => All.FirstOrDefault(c => c.Key == key)?.Name ?? key ?? "Not recorded";

    /// <summary>The key of an offered cause, given as its key or its name; else a 400 naming <paramref name="field"/> that lists them.</summary>
    public string Require(string? cause, string field)
    {
        var key = KeyFor(cause ?? "");
        return Offered.Any(c => c.Key == key)
            ? key
            : throw new InvalidInputException(field, $"Choose a cause from the organisation's list: {string.Join(", ", Offered.Select(c => c.Key))}.");
    }

    public static string KeyFor(string name) =>
        string.Join('-', new string(name.Trim().ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>How an apology or thanks reached the customer.</summary>
public static class ComplaintChannels
{
    public static readonly string[] All = ["email", "phone", "chat", "sms", "whatsapp", "messenger", "telegram", "letter", "in-person"];

    public static string Require(string? channel, string field)
    {
        var c = channel?.Trim().ToLowerInvariant() ?? "";
        return All.Contains(c) ? c : throw new InvalidInputException(field, $"Say how it was given: one of {string.Join(", ", All)}.");
    }
}
