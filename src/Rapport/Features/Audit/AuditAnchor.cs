using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rapport.Features.Audit;

/// <summary>The end of the audit chain: its last entry's sequence (which is also the number of entries) and hash.</summary>
public sealed record AuditHead(long Sequence, string Hash);

/// <summary>
/// A signed statement, kept outside the database, that at <see cref="At"/> the audit chain ran to entry
/// <see cref="Sequence"/> whose hash was <see cref="Hash"/> (like a certificate-transparency signed tree head).
/// Because every entry's hash covers all entries before it, one anchor vouches for the whole chain up to it: the
/// database can later only grow past it. Deleting entries from the end, or rewriting the chain up to the anchored
/// entry, is found by <see cref="AuditAnchors"/>. The signature is HMAC-SHA256 under the anchor key
/// (<see cref="AuditAnchorKey"/>); <see cref="Key"/> names that key without revealing it.
/// One anchor is one line of JSON in the anchor file:
/// <c>{"v":1,"sequence":1234,"hash":"…","at":"2026-03-02T09:00:00.0000000+00:00","key":"3f2a…","signature":"…"}</c>.
/// </summary>
public sealed record AuditAnchor(long Sequence, string Hash, DateTimeOffset At, string Key, string Signature)
{
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static AuditAnchor Sign(AuditHead head, DateTimeOffset at, AuditAnchorKey key)
    {
        var utc = at.ToUniversalTime();
        return new AuditAnchor(head.Sequence, head.Hash, utc, key.Id, key.Sign(Canonical(head.Sequence, head.Hash, utc, key.Id)));
    }

    /// <summary>
    /// What the signature covers: every field, each in one fixed spelling (the time as UTC ticks), with a label so
    /// a signature made by this key for anything else can never pass for an anchor.
    /// </summary>
    internal static string Canonical(long sequence, string hash, DateTimeOffset at, string keyId) =>
        string.Join('\n', "rapport-audit-anchor", FormatVersion.ToString(CultureInfo.InvariantCulture),
            sequence.ToString(CultureInfo.InvariantCulture), hash, at.UtcTicks.ToString(CultureInfo.InvariantCulture), keyId);

    /// <summary>True when <paramref name="key"/> made this anchor's signature over exactly these fields.</summary>
    public bool IsSignedBy(AuditAnchorKey key) =>
        Key == key.Id && key.Verifies(Canonical(Sequence, Hash, At, Key), Signature);

    public string ToJsonLine() => JsonSerializer.Serialize(new Line(FormatVersion, Sequence, Hash, At.ToUniversalTime(), Key, Signature), Json);

    /// <summary>Reads one line of the anchor file; <paramref name="error"/> says what is wrong with a line that is not an anchor.</summary>
    public static bool TryParse(string text, out AuditAnchor anchor, out string error)
    {
        anchor = null!;
        Line? line;
        try
        {
            line = JsonSerializer.Deserialize<Line>(text, Json);
        }
        catch (JsonException)
        {
            error = "it is not a JSON anchor";
            return false;
        }

        error = line switch
        {
            null => "it is not a JSON anchor",
            { V: not FormatVersion } => $"its format version is {line.V}, not {FormatVersion}",
            { Sequence: < 1 } => "its sequence is not a positive number",
            _ when !IsHex(line.Hash, 64) => "its hash is not 64 hexadecimal digits",
            { At: null } => "it has no time",
            _ when !IsHex(line.Key, 16) => "its key id is not 16 hexadecimal digits",
            _ when !IsHex(line.Signature, 64) => "its signature is not 64 hexadecimal digits",
            _ => "",
        };
        if (error.Length > 0)
        {
            return false;
        }

        anchor = new AuditAnchor(line!.Sequence, line.Hash!, line.At!.Value, line.Key!, line.Signature!);
        return true;
    }

    private static bool IsHex(string? text, int length) =>
        text is not null && text.Length == length && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private sealed record Line(int V, long Sequence, string? Hash, DateTimeOffset? At, string? Key, string? Signature);
}

/// <summary>
/// The secret anchors are signed with (at least 32 random bytes). It is never written to logs or output: it is shown
/// only by its <see cref="Id"/>, a fingerprint that says which key signed an anchor without helping to forge one.
/// </summary>
public sealed class AuditAnchorKey
{
    public const int MinimumBytes = 32;
    private readonly byte[] secret;

    private AuditAnchorKey(byte[] secret, string source, bool besideTheData)
    {
        this.secret = secret;
        Source = source;
        BesideTheData = besideTheData;
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(secret, "rapport-audit-anchor-key-id"u8))[..16];
    }

    /// <summary>16 hexadecimal digits derived from the key; safe to show.</summary>
    public string Id { get; }

    /// <summary>Where the key came from, for messages ("the setting Rapport:Audit:AnchorKey" or "the key file …").</summary>
    public string Source { get; }

    /// <summary>True for the default key file that Rapport generated in its data folder, beside the database.</summary>
    public bool BesideTheData { get; }

    /// <summary>A key from its base64 text (as in configuration or a key file); null with a reason when it is not one.</summary>
    public static AuditAnchorKey? FromBase64(string text, string source, bool besideTheData, out string? problem)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            problem = $"{source} is not base64 (generate a key with `openssl rand -base64 32`)";
            return null;
        }

        if (bytes.Length < MinimumBytes)
        {
            problem = $"{source} holds {bytes.Length} bytes; an anchor key needs at least {MinimumBytes} random bytes (`openssl rand -base64 32`)";
            return null;
        }

        problem = null;
        return new AuditAnchorKey(bytes, source, besideTheData);
    }

    /// <summary>A new random key, base64-encoded, for a key file.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumBytes));

    internal string Sign(string canonical) => Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(canonical)));

    internal bool Verifies(string canonical, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(canonical)), Encoding.ASCII.GetBytes(signature));

    public override string ToString() => $"anchor key {Id}";
}
