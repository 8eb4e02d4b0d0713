using Microsoft.AspNetCore.OpenApi;

namespace Rapport.Infrastructure.Api.OpenApi;

public static class OpenApiSetup
{
    /// <summary>The v1 document: generated from the endpoints, then held to the conventions in this folder.</summary>
    public static IServiceCollection AddRapportOpenApi(this IServiceCollection services, Action<OpenApiOptions>? configure = null) =>
        services.AddOpenApi(o =>
        {
            o.AddSchemaTransformer<DescribeSchemas>();
            o.AddOperationTransformer<NameOperations>();
            o.AddOperationTransformer<DescribeQueryValues>();
            o.AddOperationTransformer<DeclareResponses>();
            // Features' own document parts (webhooks) first: the document conventions then apply to them too.
            configure?.Invoke(o);
            o.AddDocumentTransformer<DescribeDocument>();
        });
}
