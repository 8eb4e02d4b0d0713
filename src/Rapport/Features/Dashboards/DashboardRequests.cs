namespace Rapport.Features.Dashboards;

/// <summary>How a chart's days are grouped: by UTC day, ISO week (Monday to Sunday) or calendar month.</summary>
public enum ChartBucket { Day, Week, Month }

/// <summary>How the chart draws its series: lines (averages, levels) or bars side by side (counts).</summary>
public enum ChartShape { Line, Bar }

/// <summary>
/// One dashboard chart's numbers, exactly what it draws: a value per series per period. The periods cover the days
/// <c>From</c> to <c>To</c> (UTC, inclusive); the first and last are cut to the range. A null value is a period with
/// nothing to average. The CSV export writes the same numbers, one row per period.
/// </summary>
public sealed record ChartDto(string Chart, string Title, string Description, string Unit, ChartShape Shape, DateOnly From, DateOnly To,
    ChartBucket Bucket, Guid? TeamId, Guid? AgentId, DateTime? RolledUpTo, IReadOnlyList<ChartPeriodDto> Periods, IReadOnlyList<ChartSeriesDto> Series);

/// <summary>One period of a chart: its first and last day (UTC, inclusive).</summary>
public sealed record ChartPeriodDto(DateOnly From, DateOnly To);

/// <summary>One line or set of bars: a value for each period, in the chart's order.</summary>
public sealed record ChartSeriesDto(string Key, string Label, IReadOnlyList<double?> Values);

/// <summary>A chart the dashboards offer.</summary>
public sealed record ChartInfoDto(string Chart, string Title, string Description, string Unit, ChartShape Shape);

/// <summary>Whose numbers a person may choose: teams and agents.</summary>
public sealed record DashboardChoicesDto(bool Organisation, IReadOnlyList<ChoiceDto> Teams, IReadOnlyList<ChoiceDto> Agents);

public sealed record ChoiceDto(Guid Id, string Name);
