using System.Text.Json;
using Rapport.Infrastructure.Problems;

namespace Rapport.UnitTests.Infrastructure;

/// <summary>
/// The API names a missing required field from System.Text.Json's message; these pin that message's shape, so a runtime
/// that words it differently fails here rather than turning the API's 400 into an unnamed one.
/// </summary>
public sealed class MissingFieldsTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { RespectRequiredConstructorParameters = true };

    private sealed record Assign(Guid? OwnerId, Guid? TeamId);

    private sealed record Bulk(List<Guid> Ids, Assign? Assign = null);

    private sealed record Calendar(string TimeZone, List<Holiday> Holidays);

    private sealed record Holiday(DateOnly Date, string Name, List<string>? Hours = null);

    private static List<string> Missing<T>(string json) =>
        ProblemExceptionHandler.MissingFields(Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<T>(json, Options)));

    [Fact]
    public void Every_missing_constructor_parameter_without_a_default_is_named_in_camel_case()
    {
        Assert.Equal(["ownerId", "teamId"], Missing<Assign>("{}"));
        Assert.Equal(["teamId"], Missing<Assign>("""{"ownerId":null}"""));
    }

    [Fact]
    public void A_missing_field_inside_an_object_or_a_list_is_named_by_its_path()
    {
        Assert.Equal(["assign.teamId"], Missing<Bulk>("""{"ids":[],"assign":{"ownerId":null}}"""));
        Assert.Equal(["holidays[0].name"], Missing<Calendar>("""{"timeZone":"UTC","holidays":[{"date":"2026-12-25"}]}"""));
    }

    [Fact]
    public void Null_where_null_is_allowed_and_absent_optional_fields_are_accepted()
    {
        Assert.Equal(new Assign(null, null), JsonSerializer.Deserialize<Assign>("""{"ownerId":null,"teamId":null}""", Options));
        Assert.Null(JsonSerializer.Deserialize<Bulk>("""{"ids":[]}""", Options)!.Assign);
    }

    [Fact]
    public void Other_json_errors_name_no_missing_field()
    {
        Assert.Empty(ProblemExceptionHandler.MissingFields(new JsonException("'x' is not one of: open, pending, closed.")));
    }
}
