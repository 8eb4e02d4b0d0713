using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>A customer record (C1): a person or organisation, its contact points, profile, notes and confidential details.</summary>
public sealed class Customer : IAudited
{
    public const int NameMaxLength = 200;
    public const string ErasedName = "Erased customer";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    [FreeText]
    public string Name { get; private set; } = "";
    /// <summary>Lower-cased name, the key for sorting and searching.</summary>
    [NotAudited]
    [FreeText]
    public string NameNormalized { get; private set; } = "";
    public PartyType Type { get; private set; }
    public CustomerKind Kind { get; private set; }
    /// <summary>For a person: the organisation they belong to, as free text.</summary>
    [FreeText]
    public string? Organisation { get; private set; }
    public DateTime CustomerSince { get; private set; }
    /// <summary>Derived from conversations; not audited (it changes with every message).</summary>
    [NotAudited]
    public DateTime? LastContactAt { get; private set; }
    public DateTime CreatedAt { get; init; }
    [NotAudited]
    public DateTime UpdatedAt { get; private set; }
    /// <summary>Concurrency token, exposed as the ETag; changes with every change to the record or its parts.</summary>
    [NotAudited]
    public Guid Version { get; private set; } = Guid.NewGuid();
    /// <summary>Set when this record was merged into another: the pointer from the merged-away id.</summary>
    public Guid? MergedIntoId { get; private set; }
    /// <summary>When the person's data was erased (anonymised); the record stays as a tombstone for statistics.</summary>
    public DateTime? ErasedAt { get; private set; }

    public CommunicationProfile Profile { get; private set; } = new();
    public List<ContactPoint> ContactPoints { get; private set; } = [];
    public List<CustomerNote> Notes { get; private set; } = [];
    public List<ConfidentialDetail> ConfidentialDetails { get; private set; } = [];

    public string AuditSubjectType => "customer";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "customer";

    public static Customer Create(string name, PartyType type, CustomerKind kind, string? organisation, DateTime now,
        DateTime? customerSince = null)
    {
        var customer = new Customer { CreatedAt = now, CustomerSince = customerSince ?? now };
        customer.Describe(name, type, kind, organisation, now);
        return customer;
    }

    public void Describe(string name, PartyType type, CustomerKind kind, string? organisation, DateTime now)
    {
        Name = name.Trim();
        NameNormalized = Name.ToLowerInvariant();
        Type = type;
        Kind = kind;
        Organisation = string.IsNullOrWhiteSpace(organisation) ? null : organisation.Trim();
        Touch(now);
    }

    public void SetProfile(CommunicationProfile profile, DateTime now)
    {
        Profile.PreferredChannel = profile.PreferredChannel;
        Profile.PreferredTimes = profile.PreferredTimes;
        Profile.PreferredDays = profile.PreferredDays;
        Profile.PreferredFrom = profile.PreferredFrom;
        Profile.PreferredUntil = profile.PreferredUntil;
        Profile.Style = profile.Style;
        Profile.Language = profile.Language;
        Profile.TechnicalAwareness = profile.TechnicalAwareness;
        Profile.NeedsRelayService = profile.NeedsRelayService;
        Profile.NeedsTranslator = profile.NeedsTranslator;
        Profile.NeedsLargePrint = profile.NeedsLargePrint;
        Profile.NeedsExtraTime = profile.NeedsExtraTime;
        Profile.OtherAccessibilityNeeds = profile.OtherAccessibilityNeeds;
        Touch(now);
    }

    /// <summary>Adds a contact point unless the customer already has the same one; returns the point kept.</summary>
    public ContactPoint AddContactPoint(ContactPoint point, DateTime now)
    {
        var existing = ContactPoints.FirstOrDefault(p => p.Type == point.Type && p.Normalized == point.Normalized);
        if (existing is not null)
        {
            return existing;
        }

        point.CustomerId = Id;
        ContactPoints.Add(point);
        Touch(now);
        return point;
    }

    public bool RemoveContactPoint(Guid contactPointId, DateTime now)
    {
        var removed = ContactPoints.RemoveAll(p => p.Id == contactPointId) > 0;
        if (removed)
        {
            Touch(now);
        }

        return removed;
    }

    public CustomerNote AddNote(string body, string authorId, string authorName, DateTime now)
    {
        var note = new CustomerNote { CustomerId = Id, Body = body.Trim(), AuthorId = authorId, AuthorName = authorName, CreatedAt = now };
        Notes.Add(note);
        Touch(now);
        return note;
    }

    public ConfidentialDetail AddConfidentialDetail(string label, string value, Confidentiality level, DateTime now)
    {
        var detail = new ConfidentialDetail { CustomerId = Id, Label = label.Trim(), Value = value, Level = level, CreatedAt = now };
        ConfidentialDetails.Add(detail);
        Touch(now);
        return detail;
    }

    /// <summary>
    /// Refuses a change that would attach personal data to a record whose person was erased (C22): the tombstone keeps
    /// statistics only. A person who comes back is a new customer.
    /// </summary>
    public static void RefuseIfErased(DateTime? erasedAt)
    {
        if (erasedAt is { } at)
        {
            throw new Rapport.Infrastructure.Api.ConflictException(
                $"This customer was erased on {at:yyyy-MM-dd}: nothing new can be attached to the record. If the person contacts you again, create a new customer.");
        }
    }

    public void RecordContact(DateTime at)
    {
        if (LastContactAt is null || at > LastContactAt)
        {
            LastContactAt = at;
        }
    }

    /// <summary>
    /// Absorbs a duplicate: every contact point, note and confidential detail moves here, the earlier
    /// customer-since and later last contact win, and the duplicate keeps a pointer to this record.
    /// </summary>
    public void Absorb(Customer duplicate, DateTime now)
    {
        if (duplicate.Id == Id)
        {
            throw new InvalidOperationException("A customer cannot be merged into itself.");
        }

        foreach (var point in duplicate.ContactPoints.ToList())
        {
            duplicate.ContactPoints.Remove(point);
            if (!ContactPoints.Any(p => p.Type == point.Type && p.Normalized == point.Normalized))
            {
                point.CustomerId = Id;
                ContactPoints.Add(point);
            }
        }

        foreach (var note in duplicate.Notes.ToList())
        {
            duplicate.Notes.Remove(note);
            note.CustomerId = Id;
            Notes.Add(note);
        }

        foreach (var detail in duplicate.ConfidentialDetails.ToList())
        {
            duplicate.ConfidentialDetails.Remove(detail);
            detail.CustomerId = Id;
            ConfidentialDetails.Add(detail);
        }

        if (duplicate.CustomerSince < CustomerSince) CustomerSince = duplicate.CustomerSince;
        if (duplicate.LastContactAt is { } last) RecordContact(last);
        Organisation ??= duplicate.Organisation;
        Profile.FillGapsFrom(duplicate.Profile);
        duplicate.MergedIntoId = Id;
        duplicate.Touch(now);
        Touch(now);
    }

    /// <summary>Re-points a record merged earlier into a record that is now merged itself, so chains never need following twice.</summary>
    public void RedirectMergeTo(Guid survivorId, DateTime now)
    {
        MergedIntoId = survivorId;
        Touch(now);
    }

    private void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
