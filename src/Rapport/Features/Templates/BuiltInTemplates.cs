using Rapport.Features.Customers;

namespace Rapport.Features.Templates;

/// <summary>
/// The texts Rapport wrote itself before templates, seeded as editable templates so behaviour is unchanged out of the
/// box: the delay explanation (C13), what the customer is told on a referral (C10), and the greetings for a returning
/// customer and a first contact (C3), the body of a printed letter, and what the customer is told when a conversation moves to another channel (C7).
/// </summary>
public static class BuiltInTemplates
{
    public static readonly Guid DelayId = new("0193a000-0000-7000-8000-00000000de1a");
    public static readonly Guid ReferralId = new("0193a000-0000-7000-8000-0000000a4e4f");
    public static readonly Guid GreetingReturningId = new("0193a000-0000-7000-8000-0000000b4e70");
    public static readonly Guid LetterId = new("0193a000-0000-7000-8000-0000001e77e5");
    public static readonly Guid GreetingFirstContactId = new("0193a000-0000-7000-8000-0000000f1257");
    public static readonly Guid ChannelSwitchId = new("0193a000-0000-7000-8000-0000000c5a17");
    public const string Language = "en-GB";
    public const string GreetingReturningName = "Greeting: returning customer";
    public const string GreetingFirstContactName = "Greeting: first contact";
    public const string LetterName = "Letter";

    public const string GreetingReturningBody = "Welcome back, {{ customer.first_name }}! Thank you for being with us since {{ customer.since }}.";

    public const string GreetingFirstContactBody = "Hello, and thank you for contacting {{ organisation.name }}.";

    public const string DelayBody =
        "Dear {{ customer.first_name }}, I am sorry that your case {{ case.number }} is taking longer than we hoped. {{ delay.reason }} We now expect to come back to you by {{ delay.new_time }}.";

    public const string ReferralBody =
        "I'm passing you to {% if referral.to_team %}our {{ referral.to }} team{% else %}my colleague {{ referral.to }}{% endif %} because they are best placed to help with this. They will be in touch with you shortly.";

    /// <summary>The body of a printed letter: the page adds the addresses, the date and the reference around it.</summary>
    public const string LetterBody = """
        Dear {{ customer.name }},

        Thank you for contacting {{ organisation.name }}.

        [Write your letter here.]

        Yours sincerely,

        {{ agent.name }}
        {{ organisation.name }}
        """;

    public const string ChannelSwitchName = "Channel switch";

    public const string ChannelSwitchBody =
        "Hello {{ customer.preferred_name }}, following your {{ channel.from }} with us, we're continuing here by {{ channel.to }}. You don't need to give your details again: just reply to this message. {{ agent.first_name }}, {{ organisation.name }}";

    private static readonly DateTime Seeded = new(2026, 12, 4, 0, 0, 0, DateTimeKind.Utc);

    public static ReplyTemplate[] All =>
    [
        Seed(DelayId, TemplatePurpose.Delay, "Delay explanation", DelayBody),
        Seed(ReferralId, TemplatePurpose.Referral, "Referral: passing the customer on", ReferralBody),
        Seed(GreetingReturningId, TemplatePurpose.GreetingReturning, GreetingReturningName, GreetingReturningBody),
        Seed(GreetingFirstContactId, TemplatePurpose.GreetingFirstContact, GreetingFirstContactName, GreetingFirstContactBody),
        ReplyTemplate.BuiltInText(LetterId, TemplatePurpose.Letter, Language, LetterName, LetterBody, Seeded, Channel.Letter),
        Seed(ChannelSwitchId, TemplatePurpose.ChannelSwitch, ChannelSwitchName, ChannelSwitchBody),
    ];

    private static ReplyTemplate Seed(Guid id, TemplatePurpose purpose, string name, string body) =>
        ReplyTemplate.BuiltInText(id, purpose, Language, name, body, Seeded);
}
