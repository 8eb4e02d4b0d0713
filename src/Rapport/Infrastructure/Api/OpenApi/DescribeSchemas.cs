using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rapport.Infrastructure.Api.OpenApi;

/// <summary>Schema conventions: enums as camelCase strings, integers as integers, problems open to extension members.</summary>
internal sealed class DescribeSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum)
        {
            // Enums travel as camelCase strings (see StrictEnumConverter).
            schema.Type = JsonSchemaType.String;
            schema.Enum = Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(n))).ToList();
        }

        // The server reads "5" for 5 too (the web defaults), but always writes numbers; clients should send numbers, so
        // the document says integer (or number) rather than "integer or string matching a pattern".
        if (schema.Type is { } t && t.HasFlag(JsonSchemaType.String) && (t.HasFlag(JsonSchemaType.Integer) || t.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = t & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(type))
        {
            DescribeProblem(schema, type);
        }

        return Task.CompletedTask;
    }

    private static void DescribeProblem(OpenApiSchema schema, Type type)
    {
        schema.Description = "An RFC 9457 problem. `type` names the kind of problem (see the API guide, \"Problem types\"); " +
            "more members may be added, so ignore those you do not know.";
        schema.AdditionalProperties = null;
        schema.AdditionalPropertiesAllowed = true;
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["type"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Format = "uri",
            Description = "A URI under https://rapport.dev/problems/ naming the kind of problem.",
        };
        schema.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Identifies the request in the server's log; quote it when reporting a problem.",
        };
        if (type == typeof(HttpValidationProblemDetails))
        {
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For each field at fault, named as in the request (`contactPoints[0].value`, or a header such as `If-Match`), its messages.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }
    }
}
