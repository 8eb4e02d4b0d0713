namespace Rapport.TestData;

/// <summary>
/// The real-world emails of <c>shared/testdata/email</c> (see its README), found beside the repository: the
/// directory is looked for in every parent of the test's base directory, as CI lays <c>shared/</c> beside the clone.
/// </summary>
public static class TestEmails
{
    private static readonly Lazy<string> Location = new(Find);

    public static string Directory => Location.Value;

    /// <summary>File names of every test email, sorted.</summary>
    public static IReadOnlyList<string> All =>
        System.IO.Directory.GetFiles(Directory, "*.eml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    /// <summary>The file as IMAP wants it: every bare LF made CRLF, nothing else changed.</summary>
    public static byte[] ForImap(string name)
    {
        var raw = Read(name);
        var output = new List<byte>(raw.Length + raw.Length / 20);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r'))
            {
                output.Add((byte)'\r');
            }

            output.Add(raw[i]);
        }

        return output.ToArray();
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "testdata", "email");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No shared/testdata/email directory in any parent of {AppContext.BaseDirectory}. The email tests read the real-world " +
            "emails from ../shared/testdata/email beside the repository; put the shared folder there.");
    }
}
