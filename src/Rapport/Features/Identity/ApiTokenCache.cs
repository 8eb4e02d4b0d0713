using System.Collections.Concurrent;
using System.Security.Claims;

namespace Rapport.Features.Identity;

/// <summary>
/// The claims of recently authenticated API tokens, by token hash, so a busy API client costs no queries per call.
/// Entries live <see cref="Lifetime"/>; this node forgets them at once when a token is revoked or its user changes
/// (<see cref="ApiTokenCacheInvalidation"/>); other nodes see such changes when their entry expires.
/// </summary>
public sealed class ApiTokenCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<Claim>?>>> loading = new(StringComparer.Ordinal);
    private long generation;

    /// <summary>Changes whenever something is forgotten; read it before loading a token, pass it to <see cref="Remember"/>.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public IReadOnlyList<Claim>? Find(string tokenHash)
    {
        if (!entries.TryGetValue(tokenHash, out var entry))
        {
            return null;
        }

        if (time.GetUtcNow() < entry.Expires)
        {
            return entry.Claims;
        }

        entries.TryRemove(KeyValuePair.Create(tokenHash, entry));
        return null;
    }

    /// <summary>
    /// Runs <paramref name="load"/> once for a token however many requests miss it at the same moment (at start-up or
    /// when the entry expires, every request in flight would otherwise load the same token and user).
    /// </summary>
    public async Task<IReadOnlyList<Claim>?> LoadOnceAsync(string tokenHash, Func<Task<IReadOnlyList<Claim>?>> load)
    {
        var shared = loading.GetOrAdd(tokenHash, _ => new Lazy<Task<IReadOnlyList<Claim>?>>(load));
        try
        {
            return await shared.Value;
        }
        finally
        {
            loading.TryRemove(KeyValuePair.Create(tokenHash, shared));
        }
    }

    /// <summary>Keeps the claims unless something was forgotten since <paramref name="loadedAt"/>: what was read may be stale.</summary>
    public void Remember(string tokenHash, Guid userId, IEnumerable<Claim> claims, long loadedAt, DateTime? tokenExpiresAt = null)
    {
        var expires = time.GetUtcNow() + Lifetime;
        if (tokenExpiresAt is { } end && new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc)) < expires)
        {
            expires = new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc));
        }

        var entry = new Entry(userId, [.. claims], expires);
        entries[tokenHash] = entry;
        if (Generation != loadedAt)
        {
            entries.TryRemove(KeyValuePair.Create(tokenHash, entry));
        }
    }

    public void ForgetToken(string tokenHash)
    {
        Interlocked.Increment(ref generation);
        entries.TryRemove(tokenHash, out _);
    }

    public void ForgetUser(Guid userId)
    {
        Interlocked.Increment(ref generation);
        foreach (var (hash, entry) in entries)
        {
            if (entry.UserId == userId)
            {
                entries.TryRemove(KeyValuePair.Create(hash, entry));
            }
        }
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    private sealed record Entry(Guid UserId, Claim[] Claims, DateTimeOffset Expires);
}
