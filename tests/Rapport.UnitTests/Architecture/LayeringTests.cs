using System.Reflection;
using NetArchTest.Rules;
using Rapport.Features.Customers;

namespace Rapport.UnitTests.Architecture;

/// <summary>The shape ARCHITECTURE.md describes, held by tests rather than by good intentions.</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Host = typeof(Customer).Assembly;

    // Read once: each read parses the whole host with Mono.Cecil again, and a rule reads every method body it checks
    // (Cecil keeps what it has read), so one shared read turns seconds per rule into milliseconds. Rules only filter
    // it; the tests of one class run one after another, so nothing reads it concurrently.
    private static readonly Types All = Types.InAssembly(Host);

    private static void AssertHolds(TestResult result, string rule) =>
        Assert.True(result.IsSuccessful, $"{rule}: {string.Join(", ", result.FailingTypeNames ?? [])}");

    [Fact]
    public void Features_do_not_depend_on_the_cli()
    {
        AssertHolds(All.That().ResideInNamespace("Rapport.Features").ShouldNot().HaveDependencyOn("Rapport.Cli").GetResult(),
            "Features must not use the CLI");
    }

    [Fact]
    public void Feature_logic_does_not_depend_on_ui_components()
    {
        // Pages may use the shared layout and page base; services, entities and endpoints may not.
        AssertHolds(All.That().ResideInNamespace("Rapport.Features").And().DoNotResideInNamespaceMatching(@"\.Pages$")
            .ShouldNot().HaveDependencyOn("Rapport.Components").GetResult(),
            "Feature logic must not use Rapport.Components");
    }

    [Fact]
    public void The_rules_see_real_dependencies_on_this_runtime()
    {
        // Guards the guards: a page does use the shared page base, so a rule without the Pages exclusion must fail.
        var result = All.That().ResideInNamespace("Rapport.Features").ShouldNot().HaveDependencyOn("Rapport.Components").GetResult();

        Assert.False(result.IsSuccessful);
        Assert.Contains(result.FailingTypeNames, n => n.EndsWith(".Pages.CustomerList", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_entry_point_uses_the_cli()
    {
        AssertHolds(All.That().DoNotResideInNamespace("Rapport.Cli").And().DoNotHaveName("Program")
            .ShouldNot().HaveDependencyOn("Rapport.Cli").GetResult(),
            "Only Program may call the CLI");
    }

    [Fact]
    public void Api_plumbing_does_not_know_about_features()
    {
        foreach (var ns in new[] { "Rapport.Infrastructure.Api", "Rapport.Infrastructure.Problems", "Rapport.Infrastructure.Time", "Rapport.Infrastructure.Csv" })
        {
            AssertHolds(All.That().ResideInNamespace(ns).ShouldNot().HaveDependencyOn("Rapport.Features").GetResult(),
                $"{ns} must not depend on features");
        }
    }

    [Fact]
    public void Nothing_outside_the_ui_depends_on_blazor_components_of_the_host()
    {
        AssertHolds(All.That().ResideInNamespace("Rapport.Infrastructure").ShouldNot().HaveDependencyOn("Rapport.Components").GetResult(),
            "Infrastructure must not use Rapport.Components");
    }

    [Fact]
    public void A_feature_does_not_reach_into_another_features_endpoints()
    {
        // Features talk through small public services or events; endpoint classes are only mapped by the host.
        var endpointClasses = Host.GetTypes().Where(t => t.Namespace?.StartsWith("Rapport.Features.", StringComparison.Ordinal) == true
            && t.Name.EndsWith("Endpoints", StringComparison.Ordinal) && !t.IsNested);
        foreach (var endpoints in endpointClasses)
        {
            AssertHolds(All.That().ResideInNamespace("Rapport.Features").And().DoNotResideInNamespace(endpoints.Namespace!)
                .ShouldNot().HaveDependencyOn(endpoints.FullName!).GetResult(),
                $"Only {endpoints.Namespace} and the host may use {endpoints.Name}");
        }
    }

    [Fact]
    public void Every_csv_reader_and_writer_applies_the_csv_injection_rule()
    {
        // A new export or import that reads or writes CSV must escape and unescape its cells with CsvCells (OWASP CSV injection).
        var csvUsers = All.That().HaveDependencyOn("CsvHelper").And().DoNotResideInNamespace("Rapport.Infrastructure.Csv")
            .And().DoNotHaveNameMatching("^<").GetTypes().ToList();

        Assert.Contains(csvUsers, t => t.Name == "CustomerCsv"); // the rule sees the one CSV feature there is
        AssertHolds(All.That().HaveDependencyOn("CsvHelper").And().DoNotResideInNamespace("Rapport.Infrastructure.Csv")
            .And().DoNotHaveNameMatching("^<").Should().HaveDependencyOn("Rapport.Infrastructure.Csv").GetResult(),
            "CSV readers and writers must use CsvCells");
    }

    [Fact]
    public void Entities_are_not_request_bodies()
    {
        // Never bind an EF entity as a request body: no endpoint handler takes an entity type as a parameter.
        var entities = new[] { typeof(Customer), typeof(ContactPoint), typeof(CustomerNote), typeof(ConfidentialDetail) };
        var handlers = Host.GetTypes().Where(t => t.Name.EndsWith("Endpoints", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.ReturnType.Name != "IEndpointRouteBuilder");
        var offenders = handlers.Where(m => m.GetParameters().Any(p => entities.Contains(p.ParameterType)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();

        Assert.Empty(offenders);
    }
}
