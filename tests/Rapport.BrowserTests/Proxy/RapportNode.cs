using System.Diagnostics;
using System.Text;

namespace Rapport.BrowserTests.Proxy;

/// <summary>
/// One Rapport host running as its own process with the settings it is given (one node of several on PostgreSQL): it
/// can be killed, as a crashed node is, and started again.
/// </summary>
public sealed class RapportNode(string name, string dll, string workDir, IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private Process? process;

    public string Name { get; } = name;

    public string Url { get; } = $"http://127.0.0.1:{RapportFixture.FreePort()}";

    /// <summary>How nginx names this node in <c>$upstream_addr</c>.</summary>
    public string Address => new Uri(Url).Authority;

    public bool Running => process is { HasExited: false };

    public async Task StartAsync()
    {
        Directory.CreateDirectory(workDir);
        var start = Start(Url);
        lock (output) output.Clear();
        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start node {Name}.");
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // The first node migrates a new database and seeds the demo.
        if (await RapportFixture.HealthyAsync(Url, process, TimeSpan.FromSeconds(180)))
        {
            return;
        }

        throw new InvalidOperationException($"Node {Name} did not become healthy at {Url}/health. Its output:\n{Output}");
    }

    /// <summary>Ends the process at once, as a crash or a pulled cable would: its circuits and sockets go with it.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>An API token of <paramref name="email"/>'s, made with the CLI on the nodes' database.</summary>
    public async Task<string> CreateTokenAsync(string email)
    {
        var start = Start(url: null);
        foreach (var arg in new[] { "token", "create", "--email", email, "--name", "proxy tests" })
        {
            start.ArgumentList.Add(arg);
        }

        using var cli = Process.Start(start) ?? throw new InvalidOperationException("Could not run the CLI.");
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        var secret = (await stdout).Trim().Split('\n').LastOrDefault()?.Trim() ?? "";
        return cli.ExitCode == 0 && secret.StartsWith("rpt_", StringComparison.Ordinal)
            ? secret
            : throw new InvalidOperationException($"token create --email {email} failed ({cli.ExitCode}): {await stdout}{await stderr}");
    }

    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    public ValueTask DisposeAsync() => new(KillAsync());

    private ProcessStartInfo Start(string? url)
    {
        var start = RapportFixture.DotnetIn(workDir);
        start.ArgumentList.Add(dll);
        if (url is not null)
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(url);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return start;
    }
}
