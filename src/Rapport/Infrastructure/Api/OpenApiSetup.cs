using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rapport.Infrastructure.Api;

public static class OpenApiSetup
{
    public static IServiceCollection AddRapportOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer<DescribeDocument>();
        o.AddSchemaTransformer<EnumsAsStrings>();
    });

    /// <summary>Title, description and the bearer-token scheme every /api endpoint accepts.</summary>
    private sealed class DescribeDocument : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info.Title = "Rapport API";
            document.Info.Version = "v1";
            document.Info.Description = "Customer records, returning-customer recognition and the audit trail. " +
                "Authenticate with 'Authorization: Bearer rpt_…' (create a token on the API tokens page or with 'rapport token create'); " +
                "every write needs it, a signed-in browser session may only read. " +
                "Errors are RFC 9457 problem details; creates honour Idempotency-Key; updates honour If-Match.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A Rapport API token (rpt_…).",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
            return Task.CompletedTask;
        }
    }

    /// <summary>Enums travel as camelCase strings (see StrictEnumConverter); say so in the schema.</summary>
    private sealed class EnumsAsStrings : IOpenApiSchemaTransformer
    {
        public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type.IsEnum)
            {
                schema.Type = JsonSchemaType.String;
                schema.Enum = Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(n))).ToList();
            }

            return Task.CompletedTask;
        }
    }
}
