using System.Diagnostics;

namespace Rapport.IntegrationTests.Cli;

/// <summary>
/// The built <c>rapport</c> executable run as an administrator would, against its own SQLite file (or the database
/// given by <see cref="Provider"/> and <see cref="ConnectionString"/>).
/// </summary>
public sealed class RapportProcess : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("rapport-cli-").FullName;
    private readonly string? connectionString;

    public string DatabaseFile => Path.Combine(directory, "rapport.db");

    public string Provider { get; init; } = "Sqlite";

    /// <summary>The connection string given to the process; empty gives none, so it uses its default <c>./data/rapport.db</c>.</summary>
    public string ConnectionString
    {
        get => connectionString ?? $"Data Source={DatabaseFile}";
        init => connectionString = value;
    }

    public string PathOf(string file) => Path.Combine(directory, file);

    /// <summary>The working folder the commands run in.</summary>
    public string Directory => directory;

    /// <summary>More environment variables (settings) for every command, e.g. <c>Rapport__Audit__AnchorKey</c>.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>The host's own build output (src/Rapport/bin/…), falling back to the copy beside the tests.</summary>
    internal static string Executable
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var (framework, configuration) = (here.Name, here.Parent!.Name);
            for (var dir = here; dir is not null; dir = dir.Parent)
            {
                var built = Path.Combine(dir.FullName, "src", "Rapport", "bin", configuration, framework, "rapport.dll");
                if (File.Exists(Path.Combine(dir.FullName, "Rapport.slnx")) && File.Exists(built))
                {
                    return built;
                }
            }

            return Path.Combine(AppContext.BaseDirectory, "rapport.dll");
        }
    }

    public async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Executable);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        SetEnvironment(start);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // protection against a hung process, not a speed check
        try
        {
            await process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rapport {string.Join(' ', args)} did not finish.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts <c>rapport serve</c> on a free port and waits until it answers /health.</summary>
    public async Task<RapportServer> ServeAsync()
    {
        var server = Launch();
        await server.WaitUntilHealthyAsync();
        return server;
    }

    /// <summary>Starts <c>rapport serve</c> without waiting for it: it may still be migrating the database.</summary>
    public RapportServer Launch()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory };
        start.ArgumentList.Add(Executable);
        start.ArgumentList.Add("serve");
        SetEnvironment(start);
        start.Environment["Rapport__Demo__Seed"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return RapportServer.Launch(start);
    }

    private void SetEnvironment(ProcessStartInfo start)
    {
        start.Environment["Rapport__Database__Provider"] = Provider;
        start.Environment["Rapport__Database__ConnectionString"] = ConnectionString;
        start.Environment["Rapport__KeysDirectory"] = Path.Combine(directory, "keys");
        start.Environment["Rapport__BlobsDirectory"] = Path.Combine(directory, "blobs");
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
