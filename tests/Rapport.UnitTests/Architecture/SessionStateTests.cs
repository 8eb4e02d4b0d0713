using System.Text.RegularExpressions;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Rapport.Features.Customers;

namespace Rapport.UnitTests.Architecture;

/// <summary>
/// PostgreSQL connections go back to Npgsql's pool as they are (No Reset On Close, see DatabaseOptions), so no statement
/// Rapport sends may leave anything of a session behind for the next lease: a setting without LOCAL, a session advisory
/// lock, LISTEN (but on the live backplane's own connection outside the pool), a prepared statement or cursor of its own,
/// a temporary table. Read from every string the host's code holds, so a statement added anywhere is checked.
/// </summary>
public sealed partial class SessionStateTests
{
    /// <summary>Where a statement may do it, and why: the type's full name.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["Rapport.Infrastructure.RealTime.PostgresBackplane"] = "LISTEN on a connection opened with Pooling=false",
    };

    // Case matters: the keywords as SQL is written here (the complaint flow's "Listen" is not LISTEN).
    [GeneratedRegex("""
        (^|;)\s*(SET\s+(SESSION\s+)?(?!LOCAL\b|TRANSACTION\b|CONSTRAINTS\b)[A-Za-z_.]+\s*(=|TO\b)|LISTEN\s+\w|PREPARE\s+\w|CREATE\s+(TEMP|TEMPORARY)\b|DECLARE\b[^;]*\bWITH\s+HOLD)
        |pg_(try_)?advisory_lock(_shared)?\s*\(
        |set_config\s*\([^)]*,\s*false\s*\)
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.Singleline)]
    private static partial Regex SessionState();

    [Theory]
    [InlineData("SET jit = off")]
    [InlineData("SELECT 1; SET SESSION statement_timeout TO 0")]
    [InlineData("SELECT pg_advisory_lock(42)")]
    [InlineData("SELECT pg_try_advisory_lock(1, 2)")]
    [InlineData("LISTEN rapport_live")]
    [InlineData("CREATE TEMP TABLE t (x int)")]
    [InlineData("DECLARE c CURSOR WITH HOLD FOR SELECT 1")]
    [InlineData("SELECT set_config('search_path', 'x', false)")]
    public void What_would_outlive_the_lease_is_recognised(string statement) => Assert.Matches(SessionState(), statement);

    [Theory]
    [InlineData("SET LOCAL jit = off; SET LOCAL plan_cache_mode = force_custom_plan")]
    [InlineData("SET TRANSACTION READ ONLY")]
    [InlineData("SELECT pg_advisory_xact_lock(42)")]
    [InlineData("SELECT pg_try_advisory_xact_lock(7) AS \"Value\"")]
    [InlineData("UPDATE customers SET \"Name\" = @p0 WHERE \"Id\" = @p1")]
    [InlineData("SELECT set_config('rapport.actor', 'x', true)")]
    public void What_ends_with_the_transaction_is_not(string statement) => Assert.DoesNotMatch(SessionState(), statement);

    [Fact]
    public void No_statement_leaves_session_state_on_a_pooled_connection()
    {
        var found = Strings().Where(s => SessionState().IsMatch(s.Text) && !Allowed.ContainsKey(s.Type)).Select(s => $"{s.Type}: {s.Text}").Distinct().ToList();

        Assert.True(found.Count == 0, "Session state on a pooled connection:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_strings_read_are_the_host_s_statements()
    {
        // Guards the guard: the live backplane's LISTEN and the search's SET LOCAL are both strings it must see.
        var strings = Strings().ToList();

        Assert.Contains(strings, s => s.Type == "Rapport.Infrastructure.RealTime.PostgresBackplane" && SessionState().IsMatch(s.Text));
        Assert.Contains(strings, s => s.Text.Contains("SET LOCAL jit = off", StringComparison.Ordinal));
    }

    /// <summary>Every string literal in the host's method bodies, with the top-level type whose code holds it.</summary>
    private static IEnumerable<(string Type, string Text)> Strings()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(Customer).Assembly.Location);
        var found = new List<(string, string)>();
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var outer = type;
            while (outer.DeclaringType is not null)
            {
                outer = outer.DeclaringType;
            }

            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                found.AddRange(method.Body.Instructions.Where(i => i.OpCode == OpCodes.Ldstr).Select(i => (outer.FullName, (string)i.Operand)));
            }
        }

        return found;
    }
}
