namespace Rapport.Features.Templates;

/// <summary>One placeholder a template may use, what it holds and an example (shown on the page and in the API guide).</summary>
public sealed record TemplatePlaceholder(string Path, string Meaning, string Example);

/// <summary>
/// The closed set of placeholders. A template naming anything else is refused on save, so a typo never reaches a customer
/// as an empty gap. A placeholder with nothing to say for this reply (no case, no open promise) renders as empty text.
/// </summary>
public static class TemplatePlaceholders
{
    public static readonly IReadOnlyList<TemplatePlaceholder> All =
    [
        new("customer.name", "The customer's full name, or the organisation's name.", "Ada Lovelace"),
        new("customer.first_name", "A person's first name; an organisation's name.", "Ada"),
        new("customer.preferred_name", "The name to greet the customer by: a person's first name, an organisation's name.", "Ada"),
        new("customer.since", "The month the customer has been with us since, in their language.", "January 2023"),
        new("customer.tenure", "How long the customer has been with us.", "3 years 1 month"),
        new("case.number", "The case reference.", "C-000042"),
        new("case.title", "The case title.", "Refund for order 1234"),
        new("promise.due", "When the next open promise to the customer is due, in their language and the organisation's time zone.", "Friday 4 December at 17:00"),
        new("promise.what", "What the next open promise undertakes.", "call you back with the refund status"),
        new("agent.name", "The name of the member of staff writing.", "Sam Carter"),
        new("agent.first_name", "Their first name.", "Sam"),
        new("organisation.name", "The organisation's name.", "Rapport demo"),
        new("delay.new_time", "For delay explanations: the new time the customer can expect, in their terms.", "Monday 7 December at 17:30"),
        new("delay.reason", "For delay explanations: a marker the agent replaces with the reason before sending.", "[say why]"),
        new("referral.to", "For referrals: the colleague's first name or the team's name.", "Billing"),
        new("referral.to_team", "For referrals: true when the referral is to a team (use it in {% if %}).", "true"),
        new("channel.from", "For channel switches: the channel the conversation leaves, in words (chat, call, email, text messages).", "chat"),
        new("channel.to", "For channel switches: the channel it continues on, in words (email, text message, WhatsApp).", "email"),
    ];

    public static readonly IReadOnlySet<string> Paths = All.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);

    /// <summary>The top-level names (customer, case…) the placeholders live under.</summary>
    public static readonly IReadOnlySet<string> Roots = All.Select(p => p.Path.Split('.')[0]).ToHashSet(StringComparer.Ordinal);
}
