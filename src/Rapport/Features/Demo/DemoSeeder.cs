using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Features.Organisation;
using Rapport.Features.Teams;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Demo;

/// <summary>A staff login created by the demo seed.</summary>
public sealed record DemoLogin(string Email, string Role, string DisplayName);

/// <summary>
/// Fills an empty database with a believable organisation: staff of every role, two teams and ~200 customers of
/// every kind with contact points, profiles, notes and confidential details, and conversations on every channel
/// (<see cref="DemoConversations"/>). Deterministic: the same seed, the same data.
/// </summary>
public sealed class DemoSeeder(RapportDbContext db, StaffAccounts accounts, CustomerService customers, DemoConversations conversations, TimeProvider time)
{
    public static readonly DemoLogin[] Logins =
    [
        new("agent@rapport.demo", Roles.Agent, "Amira Agent"),
        new("agent2@rapport.demo", Roles.Agent, "Ben Okafor"),
        new("supervisor@rapport.demo", Roles.Supervisor, "Sam Supervisor"),
        new("admin@rapport.demo", Roles.Administrator, "Ada Admin"),
        new("auditor@rapport.demo", Roles.Auditor, "Otto Auditor"),
    ];

    private static readonly string[] FirstNames = ["Olivia", "Noah", "Amelia", "Oliver", "Isla", "George", "Ava", "Arthur", "Mia", "Muhammad", "Freya", "Leo", "Priya", "Kwame", "Sofia", "Hiroshi", "Chloe", "Mateo", "Zara", "Liam", "Fatima", "Owen", "Elena", "Rhys", "Aisha", "Tomasz", "Grace", "Ines", "Callum", "Mei"];
    private static readonly string[] LastNames = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Khan", "Patel", "Evans", "Thomas", "Roberts", "Nowak", "Okafor", "Garcia", "Murphy", "O'Brien", "Chen", "Hughes", "Ahmed", "Davies", "Kowalski", "Rossi", "Silva", "MacLeod"];
    private static readonly string[] Companies = ["Harbour View Hotels", "Northwind Travel", "Bluebell Tours", "Corner Shop Co-op", "Skyline Coaches", "Lakeside Lodge", "Fernhill Garden Centre", "Atlas Car Hire"];
    private static readonly string[] Departments = ["Finance", "Housekeeping", "Reservations", "Front of House", "Marketing"];
    private static readonly string[] Cities = ["London", "Manchester", "Leeds", "Glasgow", "Cardiff", "Bristol", "York"];

    public async Task<bool> SeedIfEmptyAsync(string password, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(ct))
        {
            return false;
        }

