using Rapport.Features.Customers;

namespace Rapport.UnitTests.Architecture;

/// <summary>
/// Which feature may use which is written down in feature-dependencies.txt and held by this test both ways: a use
/// not on the list fails (naming the types that cause it), and so does a listed use the code no longer has.
/// </summary>
public sealed class FeatureDependencyTests
{
    private const string Root = "Rapport.Features";
    private const string SampleRoot = "Rapport.UnitTests.Architecture.Samples";

    private static readonly Lazy<IReadOnlyList<FeatureUse>> Uses = new(() => FeatureGraph.Read(typeof(Customer).Assembly.Location, Root));

    private static FeatureAllowList AllowList() =>
        FeatureAllowList.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Architecture", "feature-dependencies.txt")));

    [Fact]
    public void Features_use_only_the_features_their_line_allows_and_every_allowed_use_is_real()
    {
        var problems = AllowList().Compare(Uses.Value);

        Assert.True(problems.Count == 0,
            "tests/Rapport.UnitTests/Architecture/feature-dependencies.txt does not match the code. A new use of another feature "
            + "should be a deliberate choice: prefer a small public service of the other feature, an event, or a seam owned by "
            + $"the user (see docs/architecture.md).{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void Conversations_know_no_channel()
    {
        // Channels plug into conversations through the seams Conversations owns (IReplyChannel, InboundMessage); never the other way.
        var reachIns = Uses.Value.Where(u => u.From == "Conversations" && u.To == "Channels").Select(u => $"{u.FromType} -> {u.ToType}").ToList();

        Assert.False(AllowList().Allows("Conversations", "Channels"), "feature-dependencies.txt must not allow Conversations -> Channels");
        Assert.Empty(reachIns);
    }

    [Fact]
    public void The_reader_sees_a_use_only_inside_a_lambda_a_generic_argument_or_an_async_method()
    {
        var uses = FeatureGraph.Read(typeof(FeatureDependencyTests).Assembly.Location, SampleRoot);

        Assert.Contains(new FeatureUse("Orders", "Billing", $"{SampleRoot}.Orders.OrderService", $"{SampleRoot}.Billing.Invoice"), uses);
        Assert.Contains(new FeatureUse("Billing", "Shipping", $"{SampleRoot}.Billing.Ledger", $"{SampleRoot}.Shipping.Parcel"), uses);
        Assert.Contains(new FeatureUse("Shipping", "Orders", $"{SampleRoot}.Shipping.Labels", $"{SampleRoot}.Orders.OrderService"), uses);
        Assert.Equal(3, uses.Select(u => (u.From, u.To)).Distinct().Count());
    }

    [Fact]
    public void A_use_not_on_the_list_fails_naming_the_types_and_the_line_to_write()
    {
        var uses = FeatureGraph.Read(typeof(FeatureDependencyTests).Assembly.Location, SampleRoot);
        var list = FeatureAllowList.Parse("Orders -> Billing\nBilling -> Shipping\n# Shipping -> Orders is a cycle, left off on purpose\n");

        var problem = Assert.Single(list.Compare(uses));

        Assert.Contains("Shipping -> Orders is not allowed", problem, StringComparison.Ordinal);
        Assert.Contains($"{SampleRoot}.Shipping.Labels -> {SampleRoot}.Orders.OrderService", problem, StringComparison.Ordinal);
        Assert.Contains("make the line read:  Shipping -> Orders", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allowed_use_the_code_no_longer_has_fails()
    {
        var uses = FeatureGraph.Read(typeof(FeatureDependencyTests).Assembly.Location, SampleRoot);
        var list = FeatureAllowList.Parse("Orders -> Billing, Shipping\nBilling -> Shipping\nShipping -> Orders\n");

        var problem = Assert.Single(list.Compare(uses));

        Assert.Contains("Orders -> Shipping is allowed but no longer used", problem, StringComparison.Ordinal);
        Assert.Contains("make the line read:  Orders -> Billing", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_list_of_the_samples_that_matches_passes()
    {
        var uses = FeatureGraph.Read(typeof(FeatureDependencyTests).Assembly.Location, SampleRoot);

        Assert.Empty(FeatureAllowList.Parse("Orders -> Billing\nBilling -> Shipping\nShipping -> Orders\n").Compare(uses));
    }

    [Fact]
    public void Only_the_notifier_creates_notifications()
    {
        // One writer: one rule for the text and one for who may be told (Notifications/Notifier.cs).
        var creators = FeatureGraph.Creators(typeof(Customer).Assembly.Location, typeof(Rapport.Features.Notifications.Notification).FullName!,
            "Rapport.Features.Notifications");

        Assert.Empty(creators);
    }

    [Fact]
    public void The_creator_check_sees_a_new_inside_a_lambda_of_another_feature()
    {
        Assert.Equal([$"{SampleRoot}.Orders.OrderService"],
            FeatureGraph.Creators(typeof(FeatureDependencyTests).Assembly.Location, $"{SampleRoot}.Billing.Invoice", $"{SampleRoot}.Billing"));
    }
}
