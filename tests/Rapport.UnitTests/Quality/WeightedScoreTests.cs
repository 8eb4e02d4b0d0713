using Rapport.Features.Quality;

namespace Rapport.UnitTests.Quality;

public sealed class WeightedScoreTests
{
    private static ReviewScore Score(int weight, Rating rating) => new() { Key = Guid.NewGuid().ToString("N"), Weight = weight, Rating = rating };

    [Fact]
    public void Met_counts_whole_partly_half_not_met_nothing_and_na_is_left_out_of_both_sides()
    {
        // (3×1 + 1×0 + 2×½) / (3 + 1 + 2) = 4/6; the n/a weight of 5 changes nothing.
        var score = Review.WeightedScore([Score(3, Rating.Met), Score(1, Rating.NotMet), Score(2, Rating.Partly), Score(5, Rating.NotApplicable)]);

        Assert.Equal(66.7, score);
    }

    [Fact]
    public void Every_item_na_has_no_score()
    {
        Assert.Null(Review.WeightedScore([Score(1, Rating.NotApplicable)]));
    }

    [Fact]
    public void The_draw_is_the_same_for_the_same_seed_and_takes_only_candidates()
    {
        var candidates = Enumerable.Range(0, 30).ToList();
        var seed = WeeklySample.Seed(new DateOnly(2026, 6, 1), Guid.Parse("0190a0a0-0000-7000-8000-000000000001"));

        var first = WeeklySample.Draw(candidates, 4, seed);

        Assert.Equal(first, WeeklySample.Draw(candidates, 4, seed));
        Assert.Equal(4, first.Distinct().Count());
        Assert.NotEqual(first, WeeklySample.Draw(candidates, 4, WeeklySample.Seed(new DateOnly(2026, 6, 8), Guid.Parse("0190a0a0-0000-7000-8000-000000000001"))));
        Assert.Equal([1, 2], WeeklySample.Draw([1, 2], 5, seed).Order());
    }
}
