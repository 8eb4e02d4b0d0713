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

    /// <summary>The worst case for the composer: about 2,000 characters in which every sentence is an undertaking with a time.</summary>
    private const string AllPromises = """
        I'll call you back tomorrow morning with the new pick-up time. We will refund the transfer fee within 5 working days.
        Our duty manager will ring you at half four today about the noise. The porter will bring your cases up within the hour.
        I will email you the revised invoice by the end of the day. Housekeeping will have the room ready by 2pm.
        Our Lisbon office will confirm the transfer times by Friday. I'll get back to you on the 20th with the quote.
        The credit will be applied to your account next working day. We'll send the replacement on Monday 30 November.
        I'll check with the supplier and come back to you the day after tomorrow. Reception will hold the keys until 6pm.
        Our claims team will be in touch within 3–5 working days. I will phone you at 5 to confirm the table for four.
        The refund of £80 will be issued by Thursday. A member of our team will collect the sofa on Tuesday 1 December.
        I'll update you tomorrow afternoon once the airline replies. We will post the voucher to you this week.
        The engineer will visit on Wednesday between 8am and noon. I'll text you the code tonight.
        Our finance team will confirm the amount before close of business tomorrow. I'll ring you back in twenty minutes.
        We will hold the room for you until noon on Saturday. The concierge will book the taxi for 7.30am tomorrow.
        I'll let you know by Friday whether the upgrade can be confirmed. Our driver will be waiting in arrivals at 9.15.
        The store manager will call you on Monday morning to arrange a refund. We'll email the tickets to you within 24 hours.
        Your deposit will be returned to your card within ten working days. I will chase the warehouse and reply by 4pm.
        Our returns team will arrange a courier for Thursday the 3rd. I'll personally confirm the booking first thing tomorrow.
        The chef will prepare a gluten-free menu for your visit on the 12th. We will write to you within 8 weeks with our answer.
        """;

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private readonly PromiseContext context = new(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero), London,
        BusinessCalendar.Weekdays(London, OpeningInterval.Parse("09:00-17:30")));

    [Benchmark]
    public int DetectInAReplyWithTwoPromises() => PromiseDetector.Detect(Reply, context).Count;

    [Benchmark]
    public int DetectInTwoThousandCharactersOfPromises() => PromiseDetector.Detect(AllPromises, context).Count;

    [Benchmark]
    public int DetectInAReplyWithoutPromises() => PromiseDetector.Detect(NoPromise, context).Count;
}
