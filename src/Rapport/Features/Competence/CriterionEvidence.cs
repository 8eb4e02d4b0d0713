using static Rapport.Features.Competence.EvidenceKind;

namespace Rapport.Features.Competence;

/// <summary>
/// Which work evidences each criterion. A criterion with no entry, or whose kinds found nothing, is a gap: the portfolio
/// says so, for the assessor to look for evidence elsewhere (observation, a witness statement). Reviews count only for
/// the behaviours the criterion is about (000-B1 … 000-B10, LAST as 003-L/A/S/T), and only where the review said "met".
/// </summary>
public static class CriterionEvidence
{
    private static EvidenceNeed Reviews(string item) => new(QualityReviews, item);

    private static readonly EvidenceNeed Promises = new(PromisesKeptOnTime);
    private static readonly EvidenceNeed Referrals = new(ReferralsWithReasons);
    private static readonly EvidenceNeed Consent = new(ConsentAsked);
    private static readonly EvidenceNeed Complaints = new(ComplaintsResolvedWithFollowUp);
    private static readonly EvidenceNeed Channels = new(ChannelsUsed);
    private static readonly EvidenceNeed Informed = new(CustomersKeptInformed);
    private static readonly EvidenceNeed Requirements = new(RequirementsConfirmed);
    private static readonly EvidenceNeed Feedback = new(FeedbackActedOn);
    private static readonly EvidenceNeed ExtraMile = new(ExtraMileActions);
    private static readonly EvidenceNeed AddedValue = new(AddedValueGranted);

    public static readonly IReadOnlyDictionary<string, EvidenceNeed[]> Needs = new Dictionary<string, EvidenceNeed[]>
    {
        ["000-PC1"] = [Channels],
        ["000-PC2"] = [Reviews("000-B1")],
        ["000-PC3"] = [Consent],
        ["000-PC4"] = [Requirements, Reviews("000-B5")],
        ["000-PC5"] = [Reviews("000-B2"), Reviews("000-B9")],
        ["000-PC6"] = [Reviews("000-B4"), Reviews("000-B6")],
        ["000-PC7"] = [Reviews("000-B7")],
        ["000-PC8"] = [Channels],
        ["000-PC9"] = [Requirements, Reviews("000-B5")],
        ["000-PC10"] = [Informed],
        ["000-PC11"] = [Informed, Reviews("000-B7")],
        ["000-PC12"] = [Channels],
        ["000-PC13"] = [Reviews("000-B6")],
        ["000-PC14"] = [Referrals],
        ["000-PC15"] = [Promises],
        ["000-PC16"] = [Consent],
        ["000-PC17"] = [Consent, Requirements],
        ["001-PC1"] = [Reviews("000-B9")],
        ["001-PC2"] = [Channels, Reviews("000-B4")],
        ["001-PC3"] = [Complaints],
        ["001-PC4"] = [Informed],
        ["001-PC5"] = [Referrals],
        ["001-PC6"] = [Informed, Promises],
        ["002-PC1"] = [Channels],
        ["002-PC2"] = [Informed],
        ["002-PC3"] = [Reviews("000-B8")],
        ["002-PC4"] = [Promises],
        ["002-PC5"] = [Complaints],
        ["002-PC6"] = [Complaints],
        ["002-PC7"] = [Complaints],
        ["002-PC8"] = [Complaints],
        ["002-PC9"] = [Complaints, Promises],
        ["002-PC10"] = [Feedback, Reviews("000-B9"), ExtraMile],
        ["002-PC11"] = [Feedback, ExtraMile],
        ["002-PC12"] = [Feedback, ExtraMile, AddedValue],
        ["002-PC13"] = [Referrals],
        ["003-KC1"] = [Requirements],
        ["003-KC2"] = [Reviews("000-B4"), Reviews("000-B7")],
        ["003-KC3"] = [Complaints, Reviews("003-L"), Reviews("003-A"), Reviews("003-S"), Reviews("003-T")],
        ["003-KC4"] = [Informed, Promises],
        ["003-KC5"] = [Consent],
        ["004-PC1"] = [Reviews("000-B6")],
        ["004-PC2"] = [Reviews("000-B9")],
        ["004-PC3"] = [Promises],
        ["004-PC4"] = [Promises, Informed],
        ["004-PC5"] = [Complaints],
        ["004-PC6"] = [Complaints],
        ["004-PC7"] = [Complaints],
        ["004-PC8"] = [Complaints],
        ["004-PC9"] = [Referrals],
        ["004-PC10"] = [Reviews("000-B2"), ExtraMile],
        ["004-PC11"] = [Requirements],
        ["004-PC12"] = [Feedback],
        ["004-PC13"] = [Feedback],
        ["004-PC14"] = [Feedback, AddedValue],
        ["004-PC15"] = [Consent],
    };

    public static IReadOnlyList<EvidenceNeed> For(Criterion criterion) => Needs.TryGetValue(criterion.Id, out var needs) ? needs : [];
}
