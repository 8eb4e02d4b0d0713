using System.Diagnostics;

namespace Rapport.IntegrationTests.Cli;

/// <summary>The built <c>rapport</c> executable run as an administrator would, against its own SQLite file.</summary>
public sealed class RapportProcess : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("rapport-cli-").FullName;

    public string DatabaseFile => Path.Combine(directory, "rapport.db");

    public string ConnectionString => $"Data Source={DatabaseFile}";

    public string PathOf(string file) => Path.Combine(directory, file);

    /// <summary>The host's own build output (src/Rapport/bin/…), falling back to the copy beside the tests.</summary>
    private static string Executable
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

        start.Environment["Rapport__Database__Provider"] = "Sqlite";
        start.Environment["Rapport__Database__ConnectionString"] = ConnectionString;
        start.Environment["Rapport__KeysDirectory"] = Path.Combine(directory, "keys");
        start.Environment["DOTNET_NOLOGO"] = "1";
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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
