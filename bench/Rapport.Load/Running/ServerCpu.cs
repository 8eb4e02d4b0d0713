using System.Globalization;

namespace Rapport.Load.Running;

/// <summary>
/// CPU time (user + system) a process on this machine has used, from <c>/proc/PID/stat</c>, so a run can report the
/// server's CPU per request. Clock ticks are 1/100 s on Linux; a run of a few thousand requests makes that fine enough.
/// </summary>
internal static class ServerCpu
{
    private const double TicksPerSecond = 100;

    public static TimeSpan? Read(int? pid)
    {
        if (pid is not { } id || !File.Exists($"/proc/{id}/stat"))
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var stat = File.ReadAllText($"/proc/{id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
