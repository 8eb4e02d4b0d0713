namespace Rapport.IntegrationTests.Support;

/// <summary>The checkout the tests run from: the folder above the test's build output that holds Rapport.slnx.</summary>
internal static class Repository
{
    /// <summary>The repository's root folder, or null when the tests run outside a checkout.</summary>
    public static string? RootOrNull()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rapport.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The repository's root folder; fails when the tests run outside a checkout.</summary>
    public static string Root => RootOrNull() ?? throw new InvalidOperationException("The repository (Rapport.slnx) is not above the test's folder.");
}
