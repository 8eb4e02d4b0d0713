using System.Text.RegularExpressions;
using Rapport.Features.Promises;

namespace Rapport.Features.Coach;

/// <summary>
/// Standard 003 (the LAST principle): a reply on an open complaint should show it <b>L</b>istened (says back what
/// happened: "I understand that your room…", "you mentioned…"), <b>A</b>pologised, offers to <b>S</b>olve (a promise, a
/// refund, a replacement, an alternative, something already done) and <b>T</b>hanks the customer. Fires only on a
/// complaint, listing the steps covered and missing; no mechanical fix.
/// </summary>
public static partial class LastStepsCheck
{
    public readonly record struct Steps(bool Listen, bool Apologise, bool Solve, bool Thank)
    {
        public bool All => Listen && Apologise && Solve && Thank;

        public IEnumerable<string> Covered() => Names().Where(n => n.On).Select(n => n.Name);

        public IEnumerable<string> Missing() => Names().Where(n => !n.On).Select(n => n.Name);

        private IEnumerable<(string Name, bool On)> Names() => [("Listen", Listen), ("Apologise", Apologise), ("Solve", Solve), ("Thank", Thank)];
    }

    public static Steps Read(string text, IReadOnlyList<PromiseCandidate> promises) =>
        new(Listen().IsMatch(text), EmpathyCheck.Apologises(text), promises.Count > 0 || Solve().IsMatch(text), Thank().IsMatch(text));

    public static IEnumerable<CoachSuggestion> Run(DraftParts draft, CoachContext context, IReadOnlyList<PromiseCandidate> promises)
    {
        if (!context.IsComplaint)
        {
            yield break;
        }

        var steps = Read(draft.Own, promises);
        if (steps.All)
        {
            yield break;
        }

        var covered = steps.Covered().ToList();
        yield return new CoachSuggestion(CoachChecks.Last, $"Complaint reply: add {string.Join(", ", steps.Missing())}",
            $"This conversation belongs to an open complaint. Listen, Apologise, Solve, Thank (standard 003): the reply covers {(covered.Count == 0 ? "none of them" : string.Join(", ", covered))}.",
            0, 0);
    }

    [GeneratedRegex(@"\b(?:I\s+(?:completely\s+|fully\s+)?(?:understand|can\s+see|see|note|gather|hear)\s+(?:that|from|you|your|the)|you(?:'ve|\s+have)\s+(?:told|explained|mentioned|said|described|let\s+(?:me|us)\s+know|had|been|waited|received)"
        + @"|you\s+(?:mentioned|explained|said|told\s+(?:me|us)|described|were\s+(?:given|told|charged|left|moved|kept)|had\s+to|waited|received|paid|ordered|booked|arrived)|thank\s+you\s+for\s+(?:explaining|setting\s+out|the\s+details|describing|taking\s+the\s+time\s+to\s+explain)"
        + @"|I(?:'ve|\s+have)\s+(?:read|looked\s+(?:into|at|through)|gone\s+through|listened|checked)|from\s+what\s+you|if\s+I\s+understand|so\s+(?:that\s+)?I\s+understand|(?:I\s+)?understand\s+(?:that|how)\s+your"
        + @"|je\s+comprends\s+que|vous\s+(?:m'|nous\s+)?(?:indiquez|signalez|expliquez|avez\s+(?:attendu|reçu|été))|j'ai\s+bien\s+(?:lu|noté|pris\s+note))", RegexOptions.IgnoreCase)]
    private static partial Regex Listen();

    [GeneratedRegex(@"\b(?:(?:I|we)(?:'ve|\s+have)\s+(?:now\s+|already\s+|just\s+)?(?:refunded|rebooked|arranged|issued|sent|booked|credited|processed|upgraded|replaced|cancelled|added|applied|reserved|moved|changed|fixed|reinstated|escalated|raised|ordered|dispatched|refunded|waived|removed|reversed|corrected|organised)"
        + @"|(?:has|have)\s+(?:now\s+)?been\s+(?:reversed|refunded|cancelled|credited|removed|waived|fixed|repaired|replaced|rebooked|resolved|corrected|paid)|(?:haven't|have\s+not|won't|will\s+not)\s+be(?:en)?\s+charged|\b[\w-]+\s+(?:will|'ll)\s+(?:call|contact|visit|deliver|repair|send|refund|replace|look\s+into|investigate|collect|fix)|refund|replacement|voucher|credit\s+note|compensation|rebook|repair|exchange|upgrade|discount|goodwill|reimburs\w+|what\s+I\s+can\s+(?:do|offer)|(?:I|we)(?:\s+can|\s+could|\s+would\s+like\s+to|'d\s+like\s+to)\s+(?:offer|arrange|refund|send|rebook|replace|book|move|give|waive|credit)|options?\b|alternatives?\b"
        + @"|rembours\w*|remplacement|renvoy\w+|bon\s+d'achat|geste\s+commercial|avoir\b|je\s+vous\s+propose|nous\s+vous\s+proposons)", RegexOptions.IgnoreCase)]
    private static partial Regex Solve();

    [GeneratedRegex(@"\b(?:thank\s+you|thanks|many\s+thanks|grateful|(?:I|we)\s+(?:really\s+)?appreciate\s+(?:you|your)|merci|je\s+vous\s+remercie|nous\s+vous\s+remercions)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Thank();
}
