using System.Globalization;

namespace Rapport.Features.Channels.Telephone;

/// <summary>The one line that names a call on the timeline and in its conversation: kind, direction, outcome, length, consent.</summary>
public static class CallSummary
{
    public static string Of(CallRecord call)
    {
        var what = call.Kind == CallKind.Video
            ? call.Outcome == CallOutcome.Offered ? "Video meeting offered" : "Video meeting"
            : call.Direction == CallDirection.Inbound ? "Inbound call" : "Outbound call";
        var parts = new List<string> { what };
        if (call.Outcome != CallOutcome.Offered)
        {
            parts.Add(Outcome(call.Outcome));
        }

        if (call.DurationSeconds is { } seconds && seconds > 0)
        {
            parts.Add(Duration(seconds));
        }

        if (call.Consent is { } consent)
        {
            parts.Add($"recording consent: {Consent(consent)}");
        }

        if (call.Recording == RecordingState.AgainstRefusal)
        {
            parts.Add("recorded against refusal");
        }

        return string.Join(" · ", parts);
    }

    public static string Outcome(CallOutcome outcome) => outcome switch
    {
        CallOutcome.NoAnswer => "no answer",
        CallOutcome.InProgress => "in progress",
        _ => outcome.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    public static string Consent(ConsentAnswer answer) => answer switch
    {
        ConsentAnswer.Agreed => "agreed",
        ConsentAnswer.Refused => "refused",
        _ => "not asked",
    };

    public static string Duration(int seconds) =>
        seconds < 60 ? $"{seconds} s" : seconds < 3600 ? $"{seconds / 60} min {seconds % 60} s" : $"{seconds / 3600} h {seconds / 60 % 60} min";
}
