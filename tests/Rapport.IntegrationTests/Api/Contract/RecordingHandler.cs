using System.Collections.Concurrent;

namespace Rapport.IntegrationTests.Api.Contract;

/// <summary>The last handler before the server: records every exchange, including redirects the client follows itself.</summary>
public sealed class RecordingHandler(ConcurrentQueue<RecordedExchange> recording, HttpMessageHandler server) : DelegatingHandler(server)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        recording.Enqueue(await RecordedExchange.OfAsync(request, response, cancellationToken));
        return response;
    }
}
