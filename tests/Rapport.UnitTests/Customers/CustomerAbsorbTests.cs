using Rapport.Features.Customers;

namespace Rapport.UnitTests.Customers;

public sealed class CustomerAbsorbTests
{
    private static readonly ContactPointRules Rules = new("GB");
    private static readonly DateTime Now = new(2025, 6, 1, 9, 0, 0, DateTimeKind.Utc);

    private static Customer Person(string name, DateTime since) =>
        Customer.Create(name, PartyType.Person, CustomerKind.External, null, since, since);

    [Fact]
    public void Merge_keeps_every_contact_point_note_and_confidential_detail_of_both()
    {
        var survivor = Person("Ada Lovelace", Now.AddYears(-1));
        survivor.AddContactPoint(Rules.Create(ContactPointType.Email, "ada@example.com", null, null), Now);
        survivor.AddContactPoint(Rules.Create(ContactPointType.Phone, "020 7946 0018", null, null), Now);
        survivor.AddNote("Prefers mornings", "u1", "Amira", Now);
        var duplicate = Person("A. Lovelace", Now.AddYears(-3));
        duplicate.AddContactPoint(Rules.Create(ContactPointType.Email, "ada.l@example.org", null, null), Now);
        duplicate.AddContactPoint(Rules.Create(ContactPointType.Social, "@ada", "x", null), Now);
        duplicate.AddNote("Called about a refund", "u2", "Ben", Now);
        duplicate.AddNote("Refund sent", "u2", "Ben", Now);
        duplicate.AddConfidentialDetail("Account PIN hint", "first pet", Confidentiality.Customer, Now);

        survivor.Absorb(duplicate, Now);

        Assert.Equal(["+442079460018", "ada.l@example.org", "ada@example.com", "x:ada"],
            survivor.ContactPoints.Select(p => p.Normalized).Order(StringComparer.Ordinal));
        Assert.Equal(3, survivor.Notes.Count);
        Assert.Single(survivor.ConfidentialDetails);
        Assert.All(survivor.ContactPoints, p => Assert.Equal(survivor.Id, p.CustomerId));
        Assert.All(survivor.Notes, n => Assert.Equal(survivor.Id, n.CustomerId));
        Assert.All(survivor.ConfidentialDetails, d => Assert.Equal(survivor.Id, d.CustomerId));
        Assert.Empty(duplicate.ContactPoints);
        Assert.Empty(duplicate.Notes);
        Assert.Empty(duplicate.ConfidentialDetails);
    }

    [Fact]
    public void Merge_leaves_a_pointer_from_the_merged_away_record()
    {
        var survivor = Person("Ada Lovelace", Now);
        var duplicate = Person("Ada L", Now);
        var versionBefore = survivor.Version;

        survivor.Absorb(duplicate, Now);

        Assert.Equal(survivor.Id, duplicate.MergedIntoId);
        Assert.Null(survivor.MergedIntoId);
        Assert.NotEqual(versionBefore, survivor.Version);
    }

    [Fact]
    public void A_contact_point_both_records_share_is_kept_once()
    {
        var survivor = Person("Ada Lovelace", Now);
        survivor.AddContactPoint(Rules.Create(ContactPointType.Phone, "020 7946 0018", null, null), Now);
        var duplicate = Person("Ada L", Now);
        duplicate.AddContactPoint(Rules.Create(ContactPointType.Phone, "+44 20 7946 0018", null, null), Now);

        survivor.Absorb(duplicate, Now);

        Assert.Single(survivor.ContactPoints);
    }

    [Fact]
    public void Merge_keeps_the_earlier_customer_since_the_later_last_contact_and_fills_profile_gaps()
    {
        var survivor = Person("Ada Lovelace", Now.AddYears(-1));
        survivor.RecordContact(Now.AddDays(-30));
        var duplicate = Customer.Create("Ada L", PartyType.Person, CustomerKind.External, "Analytical Engines Ltd", Now, Now.AddYears(-5));
        duplicate.RecordContact(Now.AddDays(-2));
        duplicate.SetProfile(new CommunicationProfile { Language = "en-GB", Style = Formality.Formal, NeedsLargePrint = true }, Now);

        survivor.Absorb(duplicate, Now);

        Assert.Equal(Now.AddYears(-5), survivor.CustomerSince);
        Assert.Equal(Now.AddDays(-2), survivor.LastContactAt);
        Assert.Equal("Analytical Engines Ltd", survivor.Organisation);
        Assert.Equal("en-GB", survivor.Profile.Language);
        Assert.Equal(Formality.Formal, survivor.Profile.Style);
        Assert.True(survivor.Profile.NeedsLargePrint);
    }

    [Fact]
    public void A_customer_cannot_absorb_itself()
    {
        var customer = Person("Ada Lovelace", Now);

        Assert.Throws<InvalidOperationException>(() => customer.Absorb(customer, Now));
    }
}
