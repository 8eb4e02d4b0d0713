using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Rapport.IntegrationTests.Cli;

/// <summary>A running <c>rapport serve</c> process on a free loopback port; <see cref="KillAsync"/> ends it as <c>kill -9</c> would.</summary>
public sealed class RapportServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private RapportServer(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    public static async Task<RapportServer> StartAsync(ProcessStartInfo start)
    {
        var server = Launch(start);
        await server.WaitUntilHealthyAsync();
        return server;
    }

    /// <summary>Starts the process without waiting for it to answer (to kill it while it is starting up).</summary>
    public static RapportServer Launch(ProcessStartInfo start)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var baseUrl = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        var server = new RapportServer(Process.Start(start)!, baseUrl);
        server.process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        return server;
    }

    /// <summary>SIGKILL to the process: no shutdown hooks, no flushing, nothing finishes what it was doing.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        lock (output) output.AppendLine(line);
    }

    public bool HasExited => process.HasExited;

    public async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var giveUp = DateTime.UtcNow.AddMinutes(2); // protection against a host that never starts, not a speed check
        while (DateTime.UtcNow < giveUp && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"rapport serve did not become healthy at {BaseUrl}. Its output:\n{Output}");
    }
}
