using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Channels.Letters;

/// <summary>
/// Where a letter goes: the customer's postal address, a contact point of type Postal (the first one added, when there
/// are several). Stored as typed, lines separated by new lines (or by commas when typed on one line); printed one line each.
/// </summary>
public static class LetterAddresses
{
    public static IReadOnlyList<string>? Of(Customer customer) =>
        customer.ContactPoints.Where(p => p.Type == ContactPointType.Postal).OrderBy(p => p.Id).Select(p => Lines(p.Value)).FirstOrDefault(l => l.Count > 0);

    /// <summary>One line per line typed; commas separate lines only in an address typed on one line ("Flat 2, 10 High St" stays whole otherwise).</summary>
    public static IReadOnlyList<string> Lines(string? address)
    {
        var text = address ?? "";
        char[] separators = text.Contains('\n') || text.Contains('\r') ? ['\n', '\r'] : [','];
        return text.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static string OneLine(IEnumerable<string> lines) => string.Join(", ", lines);

    /// <summary>The refusal when there is nowhere to post to, naming the field to fill in and where.</summary>
    public static InvalidInputException Missing(string customerName) => new("postalAddress",
        $"{customerName} has no postal address, so this letter cannot be printed or posted. Add one to their contact points (type \"Postal address\") first.");
}

/// <summary>What the printable page of one outbound letter shows.</summary>
public sealed record LetterSheet(string SenderName, IReadOnlyList<string> SenderAddress, string RecipientName, IReadOnlyList<string> RecipientAddress,
    DateOnly Date, string? Reference, string Text, bool LargePrint, string Language, Guid ConversationId, Guid LetterId, DateTime? PostedAt);
