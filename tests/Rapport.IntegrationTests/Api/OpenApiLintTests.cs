using System.Diagnostics;

namespace Rapport.IntegrationTests.Api;

/// <summary>
/// Redocly's recommended lint, a tool nobody on the project wrote, passes on the live document with no error. The only
/// warnings allowed are those the API guide justifies ("OpenAPI lint"). scripts/test installs Redocly CLI into
/// artifacts/tools/redocly; RAPPORT_REDOCLY may name another redocly executable.
/// </summary>
public sealed class OpenApiLintTests(SqliteRapportFactory app) : IClassFixture<SqliteRapportFactory>
{
    /// <summary>Warnings the API guide explains, as rule and JSON pointer.</summary>
    private static readonly string[] Justified =
    [
        "operation-4xx-response #/paths/~1health/get/responses",
        // The server entry is the host the document was requested from: under test, http://localhost.
        "no-server-example.com #/servers/0/url",
    ];

    [Fact]
    public async Task Redocly_recommended_lint_finds_no_error_and_no_unjustified_warning()
    {
        var document = Path.Combine(Path.GetTempPath(), $"rapport-openapi-{Unique.Letters()}.json");
        await File.WriteAllTextAsync(document, await app.ClientAs(null).GetStringAsync("/openapi/v1.json"));
        try
        {
            var (exit, output) = await RunAsync(Redocly(), ["lint", document, "--extends", "recommended", "--format", "json"]);
            using var report = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
            var problems = report.RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()} " +
                    $"{p.GetProperty("location")[0].GetProperty("pointer").GetString()}: {p.GetProperty("message").GetString()}")
                .ToList();

            Assert.True(exit == 0, string.Join('\n', problems));
            Assert.Equal(0, report.RootElement.GetProperty("totals").GetProperty("errors").GetInt32());
            Assert.All(problems, p => Assert.Contains(Justified, j => p.StartsWith("warn " + j + ":", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(document);
        }
    }

    private static string Redocly()
    {
        if (Environment.GetEnvironmentVariable("RAPPORT_REDOCLY") is { Length: > 0 } configured)
        {
            return configured;
        }

        var root = Repository.RootOrNull();
        var installed = root is null ? null : Path.Combine(root, "artifacts", "tools", "redocly", "node_modules", ".bin", "redocly");
        Assert.True(installed is not null && File.Exists(installed),
            "Redocly CLI is not installed: run scripts/test, or npm install --prefix artifacts/tools/redocly @redocly/cli, or set RAPPORT_REDOCLY.");
        return installed!;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        _ = await errors;
        return (process.ExitCode, await output);
    }
}
