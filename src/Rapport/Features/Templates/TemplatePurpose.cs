namespace Rapport.Features.Templates;

/// <summary>What a reply template is for; a reply asks for the best template of one purpose.</summary>
public enum TemplatePurpose { GreetingFirstContact, GreetingReturning, Closing, Delay, Referral, Apology, FollowUp, Free, Letter, ChannelSwitch }

public static class TemplatePurposes
{
    public static string Label(TemplatePurpose p) => p switch
    {
        TemplatePurpose.GreetingFirstContact => "Greeting (first contact)",
        TemplatePurpose.GreetingReturning => "Greeting (returning customer)",
        TemplatePurpose.Closing => "Closing",
        TemplatePurpose.Delay => "Delay explanation",
        TemplatePurpose.Referral => "Referral",
        TemplatePurpose.Apology => "Apology",
        TemplatePurpose.FollowUp => "Follow-up",
        TemplatePurpose.Letter => "Letter (printed and posted)",
        TemplatePurpose.ChannelSwitch => "Channel switch",
        _ => "Free",
    };
}
