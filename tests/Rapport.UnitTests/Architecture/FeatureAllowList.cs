namespace Rapport.UnitTests.Architecture;

/// <summary>
/// The allow-list of feature dependencies (feature-dependencies.txt): one line per feature, <c>Cases -> Conversations, Customers</c>;
/// <c>#</c> starts a comment. Compared both ways with what the code uses, so the list stays true.
/// </summary>
public sealed class FeatureAllowList
{
    private readonly SortedDictionary<string, SortedSet<string>> allowed = new(StringComparer.Ordinal);

    private FeatureAllowList()
    {
    }

    public static FeatureAllowList Parse(string text)
    {
        var list = new FeatureAllowList();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = (raw.Contains('#', StringComparison.Ordinal) ? raw[..raw.IndexOf('#', StringComparison.Ordinal)] : raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var arrow = line.IndexOf("->", StringComparison.Ordinal);
            if (arrow <= 0)
            {
                throw new FormatException($"feature-dependencies.txt line {lineNumber}: expected 'Feature -> Other, Another', got '{raw.Trim()}'");
            }

            var from = line[..arrow].Trim();
            if (list.allowed.ContainsKey(from))
            {
                throw new FormatException($"feature-dependencies.txt line {lineNumber}: {from} is listed twice");
            }

            list.allowed[from] = new SortedSet<string>(line[(arrow + 2)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                StringComparer.Ordinal);
        }

        return list;
    }

    public bool Allows(string from, string to) => allowed.TryGetValue(from, out var tos) && tos.Contains(to);

    /// <summary>What is wrong, one paragraph per feature whose line does not match the code, each with the line to write instead.</summary>
    public IReadOnlyList<string> Compare(IReadOnlyList<FeatureUse> uses)
    {
        var used = uses.GroupBy(u => u.From).ToDictionary(g => g.Key, g => g.GroupBy(u => u.To).ToDictionary(t => t.Key, t => t.ToList()));
        var problems = new List<string>();
        foreach (var from in used.Keys.Union(allowed.Keys).Order(StringComparer.Ordinal))
        {
            var actual = used.TryGetValue(from, out var a) ? a : [];
            var listed = allowed.TryGetValue(from, out var l) ? l : [];
            var unlisted = actual.Keys.Where(to => !listed.Contains(to)).Order(StringComparer.Ordinal).ToList();
            var unused = listed.Where(to => !actual.ContainsKey(to)).ToList();
            if (unlisted.Count == 0 && unused.Count == 0)
            {
                continue;
            }

            var lines = new List<string>();
            foreach (var to in unlisted)
            {
                var by = actual[to];
                lines.Add($"  {from} -> {to} is not allowed; used by {string.Join(", ", by.Take(5).Select(u => $"{u.FromType} -> {u.ToType}"))}"
                    + (by.Count > 5 ? $" and {by.Count - 5} more" : ""));
            }

            lines.AddRange(unused.Select(to => $"  {from} -> {to} is allowed but no longer used: take it off the list"));
            lines.Add($"  if that is right, make the line read:  {Line(from, actual.Keys)}");
            problems.Add($"{from}:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
        }

        return problems;
    }

    public static string Line(string from, IEnumerable<string> tos) => $"{from} -> {string.Join(", ", tos.Order(StringComparer.Ordinal))}".TrimEnd();
}
