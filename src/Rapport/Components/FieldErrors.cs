using System.ComponentModel.DataAnnotations;
using Rapport.Infrastructure.Api;

namespace Rapport.Components;

/// <summary>
/// The errors of one form, by field, named as the API's RFC 9457 problems name them (camelCase), so a page shows next to
/// each field what the API would answer: the request record's own annotations first, then the service's rules.
/// </summary>
public sealed class FieldErrors
{
    private Dictionary<string, string[]> errors = [];

    /// <summary>A message that belongs to no one field (a conflict).</summary>
    public string? General { get; set; }

    public bool Any => errors.Count > 0 || General is not null;

    public string? this[string field] => errors.TryGetValue(field, out var e) ? string.Join(" ", e) : null;

    public bool Has(string field) => errors.ContainsKey(field);

    public void Clear()
    {
        errors = [];
        General = null;
    }

    /// <summary>Checks the request's data annotations as the API's validation does; false (and the errors kept) when any fails.</summary>
    public bool Validate(object request)
    {
        Clear();
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true))
        {
            return true;
        }

        Set(results.SelectMany(r => r.MemberNames.Select(m => (Field: char.ToLowerInvariant(m[0]) + m[1..], Message: r.ErrorMessage ?? "Not valid.")))
            .GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        return false;
    }

    public void Set(IDictionary<string, string[]> fieldErrors) => errors = new Dictionary<string, string[]>(fieldErrors);

    public void Set(InvalidInputException e) => Set(e.Errors);
}
