using Rapport.Infrastructure.Data;

namespace Rapport.Fuzz;

/// <summary>
/// The product's own host, in process, as a fuzz target sees it: the bench's host or the integration tests' factory.
/// <paramref name="ClientAs"/> gives a client signed in with an API token of a member of staff with that role (null: no credentials).
/// </summary>
public sealed record FuzzHost(IServiceProvider Services, Func<string?, HttpClient> ClientAs, DatabaseProvider Provider);
