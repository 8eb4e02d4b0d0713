namespace Rapport.Features.Privacy;

/// <summary>What the customer's personal data is used for, each with its own consent or objection.</summary>
public enum ConsentPurpose
{
    /// <summary>Direct marketing (PECR): recorded per channel.</summary>
    Marketing,
    /// <summary>Satisfaction surveys and feedback requests after a case.</summary>
    Surveys,
    /// <summary>Recording or monitoring calls and sessions for quality and training.</summary>
    CallRecording,
    /// <summary>Special-category data (UK GDPR Art. 9), such as health or accessibility needs.</summary>
    SpecialCategoryData,
}

/// <summary>The channel an entry covers. <see cref="All"/> applies to every channel of its purpose.</summary>
public enum ConsentChannel { All, Email, Sms, Phone, Post, Messaging }

/// <summary>The lawful basis for processing (UK GDPR Art. 6(1) (a)–(f)).</summary>
public enum LawfulBasis { Consent, Contract, LegalObligation, VitalInterests, PublicTask, LegitimateInterests }

/// <summary>What the customer said: given, withdrawn (or objected, for legitimate interests) or refused when asked.</summary>
public enum ConsentDecision { Given, Withdrawn, Refused }

/// <summary>How the decision reached us.</summary>
public enum ConsentSource { Form, Call, Email, Chat, Import, Agent }
