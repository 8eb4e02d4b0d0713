using Rapport.Features.Customers;

namespace Rapport.Load.Generation;

/// <summary>One generated customer row, in the shape of the <c>customers</c> table.</summary>
internal sealed record CustomerRow(
    Guid Id, string Name, PartyType Type, CustomerKind Kind, string? Organisation,
    DateTime CustomerSince, DateTime? LastContactAt, DateTime CreatedAt, Guid Version, CommunicationProfile Profile)
{
    // The same rule as Customer.Describe: the list sorts and searches on this.
    public string NameNormalized => Name.ToLowerInvariant();
}

internal sealed record ContactPointRow(Guid Id, Guid CustomerId, ContactPoint Point);

internal sealed record NoteRow(Guid Id, Guid CustomerId, string Body, string AuthorName, DateTime CreatedAt);

/// <summary>A customer with everything that belongs to it; <see cref="Index"/> alone determines all of it.</summary>
internal sealed record SyntheticCustomer(long Index, CustomerRow Customer, IReadOnlyList<ContactPointRow> ContactPoints, NoteRow? Note)
{
    public int RowCount => 1 + ContactPoints.Count + (Note is null ? 0 : 1);
}
