using BenchmarkDotNet.Attributes;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;

namespace Rapport.Bench;

/// <summary>The composer runs detection on the draft as the agent writes, so it must stay well under a keystroke.</summary>
[MemoryDiagnoser]
public class PromiseDetectionBenchmarks
{
    private const string Reply = """
        Hello Ms Patel,

        Thank you for your patience while I looked into this, and I'm sorry about the mix-up with your transfer.
        I called the hotel yesterday and they have confirmed the sea-view room for your stay.
        I'll call you back tomorrow morning with the new pick-up time. We will refund the transfer fee within 5 working days.
        Please send us a photo of your receipt so we can add the parking charge to the claim.

        Kind regards,
        Sam
        """;

    private const string NoPromise = """
        Hello Mr Jones,

        Thank you for getting in touch. Your booking reference is ABC123 and check-in opens at 3pm.
        Could you confirm the number of guests? Please let us know if you need anything else.
        """;

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private readonly PromiseContext context = new(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero), London,
        BusinessCalendar.Weekdays(London, OpeningInterval.Parse("09:00-17:30")));

    [Benchmark]
    public int DetectInAReplyWithTwoPromises() => PromiseDetector.Detect(Reply, context).Count;

    [Benchmark]
    public int DetectInAReplyWithoutPromises() => PromiseDetector.Detect(NoPromise, context).Count;
}
