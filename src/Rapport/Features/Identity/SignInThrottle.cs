using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Rapport.Features.Identity;

/// <summary>How many failed sign-ins are allowed in a window before the next attempt is refused (<c>Rapport:SignIn</c>).</summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "Rapport:SignIn";

    /// <summary>Failures for one email, whether or not an account has it, so the answer says nothing about which exist.</summary>
    public int FailuresPerAccount { get; set; } = 5;

    /// <summary>Failures from one client address (an IPv6 client's /64): higher, as an office may share one address.</summary>
    public int FailuresPerAddress { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Counts failed sign-ins per account and per client address in fixed windows that start at the first failure. Once
/// a count reaches its limit, further attempts are refused without checking the password until the window ends.
/// Counts live in this node's memory: with several nodes an attacker gets each node's allowance, and Identity's
/// lockout (kept in the database) still stops a real account after <c>Lockout.MaxFailedAccessAttempts</c>.
/// </summary>
public sealed class SignInThrottle(TimeProvider time, IOptions<SignInThrottleOptions> options)
{
    /// <summary>Above this many windows, ended ones are dropped, so a spray of made-up emails cannot grow memory for long.</summary>
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.Ordinal);

    /// <summary>How long to wait before the next attempt for <paramref name="account"/> from <paramref name="address"/>; null: try now.</summary>
    public TimeSpan? RetryAfter(IPAddress? address, string account)
    {
        var now = time.GetUtcNow();
        var byAccount = Wait(AccountKey(account), options.Value.FailuresPerAccount, now);
        var byAddress = Wait(AddressKey(address), options.Value.FailuresPerAddress, now);
        return byAccount is null ? byAddress : byAddress is null || byAccount > byAddress ? byAccount : byAddress;
    }

    public void Failed(IPAddress? address, string account)
    {
        var now = time.GetUtcNow();
        Count(AccountKey(account), now);
        Count(AddressKey(address), now);
        if (windows.Count > PruneAbove)
        {
            foreach (var (key, window) in windows)
            {
                if (window.EndedBy(now, options.Value.Window))
                {
                    windows.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>The right password ends the account's count; the address's goes on (one good account must not clear a spray).</summary>
    public void Succeeded(string account) => windows.TryRemove(AccountKey(account), out _);

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now)
    {
        if (!windows.TryGetValue(key, out var window))
        {
            return null;
        }

        lock (window)
        {
            var end = window.Start + options.Value.Window;
            return window.Failures >= limit && now < end ? end - now : null;
        }
    }

    private void Count(string key, DateTimeOffset now)
    {
        var window = windows.GetOrAdd(key, _ => new Window { Start = now });
        lock (window)
        {
            if (window.EndedBy(now, options.Value.Window))
            {
                window.Start = now;
                window.Failures = 0;
            }

            window.Failures++;
        }
    }

    private static string AccountKey(string account) => "account:" + account.Trim().ToUpperInvariant();

    private static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "address:unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // One client usually holds a whole /64.
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }

        return "address:" + address;
    }

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }

        public int Failures { get; set; }

        public bool EndedBy(DateTimeOffset now, TimeSpan length) => now >= Start + length;
    }
}
