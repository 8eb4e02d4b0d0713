using BenchmarkDotNet.Attributes;
using Rapport.Features.Coach;
using Rapport.Features.Customers;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;

namespace Rapport.Bench;

/// <summary>The composer checks the draft on every typing pause: every check on a 2,000-character reply must stay well under a keystroke.</summary>
[MemoryDiagnoser]
public class CoachBenchmarks
{
    /// <summary>A long complaint reply with jargon, a promise without a date, and no check of understanding.</summary>
    public const string Draft = """
        Hello,

        Thank you for explaining what happened on your trip to Lisbon. I understand that your transfer from the airport never arrived,
        that you waited over an hour at arrivals with two tired children, and that you then had to pay 80 euros for a taxi to the hotel.
        I have checked your PNR and the booking with our transfer partner, and I can see that the driver was given the wrong flight number,
        which is our mistake and not something you could have known about. When you reached the hotel, you were also told that the
        sea-view room you had booked was not available, and the rack rate for the upgrade they offered was far higher than what you paid.
        The hotel has confirmed that the room was released because of an overbooking on their side, and the ETA they gave you for a
        room change the next morning was not kept either. I have asked the hotel manager for a full written account of what happened.
        I will refund the taxi fare of 80 euros in full, and we will also credit the difference between the room you booked and the room
        you stayed in. The refund will be processed as soon as our finance team has approved it, and I'll get back to you with the amount.
        For your return journey on Saturday, I have arranged a private transfer from the hotel to the airport at no extra cost; the driver
        will wait in the lobby from 7.30am and will have a sign with your name on it. Your pre-authorisation at the hotel will be released
        when you check out. If your flight changes for any reason, the transfer company will track it and adjust the pick-up time.
        I have also added a note to your booking so that anyone you speak to here knows the full story and does not ask you to repeat it.
        Your feedback about the welcome pack and the broken safe in the room has been passed to the hotel, and the manager has promised
        to look at both before your next visit. The complimentary dinner voucher for the harbour restaurant is attached to this email.
        The voucher is valid for twelve months from today.

        Kind regards,
        Sam
        """;

    private const string Inbound = "I am still waiting for an answer about the transfer that never turned up. We had to pay for a taxi and the hotel gave our room away. This is unacceptable.";

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private readonly CoachContext context = new("Grace Okafor", true, TechnicalAwareness.Unaware, "en-GB", Inbound, true,
        new PromiseContext(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero), London, BusinessCalendar.Weekdays(London, OpeningInterval.Parse("09:00-17:30"))),
        Glossary.Default);

    [Benchmark]
    public int AllChecksOnA2000CharacterDraft() => DraftCoach.Check(Draft, context).Count;

    [Benchmark]
    public bool SentimentOfTheInboundMessage() => InboundSentiment.Read(Inbound).Upset;

    [Benchmark]
    public bool SentimentOfA2000CharacterInboundMessage() => InboundSentiment.Read(LongInbound).Upset;

    /// <summary>A long customer email: facts, a repeated contact, politeness, a worry and a threat, without many emotional words.</summary>
    public const string LongInbound = """
        Dear Sir or Madam,

        I hope you are well. I am writing about booking RPT-48213 for two adults, a family room at the Harbour View hotel in Porto
        from the 12th to the 19th, which I paid for in full on the 3rd of October. On the 2nd of November I was charged a second
        time for the same amount, 1,284 euros, and my bank has confirmed that both payments went through to your company. I sent
        you an email about it that day, a second one on the 9th, and I called your contact centre on the 16th, when the agent told
        me that someone from the accounts team would call me back within 48 hours. Nobody called. This is now the fourth time I am
        asking about the same thing, and each time I have had to explain everything again from the beginning.

        I would also like to point out that the confirmation you sent me last week shows a twin room instead of the family room I
        booked, and only one night of the airport transfer instead of both ways. Our flight leaves on Thursday morning and I still
        do not have the transfer vouchers or the corrected confirmation, so I honestly do not know whether we have a room at all
        or how we are supposed to get from the airport to the hotel with our luggage and a pushchair.

        I have always booked with you and recommended you to friends and colleagues, so I would really rather sort this out with
        you directly. However, if the duplicate payment has not been refunded by Friday, I will ask my bank to raise a chargeback
        and I will write a review describing what has happened, and I will think twice before booking with you again.

        Could you please confirm, in writing, that the second payment will be refunded and when, send me the corrected confirmation
        for the family room with the transfers both ways, and give me a name and a direct number I can use if there is anything else
        I need to ask before we travel? I would be grateful for a reply today if at all possible. Thank you in advance for your help,
        and for reading such a long message.

        Kind regards,
        Helen Marsh
        """;
}
