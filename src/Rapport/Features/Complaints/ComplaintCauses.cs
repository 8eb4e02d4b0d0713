using Rapport.Infrastructure.Api;

namespace Rapport.Features.Complaints;

public sealed record ComplaintCauseDto(string Key, string Name);

/// <summary>
/// The organisation's list of complaint causes (Listen step), and its own apology wording to start from, set in
/// configuration (<c>Rapport:Complaints:Causes</c>, <c>Rapport:Complaints:Apology</c>; see the admin guide). A cause
/// is stored by its key, made from its name, so renaming a cause's capitals or spaces keeps its complaints counted.
/// </summary>
public sealed class ComplaintCauses
{
    public static readonly string[] DefaultNames =
    [
        "Product or service quality", "Delay", "Billing or charges", "Staff attitude", "Information given", "Booking or order error",
        "Damage or loss", "Policy or terms", "Other",
    ];

    public const string DefaultApology =
        "I am sorry that this happened, and for the trouble it has caused you. Thank you for telling us; I will put it right.";

    public ComplaintCauses(IReadOnlyList<string> names, string apology)
    {
        All = names.Select(n => n.Trim()).Where(n => n.Length > 0)
            .Select(n => new ComplaintCauseDto(KeyFor(n), n)).Where(c => c.Key.Length > 0).DistinctBy(c => c.Key).ToList();
        if (All.Count == 0)
        {
            All = DefaultNames.Select(n => new ComplaintCauseDto(KeyFor(n), n)).ToList();
        }

        Apology = string.IsNullOrWhiteSpace(apology) ? DefaultApology : apology.Trim();
    }

    public IReadOnlyList<ComplaintCauseDto> All { get; }

    /// <summary>The wording agents start from when they apologise; what they actually said is what is recorded.</summary>
    public string Apology { get; }

    public static ComplaintCauses From(IConfiguration config) => new(
        config.GetSection("Rapport:Complaints:Causes").Get<string[]>() ?? DefaultNames,
        config["Rapport:Complaints:Apology"] ?? DefaultApology);

    public string NameOf(string? key) => All.FirstOrDefault(c => c.Key == key)?.Name ?? key ?? "Not recorded";

    /// <summary>The key of a known cause, given as its key or its name; else a 400 naming <paramref name="field"/> that lists them.</summary>
    public string Require(string? cause, string field)
    {
        var key = KeyFor(cause ?? "");
        return All.Any(c => c.Key == key)
            ? key
            : throw new InvalidInputException(field, $"Choose a cause from the organisation's list: {string.Join(", ", All.Select(c => c.Key))}.");
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
