using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rapport.Infrastructure.Api.OpenApi;

/// <summary>Text query parameters that take a closed set (<see cref="QueryValuesAttribute"/>) are described as enums.</summary>
internal sealed class DescribeQueryValues : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            var values = (description.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo.GetCustomAttribute<QueryValuesAttribute>();
            if (values is null || operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == description.Name) is not { } parameter)
            {
                continue;
            }

            var words = values.EnumType is { } enumType
                ? await SharedAsync(enumType, context, cancellationToken)
                : new OpenApiSchema { Type = JsonSchemaType.String, Enum = values.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToList() };
            parameter.Schema = values.OrId
                ? new OpenApiSchema { AnyOf = [words, new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" }] }
                : words;
        }
    }

    /// <summary>The enum as a shared component (added when no body uses it), so clients get one type for it.</summary>
    private static async Task<IOpenApiSchema> SharedAsync(Type enumType, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var schema = await context.GetOrCreateSchemaAsync(enumType, null, ct);
        if (context.Document is not { } document)
        {
            return schema;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(enumType.Name, schema);
        return new OpenApiSchemaReference(enumType.Name, document);
    }
}
