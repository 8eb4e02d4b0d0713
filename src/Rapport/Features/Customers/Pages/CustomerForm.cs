using Rapport.Infrastructure.Api;

namespace Rapport.Features.Customers.Pages;

/// <summary>
/// What the create/edit form holds while the agent types: mutable for binding, turned into the service's requests on
/// save. It keeps no rules of its own; the service's <see cref="InvalidInputException"/> is shown beside the field it names.
/// </summary>
public sealed class CustomerForm
{
    public string Name { get; set; } = "";
    public PartyType Type { get; set; } = PartyType.Person;
    public CustomerKind Kind { get; set; } = CustomerKind.External;
    public string? Organisation { get; set; }
    public List<ContactRow> ContactPoints { get; } = [];
    public ProfileForm Profile { get; set; } = new();
    public string? Reason { get; set; }

    /// <summary>Contact points the agent removed from an existing customer.</summary>
    public List<Guid> Removed { get; } = [];

    /// <summary>Service errors by field name ("name", "contactPoints[1].value", …); "" for errors no field shows.</summary>
    public Dictionary<string, string> Errors { get; } = [];

    public static CustomerForm From(CustomerDto c)
    {
        var form = new CustomerForm { Name = c.Name, Type = c.Type, Kind = c.Kind, Organisation = c.Organisation, Profile = ProfileForm.From(c.Profile) };
        form.ContactPoints.AddRange(c.ContactPoints.Select(p => new ContactRow
        {
            ExistingId = p.Id,
            Type = p.Type,
            Value = p.Value,
            Network = p.Network,
            Label = p.Label,
        }));
        return form;
    }

    /// <summary>New rows the agent filled in; a row left blank is not a contact point, just an unused input.</summary>
    public IEnumerable<ContactRow> Added => ContactPoints.Where(r => r.ExistingId is null && !string.IsNullOrWhiteSpace(r.Value));

    public CreateCustomerRequest ToCreateRequest() =>
        new(Name, Kind, Type, Organisation, Added.Select(r => r.ToRequest()).ToList(), Profile.ToRequest());

    public UpdateCustomerRequest ToUpdateRequest() => new(Name, Kind, Type, Organisation, Profile.ToRequest(), Reason);

    public List<ContactPointRequest> AddedRequests() => Added.Select(r => r.ToRequest()).ToList();

    public void Remove(ContactRow row)
    {
        ContactPoints.Remove(row);
        if (row.ExistingId is { } id)
        {
            Removed.Add(id);
        }
    }

    public string? Error(string field) => Errors.GetValueOrDefault(field);

    /// <summary>The error for one input of a new contact point row; the service names rows by their index among the new ones.</summary>
    public string? Error(ContactRow row, string input)
    {
        var index = Added.ToList().IndexOf(row);
        return index < 0 ? null : Error($"contactPoints[{index}].{input}");
    }

    /// <summary>Records the service's message under its field; a field the form has no input for shows in the form's summary.</summary>
    public void Show(InvalidInputException error)
    {
        Errors.Clear();
        var known = error.Field is "name" or "kind" or "type" || error.Field.StartsWith("contactPoints[", StringComparison.Ordinal);
        Errors[known ? error.Field : ""] = error.Message;
    }
}

public sealed class ContactRow
{
    public Guid? ExistingId { get; init; }
    public ContactPointType Type { get; init; }
    public string Value { get; set; } = "";
    public string? Network { get; set; }
    public string? Label { get; set; }

    public ContactPointRequest ToRequest() => new(Type, Value, Type == ContactPointType.Social ? Network : null, Label);
}

public sealed class ProfileForm
{
    public Channel PreferredChannel { get; set; }
    public string? PreferredTimes { get; set; }
    public Formality Style { get; set; }
    public string? Language { get; set; }
    public TechnicalAwareness TechnicalAwareness { get; set; }
    public bool NeedsRelayService { get; set; }
    public bool NeedsTranslator { get; set; }
    public bool NeedsLargePrint { get; set; }
    public bool NeedsExtraTime { get; set; }
    public string? OtherAccessibilityNeeds { get; set; }
    public IEnumerable<string> PreferredDays { get; set; } = [];
    public string? PreferredFrom { get; set; }
    public string? PreferredUntil { get; set; }

    public static ProfileForm From(CommunicationProfileDto p) => new()
    {
        PreferredChannel = p.PreferredChannel,
        PreferredTimes = p.PreferredTimes,
        Style = p.Style,
        Language = p.Language,
        TechnicalAwareness = p.TechnicalAwareness,
        NeedsRelayService = p.NeedsRelayService,
        NeedsTranslator = p.NeedsTranslator,
        NeedsLargePrint = p.NeedsLargePrint,
        NeedsExtraTime = p.NeedsExtraTime,
        OtherAccessibilityNeeds = p.OtherAccessibilityNeeds,
        PreferredDays = p.PreferredDays?.ToList() ?? [],
        PreferredFrom = p.PreferredFrom,
        PreferredUntil = p.PreferredUntil,
    };

    public CommunicationProfileRequest ToRequest() => new(PreferredChannel, PreferredTimes, Style, Language, TechnicalAwareness,
        NeedsRelayService, NeedsTranslator, NeedsLargePrint, NeedsExtraTime, OtherAccessibilityNeeds, PreferredDays.ToList(), PreferredFrom, PreferredUntil);
}
