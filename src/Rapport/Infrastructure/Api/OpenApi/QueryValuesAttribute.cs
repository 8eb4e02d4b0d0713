namespace Rapport.Infrastructure.Api.OpenApi;

/// <summary>
/// The closed set a text query parameter takes (bound as text so it reads case-insensitively, see <see cref="QueryEnum"/>):
/// an enum's camelCase names, or listed words, optionally or a record's id. The OpenAPI document shows it as an enum.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class QueryValuesAttribute : Attribute
{
    public QueryValuesAttribute(Type enumType) => EnumType = enumType;

    public QueryValuesAttribute(params string[] values) => Values = values;

    public Type? EnumType { get; }

    public IReadOnlyList<string> Values { get; } = [];

    /// <summary>Besides the listed words, a user's or record's id (<c>owner=me|none|{userId}</c>).</summary>
    public bool OrId { get; init; }
}
