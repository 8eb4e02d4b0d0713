namespace Rapport.Load.Running;

/// <summary>What one operation came back with: the status (or failure) and whether that is what the scenario expects.</summary>
internal readonly record struct Outcome(string Operation, string Result, bool IsError)
{
    public static Outcome Expected(string operation, int status) => new(operation, status.ToString(System.Globalization.CultureInfo.InvariantCulture), false);

    public static Outcome Unexpected(string operation, string result) => new(operation, result, true);
}
