namespace Rapport.Features.Audit;

/// <summary>
/// Where anchors go and what signs them, from <c>Rapport:Audit</c>:
/// <c>AnchorPath</c> (default <c>./data/audit-anchors.jsonl</c>), <c>AnchorKey</c> (base64 of at least 32 random
/// bytes, from a secret store or the environment), else <c>AnchorKeyFile</c> (a file holding such a key; by default
/// <c>./data/audit-anchor.key</c>, generated with owner-only permissions when the first anchor is written) and
/// <c>AnchorMinutes</c> (how often the server anchors; default 1440, a day; 0 turns the schedule off).
/// </summary>
public sealed class AuditAnchorSettings
{
    public const string Section = "Rapport:Audit";
    public const string KeySetting = Section + ":AnchorKey";
    public const string KeyFileSetting = Section + ":AnchorKeyFile";
    public const string PathSetting = Section + ":AnchorPath";
    public const int DefaultMinutes = 24 * 60;

    /// <summary>The anchor file (JSON lines), full path.</summary>
    public required string Path { get; init; }

    /// <summary>The key itself when it is configured (base64); never logged.</summary>
    public string? Key { get; init; }

    /// <summary>The key file, full path, used when <see cref="Key"/> is not set.</summary>
    public required string KeyFile { get; init; }

    /// <summary>True when the administrator chose the key file; false for the default one beside the database.</summary>
    public bool KeyFileChosen { get; init; }

    /// <summary>How often the server writes an anchor; null when it does not.</summary>
    public TimeSpan? Interval { get; init; }

    public static AuditAnchorSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var keyFile = section["AnchorKeyFile"];
        var minutes = section.GetValue("AnchorMinutes", DefaultMinutes);
        return new AuditAnchorSettings
        {
            Path = System.IO.Path.GetFullPath(NonEmpty(section["AnchorPath"]) ?? System.IO.Path.Combine("data", "audit-anchors.jsonl")),
            Key = NonEmpty(section["AnchorKey"]),
            KeyFile = System.IO.Path.GetFullPath(NonEmpty(keyFile) ?? System.IO.Path.Combine("data", "audit-anchor.key")),
            KeyFileChosen = NonEmpty(keyFile) is not null,
            Interval = minutes > 0 ? TimeSpan.FromMinutes(minutes) : null,
        };
    }

    /// <summary>The same settings reading and writing anchors at another file (e.g. an off-site copy).</summary>
    public AuditAnchorSettings WithPath(string path) => new()
    {
        Path = System.IO.Path.GetFullPath(path),
        Key = Key,
        KeyFile = KeyFile,
        KeyFileChosen = KeyFileChosen,
        Interval = Interval,
    };

    /// <summary>
    /// The configured key, for checking anchors: never creates a key file. Null with the reason when there is none or it
    /// cannot be read.
    /// </summary>
    public AuditAnchorKey? FindKey(out string? problem)
    {
        if (Key is not null)
        {
            return AuditAnchorKey.FromBase64(Key, $"the setting {KeySetting}", besideTheData: false, out problem);
        }

        if (!File.Exists(KeyFile))
        {
            problem = KeyFileChosen
                ? $"the anchor key file '{KeyFile}' ({KeyFileSetting}) does not exist"
                : $"no anchor key is configured ({KeySetting} or {KeyFileSetting}) and the default key file '{KeyFile}' does not exist";
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(KeyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"the anchor key file '{KeyFile}' cannot be read ({e.Message})";
            return null;
        }

        return AuditAnchorKey.FromBase64(text, $"the key file '{KeyFile}'", besideTheData: !KeyFileChosen, out problem);
    }

    /// <summary>
    /// The key for signing a new anchor. With nothing configured, the default key file is generated on first use,
    /// readable by its owner only. A key file the administrator chose is never generated: a missing one is an error
    /// (a fresh key would make every earlier anchor unverifiable).
    /// </summary>
    public AuditAnchorKey KeyForSigning()
    {
        if (Key is null && !KeyFileChosen && !File.Exists(KeyFile))
        {
            CreateKeyFile(KeyFile);
        }

        return FindKey(out var problem) ?? throw new InvalidOperationException($"Cannot sign an audit anchor: {problem}.");
    }

    private static void CreateKeyFile(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temp, options))
        {
            writer.WriteLine(AuditAnchorKey.Generate());
        }

        try
        {
            File.Move(temp, path, overwrite: false); // whole or not at all, so no reader sees a half-written key
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp); // another process generated it first: theirs is used
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
