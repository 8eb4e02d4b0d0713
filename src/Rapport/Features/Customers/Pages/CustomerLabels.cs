namespace Rapport.Features.Customers.Pages;

/// <summary>The words the agent UI uses for customer enums and profile flags.</summary>
public static class CustomerLabels
{
    public static string Kind(CustomerKind kind) => kind switch
    {
        CustomerKind.External => "External customer",
        CustomerKind.Colleague => "Colleague",
        CustomerKind.Supervisor => "Supervisor",
        CustomerKind.Department => "Department",
        CustomerKind.Contractor => "Contractor",
        CustomerKind.OtherCompany => "Other company",
        _ => kind.ToString(),
    };

    public static string Party(PartyType type) => type == PartyType.Organisation ? "Organisation" : "Person";

    public static string Channel(Channel channel) => channel switch
    {
        Customers.Channel.None => "No preference",
        Customers.Channel.Sms => "SMS",
        Customers.Channel.Chat => "Web chat",
        Customers.Channel.Social => "Social media",
        _ => channel.ToString(),
    };

    public static string Style(Formality style) => style switch
    {
        Formality.Formal => "Formal",
        Formality.Informal => "Informal",
        _ => "Not known",
    };

    public static string Technical(TechnicalAwareness awareness) => awareness switch
    {
        TechnicalAwareness.Aware => "Technically aware",
        TechnicalAwareness.Unaware => "Not technically aware — avoid jargon",
        _ => "Not known",
    };

    public static string ContactType(ContactPointType type) => type switch
    {
        ContactPointType.Email => "Email",
        ContactPointType.Phone => "Phone",
        ContactPointType.Social => "Social",
        ContactPointType.Postal => "Postal address",
        _ => type.ToString(),
    };

    public static string ValueLabel(ContactPointType type) => type switch
    {
        ContactPointType.Email => "Email address",
        ContactPointType.Phone => "Phone number",
        ContactPointType.Social => "Handle",
        _ => "Postal address",
    };

    public static string ContactIcon(ContactPointType type) => type switch
    {
        ContactPointType.Email => MudBlazor.Icons.Material.Filled.Email,
        ContactPointType.Phone => MudBlazor.Icons.Material.Filled.Phone,
        ContactPointType.Social => MudBlazor.Icons.Material.Filled.AlternateEmail,
        _ => MudBlazor.Icons.Material.Filled.Home,
    };

    /// <summary>The accessibility needs as the banner reads them, e.g. "Needs a relay service", "Large print".</summary>
    public static List<string> Needs(CommunicationProfileDto p)
    {
        var needs = new List<string>();
        if (p.NeedsRelayService) needs.Add("Needs a relay service");
        if (p.NeedsTranslator) needs.Add("Needs a translator");
        if (p.NeedsLargePrint) needs.Add("Large print");
        if (p.NeedsExtraTime) needs.Add("Extra time");
        if (!string.IsNullOrWhiteSpace(p.OtherAccessibilityNeeds)) needs.Add(p.OtherAccessibilityNeeds);
        return needs;
    }
}
