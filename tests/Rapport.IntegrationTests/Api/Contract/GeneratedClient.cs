using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.Kiota.Abstractions;

namespace Rapport.IntegrationTests.Api.Contract;

/// <summary>
/// A C# client generated from an OpenAPI document by Kiota (the repository's tool manifest: <c>dotnet tool restore</c>),
/// built as an integrator would build it — a project of its own referencing Kiota's runtime from NuGet — together with
/// the contract scenario (Api/Contract/Scenario), and loaded into this process. Built once per document and test run.
/// </summary>
public static class GeneratedClient
{
    private const string AssemblyName = "RapportContractClient";

    private static readonly string[] RuntimePackages =
    [
        "Microsoft.Kiota.Abstractions",
        "Microsoft.Kiota.Http.HttpClientLibrary",
        "Microsoft.Kiota.Serialization.Json",
        "Microsoft.Kiota.Serialization.Text",
        "Microsoft.Kiota.Serialization.Form",
        "Microsoft.Kiota.Serialization.Multipart",
    ];

    private static readonly ConcurrentDictionary<string, Lazy<Task<Assembly>>> Built = new();

    /// <summary>Runs the scenario of the client generated from <paramref name="document"/> with one adapter per caller.</summary>
    public static async Task RunScenarioAsync(string document, IReadOnlyDictionary<string, IRequestAdapter> callers)
    {
        var assembly = await Built.GetOrAdd(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document))),
            _ => new Lazy<Task<Assembly>>(() => BuildAsync(document))).Value;
        var run = assembly.GetType("RapportContract.ContractScenario")!.GetMethod("RunAsync")!;
        await (Task)run.Invoke(null, [callers])!;
    }

    private static async Task<Assembly> BuildAsync(string document)
    {
        var root = Repository.Root;
        var work = Directory.CreateTempSubdirectory("rapport-contract-").FullName;
        try
        {
            var description = Path.Combine(work, "openapi.json");
            await File.WriteAllTextAsync(description, document);

            // The tool manifest is found from the working directory, so Kiota runs in the repository.
            await RunAsync(root, "tool", "run", "kiota", "generate", "--language", "CSharp", "--openapi", description,
                "--output", Path.Combine(work, "Client"), "--namespace-name", "RapportClient", "--class-name", "RapportApi",
                "--exclude-backward-compatible", "--log-level", "Error");

            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Api", "Contract", "Scenario"), "*.cs"))
            {
                File.Copy(file, Path.Combine(work, Path.GetFileName(file)));
            }

            await File.WriteAllTextAsync(Path.Combine(work, $"{AssemblyName}.csproj"), Project(root));
            // Outside the repository, so none of its build settings apply: this is how a third party builds it.
            await RunAsync(work, "build", "-c", "Release", "-o", Path.Combine(work, "out"), "--nologo", "-v", "q",
                "-nodeReuse:false", "-p:UseSharedCompilation=false");

            await using var dll = File.OpenRead(Path.Combine(work, "out", $"{AssemblyName}.dll"));
            // Its own load context: the Kiota runtime it references comes from this test run's (the same versions).
            return new AssemblyLoadContext($"contract-{Path.GetFileName(work)}").LoadFromStream(dll);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A project referencing Kiota's runtime at the versions Directory.Packages.props names (already in the NuGet cache).</summary>
    private static string Project(string root)
    {
        var versions = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);
        var references = string.Concat(RuntimePackages.Select(p => $"""
                <PackageReference Include="{p}" Version="{versions[p]}" />

            """));
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <AssemblyName>{AssemblyName}</AssemblyName>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <GenerateDocumentationFile>false</GenerateDocumentationFile>
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
            </Project>
            """;
    }

    private static async Task RunAsync(string directory, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test host's MSBuild settings belong to the build that made it, not to this one.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        start.Environment["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true";
        start.Environment["KIOTA_CONSOLE_COLORS_ENABLED"] = "false";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await errors;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited {process.ExitCode}" +
            (text.Contains("kiota", StringComparison.OrdinalIgnoreCase) && text.Contains("tool", StringComparison.OrdinalIgnoreCase)
                ? " (is Kiota installed? run `dotnet tool restore` in the repository; scripts/test does)" : "") + $":\n{text}");
    }
}
