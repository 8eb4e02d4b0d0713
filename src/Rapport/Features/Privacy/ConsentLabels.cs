namespace Rapport.Features.Privacy;

/// <summary>Plain words for the ledger's values, shared by the page, the composer and refusal reasons.</summary>
public static class ConsentLabels
{
    public static string Purpose(ConsentPurpose purpose) => purpose switch
    {
        ConsentPurpose.Marketing => "Marketing",
        ConsentPurpose.Surveys => "Surveys and feedback",
        ConsentPurpose.CallRecording => "Call recording and monitoring",
        ConsentPurpose.SpecialCategoryData => "Special-category data (health, accessibility)",
        _ => purpose.ToString(),
    };

    public static string Channel(ConsentChannel channel) => channel switch
    {
        ConsentChannel.All => "all channels",
        ConsentChannel.Sms => "SMS",
        ConsentChannel.Messaging => "messaging apps and chat",
        _ => channel.ToString().ToLowerInvariant(),
    };

    public static string Basis(LawfulBasis basis) => basis switch
    {
        LawfulBasis.Consent => "Consent",
        LawfulBasis.Contract => "Contract",
        LawfulBasis.LegalObligation => "Legal obligation",
        LawfulBasis.VitalInterests => "Vital interests",
        LawfulBasis.PublicTask => "Public task",
        LawfulBasis.LegitimateInterests => "Legitimate interests",
        _ => basis.ToString(),
    };

    public static string Decision(ConsentDecision decision) => decision switch
    {
        ConsentDecision.Given => "Given",
        ConsentDecision.Withdrawn => "Withdrawn",
        ConsentDecision.Refused => "Refused",
        _ => decision.ToString(),
    };

    public static string Source(ConsentSource source) => source switch
    {
        ConsentSource.Form => "a form",
        ConsentSource.Call => "a call",
        ConsentSource.Email => "an email",
        ConsentSource.Chat => "a chat",
        ConsentSource.Import => "an import",
        ConsentSource.Agent => "an agent",
        _ => source.ToString(),
    };
}
