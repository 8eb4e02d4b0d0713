using System.Diagnostics;
using System.Globalization;

namespace Rapport.Load.Chat;

/// <summary>The <c>chat-visitors</c> child process of every phase: started with this tool's own executable, talked to by lines.</summary>
internal sealed class ChatVisitorsProcess : IAsyncDisposable
{
    private readonly Process process;

    private ChatVisitorsProcess(Process process) => this.process = process;

    public static ChatVisitorsProcess Start(string url, string siteId, string origin, int count, double interval, int seconds, string output)
    {
        var host = Environment.ProcessPath!;
        var info = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.Environment["DOTNET_gcServer"] = "0";
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ChatVisitorsProcess).Assembly.Location);
        }

        foreach (var argument in new[]
        {
            "chat-visitors", "--url", url, "--site", siteId, "--origin", origin, "--count", count.ToString(CultureInfo.InvariantCulture),
            "--interval", interval.ToString(CultureInfo.InvariantCulture), "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--out", output,
        })
        {
            info.ArgumentList.Add(argument);
        }

        return new ChatVisitorsProcess(Process.Start(info)!);
    }

    /// <summary>Starts the next phase in the same (warm) process, once the last one said <c>done</c>.</summary>
    public Task NextAsync(int count, int seconds, string output, CancellationToken ct) =>
        SayAsync(string.Create(CultureInfo.InvariantCulture, $"next {count} {seconds} {output}"), ct);

    /// <summary>Reads the child's lines until one starts with <paramref name="word"/>, and returns it.</summary>
    public async Task<string> WaitForAsync(string word, CancellationToken ct)
    {
        while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith(word, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"The visitors' process ended (exit code {(process.HasExited ? process.ExitCode : -1)}) before saying '{word}'.");
    }

    public async Task SayAsync(string line, CancellationToken ct)
    {
        await process.StandardInput.WriteLineAsync(line.AsMemory(), ct);
        await process.StandardInput.FlushAsync(ct);
    }

    public static IReadOnlyList<SentMessage> Read(string path) =>
        File.ReadLines(path).Select(line => line.Split('\t')).Select(f => new SentMessage(
            Guid.Parse(f[0]) is var id && id != Guid.Empty ? id : null,
            long.Parse(f[1], CultureInfo.InvariantCulture),
            f[2] == "-" ? null : long.Parse(f[2], CultureInfo.InvariantCulture))).ToList();

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        if (!await WaitAsync(TimeSpan.FromSeconds(20)))
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private async Task<bool> WaitAsync(TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
