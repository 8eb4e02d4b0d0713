using System.Text.RegularExpressions;
using Rapport.Features.Promises;

namespace Rapport.Features.Coach;

/// <summary>
/// Standard 000 B4 and 004 PC3–PC4 (communicate clearly, estimate and keep the customer informed): the reply says what
/// happens next — a promise by us (<see cref="PromiseDetector"/>), what the customer should do ("please reply with…",
/// "you can collect…"), or what will happen ("your refund will show in 3–5 days", "the next step is…"). No mechanical fix:
/// only the agent knows the next step.
/// </summary>
public static partial class NextStepCheck
{
    public static IEnumerable<CoachSuggestion> Run(DraftParts draft, CoachContext context, IReadOnlyList<PromiseCandidate> promises)
    {
        if (promises.Count > 0 || HasNextStep(draft.Own))
        {
            yield break;
        }

        var (at, _, _) = draft.BeforeSignOff();
        yield return new CoachSuggestion(CoachChecks.NextStep, "Say what happens next",
            "The reply makes no promise, asks the customer to do nothing and says nothing will happen: tell them who does what next, and when (standard 000 B4).",
            at, 0);
    }

    public static bool HasNextStep(string text) => NextStep().IsMatch(text);

    [GeneratedRegex(@"\b(?:next\s+steps?|what\s+happens\s+next|from\s+here|in\s+the\s+meantime|meanwhile"
        + @"|(?:please|kindly)\s+(?:could\s+you\s+)?(?:reply|send|call|ring|bring|keep|return|check|forward|pop|drop|take|fill|complete|upload|attach|use|show|book|visit|contact|confirm|allow|note|look|click|sign|log|let|provide|share|post|collect|come|arrive|go|pack|quote|have)"
        + @"|\bwho\s+(?:will|'ll)\s+\w+|\band\s+(?:will|'ll)\s+(?:update|call|contact|email|write|send|let|come|get|reply|confirm|ring|text)|(?:could|can|would)\s+you\s+(?:please\s+)?(?:try|send|reply|call|ring|confirm|let|check|forward|bring|share|provide|pop|take|return|post|upload|tell|give|email|text|come|pick|drop)"
        + @"|you\s+(?:can|could|may|'ll\s+be\s+able\s+to|will\s+be\s+able\s+to)\s+(?:now\s+|then\s+|also\s+|simply\s+|just\s+)?(?:try|pay|reply|call|ring|visit|book|collect|return|send|use|check|track|log|choose|pick|drop|bring|show|go|find|download|print|click|rebook|cancel|change|select|request|claim|exchange|come|arrive|expect)"
        + @"|(?:all\s+)?you\s+(?:need|have)\s+to\s+do|you(?:'ll|\s+will)\s+need\s+to|(?:simply|just)\s+(?:reply|call|click|bring|show|return|send|pop|drop|take|log|follow)"
        + @"|(?:it|this|they|these|that|the\s+[\w-]+(?:\s+[\w-]+)?|your\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:will|'ll|should)\s+(?:then\s+|now\s+|usually\s+|normally\s+)?(?:be|arrive|show|appear|reach|come|follow|take|land|go|reflect|clear|update)"
        + @"|\b[\w-]+\s+(?:will|'ll)\s+(?:bring|call|contact|email|write|send|deliver|collect|visit|come\s+(?:to|and|round)|ring|text|phone|be\s+in\s+touch)|(?:expect|look\s+out\s+for|keep\s+an\s+eye\s+(?:out\s+for|on))\s|(?:the|our)\s+\w+\s+(?:team\s+)?(?:will|is\s+going\s+to)\s+(?:contact|call|email|be\s+in\s+touch|deliver|collect)"
        + @"|prochaine\s+étape|merci\s+de\s+(?:nous\s+|me\s+)?(?:renvoyer|envoyer|répondre|rappeler|confirmer|transmettre|présenter|apporter)|vous\s+(?:pouvez|pourrez|recevrez|devrez)|veuillez)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NextStep();
}
