using Rapport.Features.Loyalty;

namespace Rapport.UnitTests.Loyalty;

/// <summary>The risk-of-leaving score explains itself: whole-point factors that add up to it exactly, none past its weight.</summary>
public sealed class RiskScoreTests
{
    private static readonly RiskWeights Defaults = new(35, 20, 20, 10, 15);

    private static RiskWeights RandomWeights(Random r)
    {
        // Four cut points in 0..100 split 100 into five weights, some of them zero.
        var cuts = Enumerable.Range(0, 4).Select(_ => r.Next(0, 101)).Order().ToArray();
        return new RiskWeights(cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], cuts[3] - cuts[2], 100 - cuts[3]);
    }

    private static RiskSignals RandomSignals(Random r) => new(
        r.Next(4) == 0 ? null : r.NextDouble() * 2000,
        r.Next(3) == 0 ? null : r.NextDouble() * 400,
        r.Next(0, 5),
        r.Next(0, 4),
        r.Next(0, 7) / 6.0,
        r.Next(0, 5),
        (decimal)Math.Round(r.NextDouble() * 5000, 2),
        r.Next(3) == 0 ? 0 : (decimal)Math.Round(r.NextDouble() * 5000, 2));

    [Fact]
    public void The_factors_add_up_to_the_score_for_any_signals_and_weights()
    {
        var random = new Random(20261204);
        for (var i = 0; i < PropertyRuns.Iterations; i++)
        {
            var weights = RandomWeights(random);
            var signals = RandomSignals(random);

            var explained = RiskScore.Explain(signals, weights);

            Assert.Equal(explained.Score, explained.Factors.Sum(f => f.Points));
            Assert.InRange(explained.Score, 0, 100);
            Assert.All(explained.Factors, f => Assert.InRange(f.Points, 0, f.Weight));
            var exact = explained.Factors.Sum(f => (double)f.Points);
            Assert.True(Math.Abs(explained.Score - exact) < 1e-9);
        }
    }

    [Fact]
    public void The_score_is_the_rounded_sum_of_each_weight_times_its_share()
    {
        var random = new Random(7);
        for (var i = 0; i < PropertyRuns.Iterations; i++)
        {
            var exact = Enumerable.Range(0, 5).Select(_ => random.NextDouble() * 20).ToArray();

            var points = RiskScore.Apportion(exact);

            Assert.Equal((int)Math.Round(exact.Sum(), MidpointRounding.AwayFromZero), points.Sum());
            Assert.All(points.Zip(exact), p => Assert.InRange(p.First, Math.Floor(p.Second), Math.Ceiling(p.Second)));
        }
    }

    [Fact]
    public void A_customer_with_nothing_wrong_scores_zero_and_one_with_everything_wrong_scores_one_hundred()
    {
        var calm = RiskScore.Explain(new RiskSignals(10, 30, 0, 0, 0, 0, 100, 100), Defaults);
        var leaving = RiskScore.Explain(new RiskSignals(1000, 30, 3, 3, 1, 4, 0, 500), Defaults);

        Assert.Equal(0, calm.Score);
        Assert.Equal(100, leaving.Score);
        Assert.Equal([35, 20, 20, 10, 15], leaving.Factors.Select(f => f.Points));
    }

    [Fact]
    public void Going_quiet_counts_only_past_the_customers_usual_interval()
    {
        var usual = RiskScore.Explain(new RiskSignals(30, 30, 0, 0, 0, 0, 0, 0), Defaults);
        var twice = RiskScore.Explain(new RiskSignals(60, 30, 0, 0, 0, 0, 0, 0), Defaults);

        Assert.Equal(0, usual.Score);
        Assert.Equal(18, twice.Score); // half of the way to three times the usual gap: 35 × ½ = 17.5, rounded up
        Assert.Contains("usually every 30 days", twice.Factors[0].Detail, StringComparison.Ordinal);
    }
}
