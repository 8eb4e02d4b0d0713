using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rapport.Infrastructure.Api.OpenApi;

/// <summary>
/// Declares the answers an operation gives besides its success, from what the endpoint is (authenticated, role-bound,
/// a write, with ids in its path, with a body) and the conventions on its route (<see cref="ApiConventions"/>), so no
/// endpoint has to list them by hand: 400, 401, 403, 404, 409/422 (Idempotency-Key), 412 (If-Match), 415, 308, 503, and
/// the headers each success carries. Every error is a problem (RFC 9457) from the shared components.
/// </summary>
internal sealed class DeclareResponses(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var responses = operation.Responses ??= [];
        var hasBody = operation.RequestBody is not null;
        var hasPathId = description.ParameterDescriptions.Any(p => p.Source.Id == "Path");
        var isWrite = !HttpMethods.IsGet(description.HttpMethod ?? "GET") && !HttpMethods.IsHead(description.HttpMethod ?? "GET");
        var authenticated = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

        if (metadata.OfType<DownloadEndpoint>().LastOrDefault() is { } download)
        {
            responses["200"] = Download(download);
        }

        if (metadata.OfType<RedirectsMergedAwayEndpoint>().Any())
        {
            responses["308"] = new OpenApiResponseReference(ApiComponents.MergedAway);
        }

        if (hasBody || operation.Parameters is { Count: > 0 } || responses.ContainsKey("400"))
        {
            responses["400"] = new OpenApiResponseReference(ApiComponents.Invalid);
        }

        if (authenticated)
        {
            responses["401"] = new OpenApiResponseReference(ApiComponents.Unauthorized);
            if (isWrite || responses.ContainsKey("403") || await BoundToRolesAsync(metadata))
            {
                responses["403"] = new OpenApiResponseReference(ApiComponents.Forbidden);
            }
        }

        if (hasPathId || metadata.OfType<AnswersNotFoundEndpoint>().Any())
        {
            responses["404"] = new OpenApiResponseReference(ApiComponents.NotFound);
        }
        else
        {
            responses.Remove("404");
        }

        if (responses.ContainsKey("409"))
        {
            responses["409"] = new OpenApiResponseReference(ApiComponents.Conflict);
        }

        if (metadata.OfType<IfMatchEndpoint>().Any())
        {
            AddParameter(operation, ApiComponents.IfMatch);
            responses["412"] = new OpenApiResponseReference(ApiComponents.PreconditionFailed);
        }

        if (hasBody)
        {
            responses["415"] = new OpenApiResponseReference(ApiComponents.UnsupportedMediaType);
        }

        var idempotent = metadata.OfType<IdempotentEndpoint>().Any();
        if (idempotent)
        {
            AddParameter(operation, ApiComponents.IdempotencyKey);
            responses["409"] = new OpenApiResponseReference(ApiComponents.Conflict);
            responses["422"] = new OpenApiResponseReference(ApiComponents.IdempotencyKeyReused);
        }

        // Every operation reads or writes the database (a bearer token is checked against it too).
        responses["503"] = new OpenApiResponseReference(ApiComponents.DatabaseUnavailable);
        responses["507"] = new OpenApiResponseReference(ApiComponents.StorageFull);

        var sendsETag = metadata.OfType<ETagEndpoint>().Any();
        foreach (var (status, response) in responses)
        {
            if (response is not OpenApiResponse success || !status.StartsWith('2'))
            {
                continue;
            }

            if (status is "201" or "202")
            {
                AddHeader(success, ApiComponents.Location);
            }

            if (sendsETag && status is "200" or "201")
            {
                AddHeader(success, ApiComponents.ETag);
            }

            if (idempotent && status is "200" or "201")
            {
                AddHeader(success, ApiComponents.IdempotentReplayed);
            }
        }
    }

    private async Task<bool> BoundToRolesAsync(IList<object> metadata)
    {
        foreach (var name in metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct())
        {
            if (await policies.GetPolicyAsync(name) is { } policy && policy.Requirements.OfType<RolesAuthorizationRequirement>().Any())
            {
                return true;
            }
        }

        return metadata.OfType<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Roles));
    }

    private static OpenApiResponse Download(DownloadEndpoint download) => new()
    {
        Description = "The file, as an attachment (`Content-Disposition` names it).",
        Headers = new Dictionary<string, IOpenApiHeader> { ["Content-Disposition"] = new OpenApiHeaderReference(ApiComponents.ContentDisposition) },
        Content = download.MediaTypes.ToDictionary(t => t, _ => new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
        }),
    };

    private static void AddParameter(OpenApiOperation operation, string component)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameterReference(component));
    }

    private static void AddHeader(OpenApiResponse response, string component)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[component] = new OpenApiHeaderReference(component);
    }
}
