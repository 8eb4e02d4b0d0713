using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Knowledge;

/// <summary>
/// The demo travel company's knowledge base: customer-facing articles an agent can insert, one internal guide, one
/// article whose review is overdue (so the flag shows), and the housekeeping guide linked to the demo complaint.
/// </summary>
internal static class DemoKnowledge
{
    private sealed record Demo(string Title, string Answer, string Body, string? Includes, string? Limits, string? Alternatives, string? Times,
        KnowledgeAudience Audience, string Owner, int WrittenMonthsAgo = 1, int ReviewMonths = 6);

    private static readonly Demo[] Articles =
    [
        new("Late checkout",
            "You can keep your room until 2pm for £25, or until 6pm for half the nightly rate, subject to availability on the day. Just ask at reception or reply here and we will book it for you.",
            "## When guests ask\nOffer late checkout whenever the hotel has rooms free that night. Book it in the property system so housekeeping knows.\n\n" +
            "## Prices\n| Until | Price |\n|---|---|\n| 2pm | £25 |\n| 6pm | half the nightly rate |\n\nGold loyalty members get 2pm free.",
            "Room kept until the agreed time; luggage storage afterwards at no charge.",
            "Not confirmed more than 24 hours ahead; not available on Saturdays in July and August.",
            "Free luggage storage and use of the spa showers after checkout.",
            "Confirmed by reception by 10am on the day of departure.",
            KnowledgeAudience.Customer, "agent@rapport.demo"),
        new("Airport transfers",
            "We can book a private transfer from the airport to your hotel: £45 for up to 3 people, £60 for up to 7. Your driver waits with a name board in arrivals and tracks your flight, so a delay costs you nothing extra.",
            "Transfers are run by **Harbour Cars**. Book at least 48 hours before the flight lands.\n\n" +
            "- Give the flight number, not the landing time\n- Child seats on request\n\nSee the [supplier terms](https://example.com/harbour-cars-terms).",
            "Meet and greet in arrivals, up to 60 minutes' free waiting after landing, one suitcase and one bag per person.",
            "Bookings need 48 hours' notice; no transfers between 1am and 5am.",
            "A taxi voucher redeemable at the rank, or the airport shuttle bus (every 30 minutes, £8).",
            "Booking confirmed within 4 working hours; driver details sent the evening before.",
            KnowledgeAudience.Customer, "agent2@rapport.demo"),
        new("Pets at our hotels",
            "Well-behaved dogs are welcome at our Harbour and Hills hotels for £15 a night, in ground-floor dog-friendly rooms. Please tell us when you book so we can give you one of those rooms.",
            "Dogs only; assistance dogs are always welcome free of charge in any room and are not pets.\n\nCats and other animals cannot stay.",
            "Bed, bowls and a welcome treat; dog-friendly garden areas.",
            "At most 2 dogs per room; not allowed in the restaurant or spa.",
            "A list of local kennels within 5 miles, with the hotel's 10% discount.",
            null,
            KnowledgeAudience.Customer, "agent@rapport.demo"),
        new("Cancelling a package holiday",
            "You can cancel free of charge up to 42 days before departure; after that, the charge depends on how close to departure you cancel. I can tell you the exact amount for your booking and cancel it for you.",
            "## Charges\n| Days before departure | Charge |\n|---|---|\n| 42 or more | none (deposit returned) |\n| 41–28 | 30% |\n| 27–14 | 60% |\n| 13 or fewer | 100% |\n\n" +
            "Refunds go back to the card used, within 14 days. Travel insurance may cover the charge: suggest the customer checks their policy.",
            "Flights, accommodation and transfers booked together as one package.",
            "Flights booked separately follow the airline's rules; charges are per person.",
            "Change the dates instead (£50 per person, any time up to 14 days before departure), or transfer the booking to someone else for free.",
            "Cancellation confirmed at once by email; refund within 14 days.",
            KnowledgeAudience.Customer, "supervisor@rapport.demo"),
        new("Accessible rooms",
            "We have step-free accessible rooms with roll-in showers at all our hotels. Tell me what you need and I will check availability and note it on your booking.",
            "Note every requirement on the booking and email the hotel's duty manager the same day.",
            "Step-free access, roll-in shower, grab rails, lowered bed, visual fire alarm.",
            "A limited number per hotel: 4 at Harbour, 2 at Hills.",
            "A ground-floor standard room with a shower seat, or our partner hotel next door with 10 accessible rooms.",
            "Availability confirmed within one working day.",
            KnowledgeAudience.Customer, "agent2@rapport.demo", WrittenMonthsAgo: 8),
        new("Goodwill for housekeeping complaints",
            "Internal guidance: apologise, arrange a clean within 2 hours, and offer a goodwill gesture within your limit of authority.",
            "1. Apologise and arrange the clean.\n2. Up to **£30** goodwill (agents) without approval; a partial refund goes through *Limits of authority*.\n3. Record the complaint on a case.",
            null, "Refunds for nights stayed need a supervisor's approval.", "A free breakfast or a room upgrade instead of money.", "Clean within 2 hours.",
            KnowledgeAudience.Internal, "supervisor@rapport.demo"),
    ];

    public static async Task AddAsync(RapportDbContext db, IReadOnlyDictionary<string, AppUser> staff, DateTime now, CancellationToken ct)
    {
        foreach (var d in Articles)
        {
            var owner = staff[d.Owner];
            // Written some months ago with the usual six-month review, so an older article is now overdue.
            var written = now.AddMonths(-d.WrittenMonthsAgo);
            var content = new KnowledgeContent(d.Title, d.Answer, d.Body, d.Includes, d.Limits, d.Alternatives, d.Times, d.Audience);
            var (article, revision) = KnowledgeArticle.Create(content, owner.Id, DateOnly.FromDateTime(written).AddMonths(d.ReviewMonths),
                owner.Id, owner.DisplayName, "First version", written);
            db.Add(article);
            db.Add(revision);
            if (d.Audience == KnowledgeAudience.Internal
                && await db.Cases.FirstOrDefaultAsync(c => c.Title == "Room not cleaned during stay", ct) is { } complaint)
            {
                db.Add(new KnowledgeCaseLink
                {
                    ArticleId = article.Id,
                    CaseId = complaint.Id,
                    Kind = KnowledgeLinkKind.Linked,
                    LinkedAt = now.AddHours(-4),
                    LinkedById = staff["agent2@rapport.demo"].Id,
                    LinkedByName = staff["agent2@rapport.demo"].DisplayName,
                });
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
