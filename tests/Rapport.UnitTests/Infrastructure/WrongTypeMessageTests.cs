using System.Text.Json;
using Rapport.Infrastructure.Problems;

namespace Rapport.UnitTests.Infrastructure;

/// <summary>A value of the wrong type is answered with what the field expects, in JSON's words, not a .NET type name.</summary>
public sealed class WrongTypeMessageTests
{
    [Theory]
    [InlineData("System.String", "a string")]
    [InlineData("System.Nullable`1[System.Int32]", "a whole number or null")]
    [InlineData("System.Decimal", "a number")]
    [InlineData("System.Boolean", "true or false")]
    [InlineData("System.Nullable`1[System.Guid]", "an id (a UUID string) or null")]
    [InlineData("System.DateTimeOffset", "a date and time (an ISO 8601 string)")]
    [InlineData("System.Collections.Generic.List`1[System.String]", "an array")]
    [InlineData("System.String[]", "an array")]
    [InlineData("Rapport.Features.Conversations.InboundSenderRequest", "an object")]
    [InlineData("Rapport.Features.Customers.Channel", "one of the field's names (a string)")]
    [InlineData("System.Collections.Generic.Dictionary`2[System.String,System.String]", "an object")]
    public void Each_type_is_named_as_json_knows_it(string type, string expected) => Assert.Equal(expected, ProblemExceptionHandler.Expected(type, "$.field"));

    [Theory]
    [InlineData("$.from.phone", "a string")] // the record is named; the path says which of its properties
    [InlineData("$.from", "an object")]
    [InlineData("$.from.name", "a string")]
    public void A_records_property_is_described_by_its_own_type(string path, string expected) =>
        Assert.Equal(expected, ProblemExceptionHandler.Expected("Rapport.Features.Conversations.InboundSenderRequest", path));

    [Fact]
    public void The_message_says_what_is_expected()
    {
        var json = new JsonException("The JSON value could not be converted to Rapport.Features.Conversations.InboundSenderRequest. Path: $.from | LineNumber: 0 | BytePositionInLine: 57.", "$.from", 0, 57);

        Assert.Equal("The value has the wrong type for this field: an object is expected.", ProblemExceptionHandler.Message(json));
    }
}
