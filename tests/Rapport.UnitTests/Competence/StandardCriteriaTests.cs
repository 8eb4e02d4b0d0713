using System.Text.RegularExpressions;
using Rapport.Features.Competence;

namespace Rapport.UnitTests.Competence;

/// <summary>
/// The criteria table the product carries is the standards' own: parsed again from shared/standards (beside the
/// repository) whenever the files are there, so an edit to a standard that the table misses fails here.
/// </summary>
public sealed partial class StandardCriteriaTests
{
    [GeneratedRegex(@"^(\d+\.|-)\s*")]
    private static partial Regex ListMarker();

    private static DirectoryInfo? StandardsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = new DirectoryInfo(Path.Combine(dir.FullName, "shared", "standards"));
            if (candidate.Exists && candidate.GetFiles("*.txt").Length > 0)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Performance criteria: the lines between "Performance criteria" and "Knowledge and understanding"; 003 has key concepts instead.</summary>
    private static List<Criterion> Parse(FileInfo file)
    {
        var standard = file.Name[..3];
        var lines = File.ReadAllLines(file.FullName).Select(l => l.Trim()).ToList();
        var found = new List<Criterion>();
        if (standard == "003")
        {
            foreach (var line in lines.SkipWhile(l => l != "Key Concepts & Core Principles").Skip(1).TakeWhile(l => l.StartsWith("- ", StringComparison.Ordinal)))
            {
                found.Add(new Criterion(standard, $"KC{found.Count + 1}", line[2..].Trim()));
            }

            return found;
        }

        foreach (var line in lines.SkipWhile(l => l != "Performance criteria").Skip(1)
                     .TakeWhile(l => !l.StartsWith("Knowledge and", StringComparison.OrdinalIgnoreCase)))
        {
            if (line.Length > 0 && !line.StartsWith("You must", StringComparison.Ordinal))
            {
                found.Add(new Criterion(standard, $"PC{found.Count + 1}", ListMarker().Replace(line, "")));
            }
        }

        return found;
    }

    [Fact]
    public void The_table_matches_the_standards_files_when_they_are_present()
    {
        if (StandardsDirectory() is not { } dir)
        {
            return; // a checkout without the shared folder: the table is all there is
        }

        var parsed = dir.GetFiles("*.txt").OrderBy(f => f.Name, StringComparer.Ordinal).SelectMany(Parse).ToList();

        Assert.Equal(5, parsed.Select(c => c.Standard).Distinct().Count());
        Assert.Equal(parsed, StandardCriteria.All);
    }

    [Fact]
    public void The_behaviours_of_000_match_the_file_when_it_is_present()
    {
        if (StandardsDirectory()?.GetFiles("000_*.txt").SingleOrDefault() is not { } file)
        {
            return;
        }

        var behaviours = File.ReadAllLines(file.FullName).Select(l => l.Trim()).SkipWhile(l => l != "Behaviours").Skip(1)
            .TakeWhile(l => l != "Skills").Where(l => ListMarker().IsMatch(l)).Select(l => ListMarker().Replace(l, "")).ToList();

        Assert.Equal(10, behaviours.Count);
        Assert.Equal(behaviours, StandardCriteria.Behaviours000);
    }

    [Fact]
    public void Every_criterion_has_a_title_and_the_evidence_map_names_only_real_criteria()
    {
        Assert.Equal(56, StandardCriteria.All.Count);
        Assert.All(StandardCriteria.All, c => Assert.True(StandardCriteria.Titles.ContainsKey(c.Standard)));
        var ids = StandardCriteria.All.Select(c => c.Id).ToHashSet();
        Assert.Empty(CriterionEvidence.Needs.Keys.Except(ids));
        Assert.Equal(ids.Count, StandardCriteria.All.Select(c => c.Id).Distinct().Count());
    }
}
