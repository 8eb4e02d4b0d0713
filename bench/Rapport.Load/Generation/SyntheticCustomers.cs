using System.Globalization;
using Bogus;
using Rapport.Features.Customers;

namespace Rapport.Load.Generation;

/// <summary>
/// Believable customers from Bogus, a pure function of (seed, index): the same index always yields the same customer,
/// ids included, so samples for the load driver can be rebuilt without reading the database. Not thread-safe.
/// </summary>
internal sealed class SyntheticCustomers(int seed, ContactPointRules rules)
{
    /// <summary>Generated customers were created one every 10 ms from here; their UUIDv7 ids follow that order.</summary>
    public static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime EarliestCustomer = new(2005, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Domains = ["example.com", "example.org", "example.net", "mail.example", "post.example"];
    private static readonly string?[] PhoneLabels = ["mobile", "home", "work", null];
    private static readonly string[] Networks = ["x", "instagram", "facebook", "telegram"];
    private static readonly string[] Languages = ["en-GB", "en-GB", "en-GB", "cy", "pl", "fr", "de", "ur", "pa"];
    private static readonly string[] Notes =
    [
        "Prefers a call back rather than email when there is a problem with a booking.",
        "Asked us not to call before 10am.",
        "Complained about a late refund in the past; handle with care.",
        "Travels with an assistance dog.",
        "Account manager knows the family; mention her by name.",
    ];

    private readonly Faker faker = new("en_GB");

    public SyntheticCustomer Make(long index)
    {
        var random = new Random(DeterministicIds.SeedFor(seed, index));
        faker.Random = new Randomizer(random.Next());
        var f = faker;

        var createdAt = Epoch.AddMilliseconds(index * 10);
        var id = DeterministicIds.Version7(createdAt, random);
        var isPerson = f.Random.Double() < 0.85;
        var first = f.Name.FirstName();
        var last = f.Name.LastName();
        var name = isPerson ? $"{first} {last}" : f.Company.CompanyName();
        var kind = isPerson ? PickKind(f) : f.Random.Bool(0.7f) ? CustomerKind.External : CustomerKind.OtherCompany;
        var since = Seconds(f.Date.Between(EarliestCustomer, createdAt));
        DateTime? lastContact = f.Random.Bool(0.7f) ? Seconds(f.Date.Between(since, createdAt)) : null;
        var customer = new CustomerRow(id, name, isPerson ? PartyType.Person : PartyType.Organisation, kind,
            isPerson && f.Random.Bool(0.3f) ? f.Company.CompanyName() : null,
            since, lastContact, createdAt, DeterministicIds.Version7(createdAt, random), Profile(f));

        var slug = Slug(isPerson ? $"{first}.{last}" : name);
        var points = new List<ContactPointRow>(4);
        void Add(ContactPointType type, string value, string? network = null, string? label = null) =>
            points.Add(new ContactPointRow(DeterministicIds.Version7(createdAt, random), id, rules.Create(type, value, network, label)));

        if (f.Random.Bool(0.95f)) Add(ContactPointType.Email, $"{slug}.{index}@{f.PickRandom(Domains)}");
        if (f.Random.Bool(0.7f)) Add(ContactPointType.Phone, NationalMobile(index), label: f.PickRandom(PhoneLabels));
        if (f.Random.Bool(0.1f)) Add(ContactPointType.Email, $"{slug}{index}@work.example", label: "work");
        if (f.Random.Bool(0.2f)) Add(ContactPointType.Social, $"@{slug.Replace('.', '_')}{index}", f.PickRandom(Networks));
        if (f.Random.Bool(0.25f)) Add(ContactPointType.Postal, $"{f.Address.StreetAddress()}\n{f.Address.City()}\n{f.Address.ZipCode()}");

        var note = f.Random.Bool(0.1f)
            ? new NoteRow(DeterministicIds.Version7(createdAt, random), id, f.PickRandom(Notes), f.Name.FullName(), Seconds(f.Date.Between(since, createdAt)))
            : null;
        return new SyntheticCustomer(index, customer, points, note);
    }

    /// <summary>A UK mobile number unique to the index (a permutation of 07400 000000–07409 999999), as a person types it.</summary>
    public static string NationalMobile(long index) =>
        "0" + (7_400_000_000L + (index * 7919 % 10_000_000)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Mobile numbers no generated customer has (07410 …), for lookups that must miss.</summary>
    public static string AbsentMobile(long k) => "0" + (7_410_000_000L + (k % 10_000_000)).ToString(CultureInfo.InvariantCulture);

    private static CustomerKind PickKind(Faker f) => f.Random.Int(0, 99) switch
    {
        < 80 => CustomerKind.External,
        < 85 => CustomerKind.Colleague,
        < 86 => CustomerKind.Supervisor,
        < 88 => CustomerKind.Department,
        < 94 => CustomerKind.Contractor,
        _ => CustomerKind.OtherCompany,
    };

    private static CommunicationProfile Profile(Faker f) => new()
    {
        PreferredChannel = f.PickRandom<Channel>(),
        PreferredTimes = f.Random.Bool(0.2f) ? f.PickRandom("Weekdays after 6pm", "Mornings only", "Not on Fridays") : null,
        Style = f.PickRandom<Formality>(),
        Language = f.Random.Bool(0.6f) ? f.PickRandom(Languages) : null,
        TechnicalAwareness = f.PickRandom<TechnicalAwareness>(),
        NeedsRelayService = f.Random.Bool(0.02f),
        NeedsTranslator = f.Random.Bool(0.03f),
        NeedsLargePrint = f.Random.Bool(0.03f),
        NeedsExtraTime = f.Random.Bool(0.05f),
        OtherAccessibilityNeeds = f.Random.Bool(0.01f) ? "Hard of hearing; speak clearly and slowly." : null,
    };

    private static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.').Take(40).ToArray();
        var slug = string.Join('.', new string(chars).Split('.', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "customer" : slug;
    }

    // Whole seconds survive both SQLite's text and PostgreSQL's microseconds unchanged.
    private static DateTime Seconds(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