        await SeedAsync(password, customerCount: 200, ct);
        return true;
    }

    public async Task SeedAsync(string password, int customerCount, CancellationToken ct)
    {
        var (created, staff, bookings, care) = await SeedOrganisationAsync(password, customerCount, ct);
        // After the organisation's transaction has ended: ingestion and the channels' services write in transactions of their own.
        await conversations.SeedAsync(created, staff, bookings, care, ct);
    }

    private async Task<(List<Customer>, Dictionary<string, AppUser>, Guid, Guid)> SeedOrganisationAsync(string password, int customerCount, CancellationToken ct)
    {
        db.Audit.SetSystemActor("demo seed");
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var staff = new Dictionary<string, AppUser>();
        foreach (var login in Logins)
        {
            staff[login.Email] = await accounts.CreateAsync(login.Email, login.DisplayName, login.Role, password, ct);
        }

        var settings = await OrganisationSettings.LoadAsync(db, ct);
        settings.Name = "Harbour & Hills Travel";
        var bookings = new Team { Name = "Bookings" };
        var complaints = new Team { Name = "Customer Care" };
        db.Teams.AddRange(bookings, complaints);
        db.TeamMembers.AddRange(
            new TeamMember { TeamId = bookings.Id, UserId = staff["agent@rapport.demo"].Id },
            new TeamMember { TeamId = complaints.Id, UserId = staff["agent2@rapport.demo"].Id },
            new TeamMember { TeamId = complaints.Id, UserId = staff["supervisor@rapport.demo"].Id });
        await db.SaveChangesAsync(ct);

        var random = new Random(20261125);
        var now = time.GetUtcNow().UtcDateTime;
        var created = new List<Customer>();
        for (var i = 0; i < customerCount; i++)
        {
            var customer = customers.Build(DemoCustomer(i, random, now));
            if (i % 7 == 0)
            {
                customer.AddNote("Prefers a call back rather than email when there is a problem with a booking.", "system", "Amira Agent", now.AddDays(-random.Next(1, 300)));
            }

            if (i % 23 == 0)
            {
                customer.AddConfidentialDetail("Health", "Uses a wheelchair; needs step-free rooms.", Confidentiality.Customer, now);
            }

            if (i % 31 == 0)
            {
                customer.AddConfidentialDetail("Credit terms", "Account on 60-day terms agreed by finance.", Confidentiality.Organisation, now);
            }

            if (random.Next(3) > 0)
            {
                customer.RecordContact(now.AddDays(-random.Next(0, 120)).AddMinutes(-random.Next(0, 1440)));
            }

            db.Customers.Add(customer);
            created.Add(customer);
        }

        await db.SaveChangesAsync(ct);
        if (created.Count > 0)
        {
            ServiceStandards.DemoServicePolicies.Add(db);
            await db.SaveChangesAsync(ct);
            DemoCases.Add(db, created, staff, now);
            Rapport.Features.Promises.DemoPromises.Add(db, now);
            await db.SaveChangesAsync(ct);
            await Referrals.DemoReferrals.AddAsync(db, staff, now, ct);
            await Authority.DemoAuthority.AddAsync(db, staff, now, ct);
            await Knowledge.DemoKnowledge.AddAsync(db, staff, now, ct);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return (created, staff, bookings.Id, complaints.Id);
    }

    private static CreateCustomerRequest DemoCustomer(int i, Random r, DateTime now)
    {
        var first = FirstNames[r.Next(FirstNames.Length)];
        var last = LastNames[r.Next(LastNames.Length)];
        var kind = (i % 20) switch
        {
            0 => CustomerKind.Colleague,
            1 => CustomerKind.Supervisor,
            2 => CustomerKind.Department,
            3 => CustomerKind.Contractor,
            4 => CustomerKind.OtherCompany,
            _ => CustomerKind.External,
        };
        var isOrg = kind is CustomerKind.Department or CustomerKind.OtherCompany;
        var name = kind switch
        {
            CustomerKind.Department => $"{Departments[i / 20 % Departments.Length]} department",
            CustomerKind.OtherCompany => $"{Companies[i / 20 % Companies.Length]} Ltd",
            _ => $"{first} {last}",
        };
        var slug = name.ToLowerInvariant().Replace(' ', '.').Replace("'", "", StringComparison.Ordinal);
        var points = new List<ContactPointRequest> { new(ContactPointType.Email, $"{slug}{i}@example.com") };
        if (r.Next(4) > 0)
        {
            // 020 7946 0xxx is Ofcom's London range reserved for drama: a valid number that never reaches a real person.
            points.Add(new(ContactPointType.Phone, $"020 7946 0{i % 1000:000}", Label: "home"));
        }

        if (i % 5 == 0)
        {
            points.Add(new(ContactPointType.Social, $"@{slug.Replace(".", "_", StringComparison.Ordinal)}{i}", "x"));
        }

        if (i % 9 == 0)
        {
            points.Add(new(ContactPointType.Postal, $"{r.Next(1, 200)} High Street\n{Cities[r.Next(Cities.Length)]}\nUnited Kingdom"));
        }

        var profile = new CommunicationProfileRequest(
            PreferredChannel: (Channel)r.Next(0, 8),
            PreferredTimes: i % 4 == 0 ? "Weekdays after 6pm" : null,
            Style: (Formality)r.Next(0, 3),
            Language: i % 11 == 0 ? "fr" : i % 13 == 0 ? "cy" : "en-GB",
            TechnicalAwareness: (TechnicalAwareness)r.Next(0, 3),
            NeedsRelayService: i % 17 == 0,
            NeedsTranslator: i % 11 == 0,
            NeedsLargePrint: i % 19 == 0,
            NeedsExtraTime: i % 15 == 0);
        return new CreateCustomerRequest(name, kind, isOrg ? PartyType.Organisation : PartyType.Person,
            kind is CustomerKind.Contractor or CustomerKind.External && i % 6 == 0 ? Companies[r.Next(Companies.Length)] : null,
            points, profile, now.AddDays(-r.Next(1, 3650)));
    }
}
