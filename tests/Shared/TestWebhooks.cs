using System.Text.Json.Nodes;

namespace Rapport.TestData;

/// <summary>
/// The provider webhook cases of <c>shared/testdata/webhooks</c> (see its SIGNATURES.md), found beside the repository the
/// same way as <see cref="TestEmails"/>: the directory is looked for in every parent of the test's base directory.
/// </summary>
public static class TestWebhooks
{
    private static readonly Lazy<string> Location = new(Find);

    public static string Directory => Location.Value;

    /// <summary>Paths like <c>twilio/status-sent.case.json</c> of every case of one provider folder, sorted.</summary>
    public static IReadOnlyList<string> Cases(string provider) =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, provider), "*.case.json")
            .Select(path => $"{provider}/{Path.GetFileName(path)}")
            .Order(StringComparer.Ordinal)
            .ToList();

    public static JsonNode Case(string path) => JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, path)))!;

    /// <summary>A file next to the case, as stored: no re-encoding, no trailing newline added.</summary>
    public static byte[] Sibling(string casePath, string fileName) =>
        File.ReadAllBytes(Path.Combine(Directory, Path.GetDirectoryName(casePath)!, fileName));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "testdata", "webhooks");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No shared/testdata/webhooks directory in any parent of {AppContext.BaseDirectory}. The webhook tests read the " +
            "provider cases from ../shared/testdata/webhooks beside the repository; put the shared folder there.");
    }
}
