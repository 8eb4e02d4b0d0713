namespace Rapport.IntegrationTests.Api.Contract;

/// <summary>One request a client sent and the answer it got, as they crossed the wire.</summary>
public sealed record RecordedExchange(string Method, string Path, int Status, IReadOnlyDictionary<string, string> Headers, string? MediaType, string Body)
{
    public override string ToString() => $"{Method} {Path} → {Status}";

    /// <summary>Records <paramref name="response"/> (its body is buffered, so the client still reads it).</summary>
    public static async Task<RecordedExchange> OfAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken ct)
    {
        await response.Content.LoadIntoBufferAsync(ct);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(", ", values);
        }

        return new RecordedExchange(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, headers,
            response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(ct));
    }
}
